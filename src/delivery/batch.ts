/**
 * Batches: a fan-out's messages of one kind sent by one job, one budget interval apart (`engine.ts`,
 * `deliverBatch`). A job per message costs the app its queue round trips and a claim per message; a batch claims
 * its rows in one statement and is taken up once, so the platform's limit, not our CPU, sets the pace.
 *
 * A batch holds at most {@link BATCH_MAX} rows, and only where the budget sends that many within a second: its
 * rows are claimed when it starts, so a `stop` or a pause said while it runs reaches the rows not yet claimed, and
 * at most one second of sends is already past its claim. Rows are grouped by id block, so the sweep can tell from a
 * row which batch job holds it.
 */
import type { ThrottleBudget } from '../jobs/workspace-throttle.js';

export const BATCH_MAX = 20;

/** Whether a workspace with this budget sends in batches. */
export function batches(budget: ThrottleBudget): boolean {
  return budget.ratePerSecond >= BATCH_MAX;
}

/** The id of the batch job that holds row `id` of `group` (an occurrence, a session): `prefix-group-block`. */
export function batchJobId(prefix: string, group: number | string, id: number): string {
  return `${prefix}-${group}-${Math.floor(id / BATCH_MAX)}`;
}

/** Rows (ids in any order) grouped into batches by id block, each batch's ids in order. */
export function intoBatches(ids: readonly number[]): number[][] {
  const blocks = new Map<number, number[]>();
  for (const id of [...ids].sort((a, b) => a - b)) {
    const block = Math.floor(id / BATCH_MAX);
    const list = blocks.get(block);
    if (list) list.push(id);
    else blocks.set(block, [id]);
  }
  return [...blocks.values()];
}
