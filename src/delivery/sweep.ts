/**
 * The delivery sweep (every 5 minutes, `delivery.sweep`): finds messages that are owed but whose outbox job Redis
 * no longer holds (a flush, a failover to an empty replica, a job removed by hand), and enqueues them again.
 *
 * Each kind says what it owes (`MessageKind.owed`): rows that say a message should go, old enough that their job
 * would normally have run. The sweep asks the outbox which of those job ids still exist in any state (waiting,
 * delayed, active, failed, kept completed) and enqueues only the ones Redis has lost, under the same id, so a sweep
 * never runs beside a job that is still there. A worker killed between claim and mark needs no sweep: its job's
 * lock expires, BullMQ runs it again, and the kind's claim accepts its own half-done row. Rows owed for too long
 * are given up by the kind (`MessageKind.giveUp`). Nothing here names a person in a log: counts per kind only.
 */
import { defineTask, noData } from '../jobs/job-types.js';
import type { JobRuntime } from '../jobs/job-runtime.js';
import type { ServiceContext } from '../services/context.js';
import type { DeliveryEngine, OwedJob } from './engine.js';

export const DELIVERY_SWEEP = defineTask('delivery.sweep', noData);
/** BullMQ job scheduler id of the sweep, and how often it runs. */
export const DELIVERY_SWEEP_SCHEDULER = 'delivery-sweep';
export const DELIVERY_SWEEP_EVERY_MS = 5 * 60_000;
/** Job ids asked about, and jobs enqueued, per Redis round trip. */
const CHUNK = 200;

/** What one sweep did, per kind (only kinds with something to report). */
export type SweepReport = Record<string, { requeued: number; givenUp: number }>;

export async function sweepOwed(ctx: ServiceContext, engine: DeliveryEngine): Promise<SweepReport> {
  const now = ctx.clock.now();
  const report: SweepReport = {};
  for (const kind of engine.registered()) {
    let requeued = 0;
    if (kind.owed) {
      const owed = await kind.owed(now);
      for (let i = 0; i < owed.length; i += CHUNK) {
        const chunk = owed.slice(i, i + CHUNK);
        const present = await ctx.jobs.outboxJobsPresent(chunk.map((j) => j.jobId));
        const lost: Array<OwedJob<unknown>> = chunk.filter((j) => !present.has(j.jobId));
        if (lost.length > 0) await ctx.jobs.enqueueOutboxBulk(kind.job, lost);
        requeued += lost.length;
      }
    }
    const givenUp = kind.giveUp ? await kind.giveUp(now) : 0;
    if (requeued > 0 || givenUp > 0) report[kind.job.kind] = { requeued, givenUp };
  }
  if (Object.keys(report).length > 0) ctx.logger.info({ sweep: report }, 'delivery sweep');
  return report;
}

export function registerSweep(ctx: ServiceContext, jobs: JobRuntime, engine: DeliveryEngine): void {
  jobs.onTask(DELIVERY_SWEEP, async () => {
    await sweepOwed(ctx, engine);
  });
}
