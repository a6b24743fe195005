/**
 * Deliveries that did not arrive: every sender reports its failure here (`noteSendFailure`), and `status` shows
 * admins how many people missed a message in the last 30 days, and why, under the disclosure rule.
 *
 * What an admin can learn: for each reason, a count of distinct people, shown only when at least k people are in
 * it, rounded to 5, each person counted once (under their latest reason), with no total to subtract from. So
 * "blocked" never points at the one colleague who blocked the bot. Channel posts (digests) are not people and
 * are counted as posts. Which kind of message was missed is kept for operators in the row, never shown: a missed
 * reminder or support message would say who did not answer, or answered low, so those are not recorded at all.
 */
import { countWords, disclosePeople, roundingNote } from '../core/anonymity/disclosure.js';
import { missesSince, recordMiss } from '../store/delivery-miss.repository.js';
import type { ServiceContext } from '../services/context.js';
import {
  classifyOutcome,
  type DeliveryOutcome,
  MISSED_REASON_WORDS,
  MISSED_REASONS,
  type MissedReason,
  missedReason,
} from './outcome.js';

/** How far back `status` looks. The daily sweep deletes older rows. */
export const MISSED_WINDOW_DAYS = 30;

/** The message kinds as they are recorded (never shown): one word per feature. */
export type MissedKind = 'checkin' | 'digest' | 'session' | 'pairing';

/**
 * Classify a send's failure and, when it is a miss (permanent, or maybe delivered), record it. Returns the
 * outcome so the sender decides what to do with its own row (retry, mark failed).
 */
export async function noteSendFailure(
  ctx: ServiceContext,
  /** `kind` null: classified only, never recorded (the record would say something about the person). */
  miss: { workspaceId: string; kind: MissedKind | null; memberId: string | null; error: unknown },
): Promise<DeliveryOutcome> {
  const outcome = classifyOutcome(miss.error);
  const reason = missedReason(outcome);
  if (reason && miss.kind) {
    await recordMiss(ctx.db, {
      workspaceId: miss.workspaceId,
      kind: miss.kind,
      memberId: miss.memberId,
      reason,
      at: ctx.clock.now(),
    });
  }
  return outcome;
}

/**
 * The lines `status` shows about missed deliveries: every reason, always, each a count of distinct people (each
 * person once, under their latest reason) shown only when at least k people are in it, rounded; no total. So a
 * reason with nobody in it reads the same as one with one person ("fewer than 5"), and two reads around one
 * person's change (say, blocking the bot) are the same unless a count crosses k.
 */
export async function missedStatusLines(
  ctx: ServiceContext,
  workspace: { id: string; k: number },
): Promise<string[]> {
  const since = new Date(ctx.clock.now().getTime() - MISSED_WINDOW_DAYS * 24 * 60 * 60 * 1000);
  const misses = await missesSince(ctx.db, workspace.id, since);
  const latest = new Map<string, MissedReason>();
  for (const m of misses) if (m.memberId !== null) latest.set(m.memberId, m.reason);
  const lines = [`Not delivered in the last ${MISSED_WINDOW_DAYS} days, people per reason:`];
  for (const reason of MISSED_REASONS) {
    const people = [...latest].filter(([, r]) => r === reason).map(([person]) => person);
    lines.push(
      `- ${MISSED_REASON_WORDS[reason]}: ${countWords(disclosePeople(people, workspace.k), workspace.k)}`,
    );
  }
  lines.push(`  ${roundingNote(workspace.k)}`);
  const posts = misses.filter((m) => m.memberId === null);
  if (posts.length > 0) {
    const byReason = new Map<MissedReason, number>();
    for (const p of posts) byReason.set(p.reason, (byReason.get(p.reason) ?? 0) + 1);
    const parts = [...byReason].map(([reason, n]) => `${MISSED_REASON_WORDS[reason]}: ${n}`);
    lines.push(
      `Channel posts not delivered in the last ${MISSED_WINDOW_DAYS} days: ${posts.length} (${parts.join('; ')})`,
    );
  }
  return lines;
}
