/**
 * The check-in delivery sweep (every 5 minutes): finds deliveries lost between claim and mark and sends them.
 *
 * A worker killed between claiming a delivery ('sending') and marking it is covered by BullMQ itself: the job's
 * lock expires, the job runs again, and the claim accepts a 'sending' row. What BullMQ cannot cover is a job that
 * Redis no longer has (a flush, a failover to an empty replica, a job removed by hand): its row stays open and
 * nobody would ever send it. The sweep looks at the open deliveries of rounds from the last two days, scheduled at
 * least {@link SETTLE_MS} ago, asks the outbox which of their jobs still exist in any state, and enqueues again
 * (same job id, `delivery-<id>`) only those Redis has lost, so a sweep never runs beside a job still there. Rows of
 * rounds older than two days that are still open are given up (`failed`, `lost`), and their rounds finished.
 */
import type { ServiceContext } from '../context.js';
import { getWorkspace } from '../../store/workspace.repository.js';
import { failLostDeliveries, openDeliveriesOfRounds } from '../../store/checkin.repository.js';
import { finishIfDone, workspaceKey } from './fan-out.js';
import { CHECKIN_OUTBOX, DAY_MS, FAN_OUT_CHUNK } from './job-names.js';

/** A round is left alone this long after its time: its jobs are normally all still queued or running. */
export const SETTLE_MS = 10 * 60_000;
/** Open rows of rounds older than this are given up. */
export const GIVE_UP_MS = 2 * DAY_MS;

export interface SweepResult {
  /** Deliveries whose job Redis had lost, enqueued again. */
  requeued: number;
  /** Deliveries of old rounds given up as lost. */
  givenUp: number;
}

export async function sweepDeliveries(ctx: ServiceContext): Promise<SweepResult> {
  const now = ctx.clock.now().getTime();
  const open = await openDeliveriesOfRounds(ctx.db, new Date(now - GIVE_UP_MS), new Date(now - SETTLE_MS));
  let requeued = 0;
  const keys = new Map<string, { workspaceKey: string; platform: string } | undefined>();
  for (let i = 0; i < open.length; i += FAN_OUT_CHUNK) {
    const chunk = open.slice(i, i + FAN_OUT_CHUNK);
    const present = await ctx.jobs.outboxJobsPresent(chunk.map((d) => `delivery-${d.id}`));
    const lost = chunk.filter((d) => !present.has(`delivery-${d.id}`));
    const jobs = [];
    for (const d of lost) {
      if (!keys.has(d.workspaceId)) {
        const w = await getWorkspace(ctx.db, d.workspaceId);
        keys.set(d.workspaceId, w ? { workspaceKey: workspaceKey(w), platform: w.platform } : undefined);
      }
      const key = keys.get(d.workspaceId);
      if (!key) continue;
      jobs.push({
        data: { workspaceKey: key.workspaceKey, platform: key.platform, deliveryId: d.id },
        jobId: `delivery-${d.id}`,
      });
    }
    if (jobs.length > 0) await ctx.jobs.enqueueOutboxBulk(CHECKIN_OUTBOX.send, jobs);
    requeued += jobs.length;
  }
  const rounds = await failLostDeliveries(ctx.db, new Date(now - GIVE_UP_MS));
  for (const occurrenceId of rounds) await finishIfDone(ctx, occurrenceId);
  const result = { requeued, givenUp: rounds.length };
  if (requeued > 0 || rounds.length > 0) ctx.logger.info({ ...result }, 'check-in delivery sweep');
  return result;
}
