/**
 * The check-in message kinds the delivery engine sends (`src/delivery/engine.ts`): the check-in itself, the one
 * reminder, the private support message and the admin's preview. Each says how its row is claimed, how the
 * message is rendered, and what a success or a failure means for that row; the engine does the sending.
 *
 * - The check-in is claimed ('sending') before it is sent and marked after. A worker that crashes between the
 *   platform's acceptance and the mark leaves it 'sending', and the retried job sends it once more (the bounded
 *   duplicate). The sweep sends again what Redis lost, and gives up rows of rounds older than two days.
 * - The support message is marked done after it is sent, so neither a lost job nor a crash loses it (it matters
 *   more than a rare second copy); the sweep finds very low answers whose support message is not done.
 * - The reminder is claimed before it is sent: at most one, ever. A crash in between loses that one reminder, and
 *   the sweep does not send it again (a second nudge would break the promise of one).
 * - The preview has no row: an admin who does not see it says `checkin now` again.
 */
import {
  LOW_CAPACITY_MAX,
  type PromptLibrary,
  checkinMessage,
  choosePrompt,
  findPrompt,
  findSendablePrompt,
  lowCapacityMessage,
  reminderMessage,
} from '../../core/checkins/index.js';
import type { Message } from '../../core/messages/message.js';
import { showCrisisLines } from '../../core/messages/support.js';
import type { Claimed, MessageKind } from '../../delivery/engine.js';
import { errorName } from '../../errors.js';
import type { OutboxEnvelope } from '../../jobs/job-types.js';
import {
  claimDeliveries,
  claimDelivery,
  claimReminder,
  deliveryPrompt,
  failLostDeliveries,
  finishRoundsIfDone,
  getDelivery,
  isAnswered,
  markCheckinSent,
  markDelivery,
  markSupportDone,
  openDeliveriesOfRounds,
  OTHERS_OPEN_CAP,
  releaseReminder,
  setDeliveryPrompt,
  supportDone,
  supportOwed,
} from '../../store/checkin.repository.js';
import { getMember, isPaused, type Member } from '../../store/member.repository.js';
import { getWorkspace, type Workspace } from '../../store/workspace.repository.js';
import type { ServiceContext } from '../context.js';
import { isStopped } from '../members/suppression.js';
import { checkinBatchJobId, finishIfDone, workspaceKey } from './fan-out.js';
import { CHECKIN_OUTBOX, DAY_MS } from './job-names.js';
import { effectiveZone, inQuietHours, msUntilQuietEnds } from './quiet-hours.js';
import { markSaidWeDidShown, saidWeDidFor } from './report-response.js';
import { owedJobs } from './owed-jobs.js';
import { choosePromptFor } from './prompt-for.js';
import { type RoundFacts, RoundFactsCache } from './round-facts.js';
import { libraryForWorkspace } from './workspace-library.js';

/** A round's jobs are left alone this long after its time (and an answer's support this long after it). */
export const SETTLE_MS = 10 * 60_000;
/** Rows owed for longer than this are given up (check-ins) or no longer looked at (support). */
export const GIVE_UP_MS = 2 * DAY_MS;

/** Who a check-in message goes to, as the engine needs it. */
function toMember(workspace: Workspace, member: Member): Claimed {
  return { workspace, to: { memberId: member.id, userId: member.external_id } };
}

/** The envelope of a job for this workspace: its throttle bucket and platform. */
function envelope(workspace: Pick<Workspace, 'platform' | 'external_id'>): OutboxEnvelope {
  return { workspaceKey: workspaceKey(workspace), platform: workspace.platform };
}

/**
 * The prompt of a delivery: chosen once, from the member's history, then kept for every attempt. `workspaceLib` is
 * the library as the member's workspace sees it (its own prompts in, paused ones out); `chosen`, the prompt an
 * earlier attempt recorded.
 */
async function promptFor(
  ctx: ServiceContext,
  base: PromptLibrary,
  workspaceLib: PromptLibrary,
  deliveryId: number,
  member: Member,
  chosen: string | undefined,
  history: readonly string[],
) {
  const choose = (h: readonly string[]) => choosePromptFor(ctx, base, workspaceLib, member, h);
  let id = chosen;
  if (!id) {
    id = await setDeliveryPrompt(ctx.db, deliveryId, choose(history).id, ctx.clock.now());
  }
  // A prompt retired (or paused) since it was chosen: show another, keep the recorded id (rotation ignores it).
  return findSendablePrompt(workspaceLib, id) ?? choose([]);
}

