/** Messages owed that have no row of their own (`outbox_owed`): written before their job, deleted once done. */
import type { Executor } from '../../db/schema.js';

export interface OwedRow {
  jobId: string;
  kind: string;
  memberId: string;
  data: Record<string, unknown>;
}

/** Write owed rows (a row already there for the same job is left as it is). */
export async function insertOwed(db: Executor, rows: readonly OwedRow[], at: Date): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('outbox_owed')
    .values(
      rows.map((r) => ({
        job_id: r.jobId,
        kind: r.kind,
        member_id: r.memberId,
        data: JSON.stringify(r.data),
        created_at: at,
      })),
    )
    .onConflict((oc) => oc.column('job_id').doNothing())
    .execute();
}

/** The message of this job is done (sent, or never deliverable, or no longer owed). */
export async function deleteOwed(db: Executor, jobId: string): Promise<void> {
  await db.deleteFrom('outbox_owed').where('job_id', '=', jobId).execute();
}

/** Owed rows of a kind written in [`from`, `to`), oldest first: the delivery sweep's list. */
export async function owedRows(
  db: Executor,
  kind: string,
  from: Date,
  to: Date,
): Promise<Array<{ jobId: string; data: Record<string, unknown> }>> {
  const rows = await db
    .selectFrom('outbox_owed')
    .select(['job_id', 'data'])
    .where('kind', '=', kind)
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({ jobId: r.job_id, data: r.data }));
}

/** Give up rows of a kind written before `before`. Returns how many. */
export async function deleteOwedBefore(db: Executor, kind: string, before: Date): Promise<number> {
  const rows = await db
    .deleteFrom('outbox_owed')
    .where('kind', '=', kind)
    .where('created_at', '<', before)
    .returning('job_id')
    .execute();
  return rows.length;
}
