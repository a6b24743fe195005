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
import { defineTask, envelopeSchema, noData } from '../jobs/job-types.js';
import type { JobRuntime } from '../jobs/job-runtime.js';
import type { ServiceContext } from '../services/context.js';
import { deleteOwedBefore, owedRows } from '../store/outbox-owed.repository.js';
import type { DeliveryEngine, OwedJob } from './engine.js';

export const DELIVERY_SWEEP = defineTask('delivery.sweep', noData);
/** BullMQ job scheduler id of the sweep, and how often it runs. */
export const DELIVERY_SWEEP_SCHEDULER = 'delivery-sweep';
export const DELIVERY_SWEEP_EVERY_MS = 5 * 60_000;
/** Job ids asked about, and jobs enqueued, per Redis round trip. */
const CHUNK = 200;
/** An owed row is left alone this long after it was written: its job normally runs well within it. */
const SETTLE_MS = 10 * 60_000;
/** Owed rows older than this are given up. */
const GIVE_UP_MS = 2 * 24 * 3_600_000;

/** What one sweep did, per kind (only kinds with something to report). */
export type SweepReport = Record<string, { requeued: number; givenUp: number }>;

export async function sweepOwed(ctx: ServiceContext, engine: DeliveryEngine): Promise<SweepReport> {
  const now = ctx.clock.now();
  const report: SweepReport = {};
  for (const kind of engine.registered()) {
    let requeued = 0;
    const lists: Array<ReadonlyArray<OwedJob<unknown>>> = [];
    if (kind.owed) lists.push(await kind.owed(now));
    if (kind.keepsOwedRows) {
      const rows = await owedRows(
        ctx.db,
        kind.job.kind,
        new Date(now.getTime() - GIVE_UP_MS),
        new Date(now.getTime() - SETTLE_MS),
      );
      const jobs: Array<OwedJob<unknown>> = [];
      for (const r of rows) {
        // The job's own data, as enqueued; the runtime validates the rest against the kind's schema when it runs.
        const envelope = envelopeSchema.safeParse(r.data);
        if (envelope.success) jobs.push({ jobId: r.jobId, data: { ...r.data, ...envelope.data } });
      }
      lists.push(jobs);
    }
    for (const owed of lists) {
      for (let i = 0; i < owed.length; i += CHUNK) {
        const chunk = owed.slice(i, i + CHUNK);
        const present = await ctx.jobs.outboxJobsPresent([
          ...new Set(chunk.flatMap((j) => (j.heldBy ? [j.jobId, j.heldBy] : [j.jobId]))),
        ]);
        const lost: Array<OwedJob<unknown>> = chunk
          .filter((j) => !present.has(j.jobId) && !(j.heldBy && present.has(j.heldBy)))
          .map(({ jobId, data }) => ({ jobId, data }));
        if (lost.length > 0) await ctx.jobs.enqueueOutboxBulk(kind.job, lost);
        requeued += lost.length;
      }
    }
    let givenUp = kind.giveUp ? await kind.giveUp(now) : 0;
    if (kind.keepsOwedRows) {
      givenUp += await deleteOwedBefore(ctx.db, kind.job.kind, new Date(now.getTime() - GIVE_UP_MS));
    }
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