/** A claimed check-in row as the store returns it. */
type Claimed1 = NonNullable<Awaited<ReturnType<typeof claimDelivery>>> & { deliveryId: number };

interface CheckinClaim extends Claimed {
  deliveryId: number;
  occurrenceId: number;
  member: Member;
  workspace: Workspace;
  round: RoundFacts;
  /** The prompt an earlier attempt chose, if any. */
  promptId?: string;
  /** The person's prompt history, read with the claim when no prompt is chosen yet. */
  history: string[];
  /** Set by `render`, used by `sent`: what the message showed once. */
  welcomed?: boolean;
  saidWeDidWeeks?: string[];
}

/** `checkin.send`: one check-in DM for one delivery row. */
export function checkinKind(
  ctx: ServiceContext,
  library: PromptLibrary,
  rounds: RoundFactsCache = new RoundFactsCache(ctx, library),
): MessageKind<{ deliveryId: number }, CheckinClaim> {
  /** A claimed row as the engine sends it, or undefined when it is skipped now (and then marked so). */
  async function sendable(claimed: Claimed1): Promise<CheckinClaim | undefined> {
    const { member, occurrenceId, deliveryId } = claimed;
    const round = await rounds.facts(occurrenceId, member.workspace_id);
    if (!round) return undefined;
    const workspace = round.workspace;
    const now = ctx.clock.now();
    // A `stop` needs no look here: it skips the person's queued rows itself, and a claim takes only open rows.
    const skip = !workspace.active
      ? 'workspace inactive'
      : isPaused(member, now)
        ? 'paused'
        : inQuietHours(member, effectiveZone(member, workspace), now)
          ? 'quiet hours'
          : undefined;
    if (skip) {
      // A send parked past its moment (rate limits) is skipped, never delivered into quiet hours or a pause.
      // Not counted in /metrics: a skip is someone's pause or quiet hours (see src/metrics.ts).
      await markDelivery(ctx.db, deliveryId, { status: 'skipped', skipReason: skip });
      await finishIfDone(ctx, occurrenceId);
      return undefined;
    }
    return {
      ...toMember(workspace, member),
      workspace,
      deliveryId,
      occurrenceId,
      member,
      round,
      promptId: claimed.promptId,
      history: claimed.history,
    };
  }
  return {
    job: CHECKIN_OUTBOX.send,
    metric: 'checkin',
    missed: 'checkin',
    async claim(data) {
      const claimed = await claimDelivery(ctx.db, data.deliveryId);
      // Sent, skipped or failed already; or the person was forgotten.
      return claimed && (await sendable({ ...claimed, deliveryId: data.deliveryId }));
    },
    batch: {
      job: CHECKIN_OUTBOX.sendMany,
      async claim(data) {
        const out: CheckinClaim[] = [];
        for (const claimed of await claimDeliveries(ctx.db, data.ids)) {
          const c = await sendable(claimed);
          if (c) out.push(c);
        }
        return out;
      },
    },
    async render(c) {
      const { member, workspace, round } = c;
      const prompt = await promptFor(
        ctx,
        library,
        round.library,
        c.deliveryId,
        member,
        c.promptId,
        c.history,
      );
      // The first check-in a person gets opens with the welcome (docs/CONSENT.md); until they answer it, every
      // check-in shows the stop choice. A person with no role who has not answered the welcome's role question
      // is asked it there, once.
      const welcome =
        member.welcomed_at === null
          ? { howOften: round.howOften, askBand: member.band === null && member.band_answered_at === null }
          : undefined;
      // "You said, we did": the admins' answer to a week this person was sent a check-in in, once, on top.
      const saidWeDid = round.hasWeekAnswers
        ? await saidWeDidFor(ctx, workspace, member)
        : { weeks: [], texts: [] };
      c.welcomed = welcome !== undefined;
      c.saidWeDidWeeks = saidWeDid.weeks;
      return {
        message: checkinMessage({
          saidWeDid: saidWeDid.texts,
          prompt,
          signpost: workspace.signpost ?? undefined,
          deliveryId: String(c.deliveryId),
          k: workspace.k,
          crisisLines: showCrisisLines(workspace),
          welcome,
          stopChoice: member.checkins_consent !== 'yes',
          scale: member.energy_scale,
        }),
      };
    },
    async sent(c, ref) {
      const now = ctx.clock.now();
      // Marked sent, welcomed, and the round finished if this was its last row: one round trip. Near a round's
      // end, rows finishing together may each have counted the others: look once more, as things are now.
      const othersOpen = await markCheckinSent(ctx.db, c.deliveryId, {
        messageRef: { ...ref },
        sentAt: now,
        occurrenceId: c.occurrenceId,
        welcomedMemberId: c.welcomed ? c.member.id : undefined,
      });
      if (othersOpen > 0 && othersOpen <= OTHERS_OPEN_CAP) await finishIfDone(ctx, c.occurrenceId);
      await markSaidWeDidShown(ctx, c.workspace, c.member, c.saidWeDidWeeks ?? []);
    },
    async retry(c, outcome, error) {
      await markDelivery(
        ctx.db,
        c.deliveryId,
        outcome.kind === 'rate-limited'
          ? { status: 'rate-limited', error: 'rate limited' }
          : { status: 'pending', error: errorName(error) },
      );
    },
    async undelivered(c, outcome, error) {
      // Permanent, or "maybe delivered" (never sent again, so nobody gets it twice).
      const reason = outcome.kind === 'permanent' ? outcome.reason : outcome.kind;
      await markDelivery(ctx.db, c.deliveryId, { status: 'failed', error: `${errorName(error)}: ${reason}` });
      await finishIfDone(ctx, c.occurrenceId);
    },
    /**
     * Open deliveries of rounds from the last two days, scheduled at least {@link SETTLE_MS} ago. A worker killed
     * between claim and mark is BullMQ's stalled-job recovery (the claim accepts a 'sending' row); what the sweep
     * adds is a job Redis no longer has (a flush, a failover to an empty replica, a job removed by hand).
     */
    async owed(now) {
      const open = await openDeliveriesOfRounds(
        ctx.db,
        new Date(now.getTime() - GIVE_UP_MS),
        new Date(now.getTime() - SETTLE_MS),
      );
      // A row may be held by its fan-out's batch job or by a job of its own (a retry, an earlier sweep); one lost
      // is enqueued again as a job of its own.
      return owedJobs(ctx, open, (d: { id: number; occurrenceId: number }) => ({
        jobId: `delivery-${d.id}`,
        data: { deliveryId: d.id },
        heldBy: checkinBatchJobId(d.occurrenceId, d.id),
      }));
    },
    /**
     * Open rows of rounds older than two days are given up (`failed`, `lost`), and their rounds finished. Rounds
     * of the last two days with nothing left open are finished too: two last rows marked at the same moment can
     * each see the other open (`markCheckinSent`).
     */
    async giveUp(now) {
      const rounds = await failLostDeliveries(ctx.db, new Date(now.getTime() - GIVE_UP_MS));
      await finishRoundsIfDone(ctx.db, { ids: rounds }, now);
      await finishRoundsIfDone(ctx.db, { since: new Date(now.getTime() - GIVE_UP_MS) }, now);
      return rounds.length;
    },
  };
}

