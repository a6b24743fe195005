/** The outbox jobs the delivery sweep owes for rows of the check-in kinds: each row's job with its workspace's envelope. */
import type { OwedJob } from '../../delivery/engine.js';
import type { OutboxEnvelope } from '../../jobs/job-types.js';
import { getWorkspace } from '../../store/workspace.repository.js';
import type { ServiceContext } from '../context.js';
import { workspaceKey } from './fan-out.js';

/** Workspace envelopes, read once per sweep. */
function envelopes(ctx: ServiceContext) {
  const seen = new Map<string, OutboxEnvelope | undefined>();
  return async (workspaceId: string) => {
    if (!seen.has(workspaceId)) {
      const w = await getWorkspace(ctx.db, workspaceId);
      seen.set(workspaceId, w ? { workspaceKey: workspaceKey(w), platform: w.platform } : undefined);
    }
    return seen.get(workspaceId);
  };
}

/** Each row's job (its id and own data), with the envelope of the row's workspace; rows of a gone workspace drop. */
export async function owedJobs<R extends { workspaceId: string }, T>(
  ctx: ServiceContext,
  rows: readonly R[],
  job: (row: R) => { jobId: string; data: T; heldBy?: string },
): Promise<Array<OwedJob<T>>> {
  const env = envelopes(ctx);
  const out: Array<OwedJob<T>> = [];
  for (const row of rows) {
    const e = await env(row.workspaceId);
    if (!e) continue;
    const j = job(row);
    out.push({ jobId: j.jobId, data: { ...e, ...j.data }, ...(j.heldBy ? { heldBy: j.heldBy } : {}) });
  }
  return out;
}
