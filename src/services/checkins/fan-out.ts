/**
 * A check-in firing becomes one delivery row per member (unique per occurrence and member) and one outbox job
 * per delivery still to send. Safe to run again for the same occurrence: rows that exist stay as they are, and
 * a send job for a delivery already sent finds nothing to claim.
 */
import { BATCH_MAX, batches, batchJobId, intoBatches } from '../../delivery/batch.js';
import { getCadence } from '../../store/cadence.repository.js';
import {
  type NewDelivery,
  deliveriesWithoutPrompt,
  deliveryCounts,
  finishRoundsIfDone,
  insertDeliveries,
  openDeliveryIds,
  promptHistories,
  setDeliveryPrompts,
  skipStoppedDeliveries,
} from '../../store/checkin.repository.js';
import { isPaused, type Member } from '../../store/member.repository.js';
import type { PromptLibrary } from '../../core/checkins/index.js';
import { choosePromptFor } from './prompt-for.js';
import type { RoundFactsCache } from './round-facts.js';
import { finishOccurrence, getOccurrence, markRoundQueued } from '../../store/occurrence.repository.js';
import { getWorkspace, type Workspace } from '../../store/workspace.repository.js';
import type { StoredAudience } from '../cadences/cadence-service.js';
import type { ServiceContext } from '../context.js';
import { audienceMembers } from '../audience/audience-members.js';
import { stoppedMemberIds } from '../members/suppression.js';
import { CHECKIN_OUTBOX, CHECKIN_TASKS, FAN_OUT_CHUNK } from './job-names.js';
import { SCHEDULE_TASKS } from '../cadences/schedule-jobs.js';
import { effectiveZone, inQuietHours } from './quiet-hours.js';

export interface FanOutData {
  occurrenceId: number;
  /** Only for `checkin now`, which has no cadence row to read the audience from. Ids only. */
  audience?: StoredAudience;
}