interface MemberClaim extends Claimed {
  member: Member;
  workspace: Workspace;
  deliveryId: number;
}

/** `checkin.reminder`: the one gentle reminder, only to a non-responder, never in their quiet hours. */
export function reminderKind(
  ctx: ServiceContext,
  library: PromptLibrary,
): MessageKind<{ deliveryId: number }, MemberClaim & { promptId: string }> {
  return {
    job: CHECKIN_OUTBOX.reminder,
    // Sent only to people who did not answer: never counted or recorded as missed (src/metrics.ts).
    metric: null,
    missed: null,
    async claim(data) {
      const deliveryId = data.deliveryId;
      const delivery = await getDelivery(ctx.db, deliveryId);
      if (delivery?.status !== 'sent' || (await isAnswered(ctx.db, deliveryId))) return undefined;
      const member = await getMember(ctx.db, delivery.member_id);
      const workspace = member && (await getWorkspace(ctx.db, member.workspace_id));
      if (!member || !workspace?.active) return undefined;
      const now = ctx.clock.now();
      if (isPaused(member, now)) return undefined;
      if (await isStopped(ctx.db, ctx.people, workspace, member.external_id)) return undefined;
      const wait = msUntilQuietEnds(member, effectiveZone(member, workspace), now);
      if (wait > 0) {
        // Not during quiet hours: try again when they end.
        await ctx.jobs.enqueueOutbox(CHECKIN_OUTBOX.reminder, data, {
          jobId: `reminder-${deliveryId}-${now.getTime() + wait}`,
          delayMs: wait,
        });
        return undefined;
      }
      const promptId = await deliveryPrompt(ctx.db, deliveryId);
      if (!promptId || !(await claimReminder(ctx.db, deliveryId, now))) return undefined;
      return { ...toMember(workspace, member), workspace, member, deliveryId, promptId };
    },
    async render(c) {
      const workspaceLib = await libraryForWorkspace(ctx, library, c.workspace.id);
      const prompt = findPrompt(workspaceLib, c.promptId) ?? {
        text: 'How are you finding things at the moment?',
      };
      return {
        message: reminderMessage({
          prompt,
          signpost: c.workspace.signpost ?? undefined,
          deliveryId: String(c.deliveryId),
          k: c.workspace.k,
          crisisLines: showCrisisLines(c.workspace),
          stopChoice: c.member.checkins_consent !== 'yes',
          scale: c.member.energy_scale,
        }),
      };
    },
    async sent() {},
    async retry(c) {
      await releaseReminder(ctx.db, c.deliveryId);
    },
  };
}

