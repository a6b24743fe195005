/**
 * Owed rows for messages that have no row of their own (a peer-support notice, a peer evidence notice): the kind
 * sets `keepsOwedRows`, its jobs are enqueued through {@link enqueueOwed}, which writes one `outbox_owed` row per job
 * first, and the engine deletes the row once the message is done (sent, never deliverable, or no longer owed). So
 * the delivery sweep can find, and enqueue again, a job Redis lost. A row holds the job's data (ids only) and goes
 * with its member (`forget me`) and after two days.
 */
import type { OutboxDef, OutboxEnvelope } from '../jobs/job-types.js';
import type { ServiceContext } from '../services/context.js';
import { insertOwed } from '../store/outbox-owed.repository.js';

/** Write the owed rows, then enqueue the jobs. A job that could not be enqueued (Redis away) is the sweep's. */
export async function enqueueOwed<T extends { memberId: string }>(
  ctx: ServiceContext,
  def: OutboxDef<T>,
  jobs: ReadonlyArray<{ data: OutboxEnvelope & T; jobId: string }>,
): Promise<void> {
  if (jobs.length === 0) return;
  await insertOwed(
    ctx.db,
    jobs.map((j) => ({
      jobId: j.jobId,
      kind: def.kind,
      memberId: j.data.memberId,
      data: { ...j.data } as unknown as Record<string, unknown>,
    })),
    ctx.clock.now(),
  );
  await ctx.jobs.enqueueOutboxBulk(def, jobs);
}