export function workspaceKey(workspace: Pick<Workspace, 'platform' | 'external_id'>): string {
  return `${workspace.platform}:${workspace.external_id}`;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Choose the prompt of every open delivery of the round, a chunk at a time (one history query and one insert per
 * chunk, rather than two round trips per send). A send whose prompt is still not chosen chooses it itself.
 */
async function choosePrompts(
  ctx: ServiceContext,
  occurrenceId: number,
  workspaceId: string,
  members: readonly Member[],
  prompts: { base: PromptLibrary; rounds: RoundFactsCache },
): Promise<void> {
  const round = await prompts.rounds.facts(occurrenceId, workspaceId);
  if (!round) return;
  const byId = new Map(members.map((m) => [m.id, m]));
  const now = ctx.clock.now();
  for (const chunk of chunks(await deliveriesWithoutPrompt(ctx.db, occurrenceId), FAN_OUT_CHUNK)) {
    const histories = await promptHistories(
      ctx.db,
      chunk.map((d) => d.memberId),
    );
    const chosen = [];
    for (const d of chunk) {
      const member = byId.get(d.memberId);
      if (!member) continue;
      const prompt = choosePromptFor(
        ctx,
        prompts.base,
        round.library,
        member,
        histories.get(d.memberId) ?? [],
      );
      chosen.push({ deliveryId: d.id, promptId: prompt.id });
    }
    await setDeliveryPrompts(ctx.db, chosen, now);
  }
}

/** Run one fan-out (the `checkin.fanout` task). */
export async function fanOut(
  ctx: ServiceContext,
  data: FanOutData,
  prompts?: { base: PromptLibrary; rounds: RoundFactsCache },
): Promise<void> {
  const occurrence = await getOccurrence(ctx.db, data.occurrenceId);
  if (!occurrence || occurrence.status === 'skipped') return;
  const workspace = await getWorkspace(ctx.db, occurrence.workspace_id);
  const cadence =
    occurrence.cadence_id !== null ? await getCadence(ctx.db, occurrence.cadence_id) : undefined;
  const audience = data.audience ?? (cadence?.audience as StoredAudience | undefined);
  if (!workspace?.active || !audience) {
    await finishOccurrence(ctx.db, occurrence.id, 'skipped', ctx.clock.now());
    return;
  }

  const now = ctx.clock.now();
  const { members, created } = await audienceMembers(ctx, workspace, audience);
  if (created > 0) {
    // New people may live in zones no scheduler serves yet (local cadences).
    await ctx.jobs
      .enqueueTask(SCHEDULE_TASKS.reconcile, {}, { jobId: `reconcile-after-fanout-${occurrence.id}` })
      .catch(() => {});
  }
  // A `local` cadence fires once per member zone: this firing reaches only the people living in its zone.
  const inZone =
    cadence?.zone === 'local' && occurrence.zone !== ''
      ? members.filter((m) => effectiveZone(m, workspace) === occurrence.zone)
      : members;
  // A person who said `stop` (or "Not for me") is not in any audience: no delivery row, nothing sent.
  const stopped = await stoppedMemberIds(ctx.db, ctx.people, workspace, inZone);
  const reached = inZone.filter((m) => !stopped.has(m.id));

  const rows: NewDelivery[] = reached.map((m) => {
    if (isPaused(m, now)) return { memberId: m.id, status: 'skipped', skipReason: 'paused' };
    if (inQuietHours(m, effectiveZone(m, workspace), now)) {
      // Skipped for this occurrence, never held back for a later burst.
      return { memberId: m.id, status: 'skipped', skipReason: 'quiet hours' };
    }
    return { memberId: m.id, status: 'pending' };
  });
  for (const chunk of chunks(rows, FAN_OUT_CHUNK)) await insertDeliveries(ctx.db, occurrence.id, chunk);
  // A `stop` that landed between the read above and the rows being written found no row of this round to skip
  // (`stop` skips the rows that exist, `skipStoppedDeliveries`): read the stops again now that the rows exist.
  // The send itself does not look again; its claim takes only rows still open.
  const stoppedSince = await stoppedMemberIds(ctx.db, ctx.people, workspace, reached);
  await skipStoppedDeliveries(ctx.db, [...stoppedSince], occurrence.id);

  if (prompts) await choosePrompts(ctx, occurrence.id, workspace.id, reached, prompts);
  const ids = await openDeliveryIds(ctx.db, occurrence.id);
  const envelope = { workspaceKey: workspaceKey(workspace), platform: workspace.platform };
  if (batches(ctx.jobs.budgetOf(workspace.platform))) {
    // A job per twenty check-ins, sent one budget interval apart (src/delivery/batch.ts).
    const jobs = intoBatches(ids).map((batch) => ({
      data: { ...envelope, ids: batch, sends: batch.length },
      jobId: checkinBatchJobId(occurrence.id, batch[0]!),
    }));
    for (const chunk of chunks(jobs, FAN_OUT_CHUNK / BATCH_MAX)) {
      await ctx.jobs.enqueueOutboxBulk(CHECKIN_OUTBOX.sendMany, chunk);
    }
  } else {
    for (const chunk of chunks(ids, FAN_OUT_CHUNK)) {
      await ctx.jobs.enqueueOutboxBulk(
        CHECKIN_OUTBOX.send,
        chunk.map((deliveryId) => ({ data: { ...envelope, deliveryId }, jobId: `delivery-${deliveryId}` })),
      );
    }
  }

  const counts = (await deliveryCounts(ctx.db, [occurrence.id])).get(occurrence.id)!;
  await markRoundQueued(ctx.db, occurrence.id, counts.total);
  await finishIfDone(ctx, occurrence.id);

  // One gentle reminder, counted from the scheduled time.
  const dueAt = occurrence.scheduled_for.getTime() + workspace.reminder_delay_minutes * 60_000;
  await ctx.jobs.enqueueTask(
    CHECKIN_TASKS.remind,
    { occurrenceId: occurrence.id, dueAt },
    { jobId: `remind-${occurrence.id}`, delayMs: Math.max(0, dueAt - now.getTime()) },
  );
  ctx.logger.info(
    { occurrence: occurrence.id, total: counts.total, skipped: counts.skipped },
    'check-in fan-out enqueued',
  );
}

/** The batch job that holds delivery `deliveryId` of round `occurrenceId` (`src/delivery/batch.ts`). */
export function checkinBatchJobId(occurrenceId: number, deliveryId: number): string {
  return batchJobId('checkins', occurrenceId, deliveryId);
}

/** Mark an occurrence done once none of its deliveries is still waiting to be sent. */
export async function finishIfDone(ctx: ServiceContext, occurrenceId: number): Promise<void> {
  await finishRoundsIfDone(ctx.db, { ids: [occurrenceId] }, ctx.clock.now());
}
