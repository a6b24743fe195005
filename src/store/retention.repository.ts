/**
 * What the daily retention sweep deletes, beyond check-in answers (`checkin-answer.repository.ts`), and the rows it
 * rewrites from the unbound `v1` ciphertext format. Nothing here decrypts: the service does, in memory.
 */
import { sql } from 'kysely';
import type { Executor } from '../../db/schema.js';
import type { EncryptedColumn } from './cipher-places.js';

/** After-session reflections of a workspace's members answered before `before`. */
export async function deleteSessionReflectionsBefore(
  db: Executor,
  workspaceId: string,
  before: Date,
): Promise<number> {
  const r = await db
    .deleteFrom('session_reflections')
    .where('answered_at', '<', before)
    .where('member_id', 'in', (eb) =>
      eb.selectFrom('members').select('id').where('workspace_id', '=', workspaceId),
    )
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Peer support reports made in a workspace before `before`. */
export async function deleteReportsBefore(db: Executor, workspaceId: string, before: Date): Promise<number> {
  const r = await db
    .deleteFrom('pairing_reports')
    .where('workspace_id', '=', workspaceId)
    .where('created_at', '<', before)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Sandbox history of a workspace older than `before`. */
export async function deleteSandboxMessagesBefore(
  db: Executor,
  workspaceId: string,
  before: Date,
): Promise<number> {
  const r = await db
    .deleteFrom('sandbox_messages')
    .where('workspace_id', '=', workspaceId)
    .where('created_at', '<', before)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Inbound de-duplication keys (event ids, signed-request hashes) older than any retry or replay window. */
export async function pruneInboundEvents(db: Executor, before: Date): Promise<number> {
  const r = await db.deleteFrom('inbound_events').where('received_at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Up to `limit` rows of one encrypted column still holding an unbound `v1` value. */
export async function legacyValues(
  db: Executor,
  col: EncryptedColumn,
  limit: number,
): Promise<Array<{ row: Record<string, unknown>; value: string }>> {
  const result = await sql<Record<string, unknown>>`
    select ${sql.join(col.keys.map((k) => sql.ref(k)))}, ${sql.ref(col.column)} as "value"
    from ${sql.table(col.table)}
    where ${sql.ref(col.column)} like 'v1.%'
    limit ${limit}`.execute(db);
  return result.rows.map((r) => ({ row: r, value: String(r.value) }));
}

/** Replace one value, only if it is still the one read (a concurrent write wins). */
export async function replaceValue(
  db: Executor,
  col: EncryptedColumn,
  row: Record<string, unknown>,
  old: string,
  next: string,
): Promise<boolean> {
  const matches = col.keys.map((k) => sql`${sql.ref(k)} = ${row[k]}`);
  const result = await sql`
    update ${sql.table(col.table)} set ${sql.ref(col.column)} = ${next}
    where ${sql.join(matches, sql` and `)} and ${sql.ref(col.column)} = ${old}`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}
