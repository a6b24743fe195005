/**
 * Lasting stops and final forgets, as keyed hashes only (see migration 0013). A repository of its own because
 * its rows outlive the member row they were made from: nothing here references `members`.
 */
import type { Executor } from '../../db/schema.js';

export type SuppressionReason = 'stop' | 'forgotten';

export async function addSuppression(db: Executor, hash: string, reason: SuppressionReason): Promise<void> {
  // A second `stop` (or a retried `forget me`) lands on the same row.
  await db
    .insertInto('person_suppressions')
    .values({ hash, reason })
    .onConflict((oc) => oc.columns(['hash', 'reason']).doNothing())
    .execute();
}

export async function removeSuppression(
  db: Executor,
  hash: string,
  reason: SuppressionReason,
): Promise<boolean> {
  const result = await db
    .deleteFrom('person_suppressions')
    .where('hash', '=', hash)
    .where('reason', '=', reason)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function hasSuppression(
  db: Executor,
  hash: string,
  reason: SuppressionReason,
): Promise<boolean> {
  const row = await db
    .selectFrom('person_suppressions')
    .select('hash')
    .where('hash', '=', hash)
    .where('reason', '=', reason)
    .executeTakeFirst();
  return row !== undefined;
}

/** Which of these hashes carry `reason`. */
export async function suppressedAmong(
  db: Executor,
  hashes: readonly string[],
  reason: SuppressionReason,
): Promise<Set<string>> {
  if (hashes.length === 0) return new Set();
  const out = new Set<string>();
  for (let i = 0; i < hashes.length; i += 1000) {
    const rows = await db
      .selectFrom('person_suppressions')
      .select('hash')
      .where('reason', '=', reason)
      .where('hash', 'in', hashes.slice(i, i + 1000))
      .execute();
    for (const r of rows) out.add(r.hash);
  }
  return out;
}