/** `checkin.support`: the private message after a very low answer. Goes to that person only. */
export function supportKind(ctx: ServiceContext): MessageKind<{ deliveryId: number }, MemberClaim> {
  const done = async (c: MemberClaim) => {
    await markSupportDone(ctx.db, c.deliveryId, ctx.clock.now());
  };
  return {
    job: CHECKIN_OUTBOX.support,
    // Follows from one very low answer: never counted or recorded as missed (src/metrics.ts).
    metric: null,
    missed: null,
    async claim(data) {
      const deliveryId = data.deliveryId;
      const delivery = await getDelivery(ctx.db, deliveryId);
      if (!delivery || (await supportDone(ctx.db, deliveryId))) return undefined;
      const member = await getMember(ctx.db, delivery.member_id);
      const workspace = member && (await getWorkspace(ctx.db, member.workspace_id));
      if (!member || !workspace?.active) return undefined;
      return { ...toMember(workspace, member), workspace, member, deliveryId };
    },
    async render(c) {
      return {
        message: lowCapacityMessage({
          signpost: c.workspace.signpost ?? undefined,
          crisisLines: showCrisisLines(c.workspace),
        }),
      };
    },
    sent: done,
    undelivered: done,
    /** Very low answers of the last two days, given at least {@link SETTLE_MS} ago, whose message is not done. */
    async owed(now) {
      const rows = await supportOwed(
        ctx.db,
        LOW_CAPACITY_MAX,
        new Date(now.getTime() - GIVE_UP_MS),
        new Date(now.getTime() - SETTLE_MS),
      );
      return owedJobs(ctx, rows, (r: { deliveryId: number }) => ({
        jobId: `support-${r.deliveryId}`,
        data: { deliveryId: r.deliveryId },
      }));
    },
  };
}

export const PREVIEW_VALUE = 'preview';
export const PREVIEW_LINE =
  'Preview: this is what people receive. The buttons here do nothing, and nothing you type is saved.';

/** `checkin.preview`: what a check-in looks like, to the admin who said `checkin now`. */
export function previewKind(
  ctx: ServiceContext,
  library: PromptLibrary,
): MessageKind<{ memberId: string }, Omit<MemberClaim, 'deliveryId'>> {
  return {
    job: CHECKIN_OUTBOX.preview,
    metric: 'checkin-preview',
    missed: null,
    async claim(data) {
      const member = await getMember(ctx.db, data.memberId);
      const workspace = member && (await getWorkspace(ctx.db, member.workspace_id));
      if (!member || !workspace?.active) return undefined;
      return { ...toMember(workspace, member), workspace, member };
    },
    async render({ member, workspace }) {
      const band = (member.band ?? undefined) as Parameters<typeof choosePrompt>[1];
      const workspaceLib = await libraryForWorkspace(ctx, library, workspace.id);
      const prompt = choosePrompt(workspaceLib, band, [], () => ctx.random.next());
      const inner = checkinMessage({
        prompt,
        signpost: workspace.signpost ?? undefined,
        deliveryId: PREVIEW_VALUE,
        k: workspace.k,
        crisisLines: showCrisisLines(workspace),
      });
      const message: Message = {
        text: `${PREVIEW_LINE} ${inner.text}`,
        blocks: [{ type: 'text', text: PREVIEW_LINE }, ...inner.blocks],
      };
      return { message };
    },
    async sent() {},
  };
}

/** The outbox job for a support message (enqueued by the answer handler). */
export function supportJob(
  workspace: Workspace,
  deliveryId: number,
): { data: OutboxEnvelope & { deliveryId: number }; jobId: string } {
  return { data: { ...envelope(workspace), deliveryId }, jobId: `support-${deliveryId}` };
}
