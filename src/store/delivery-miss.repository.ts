/** Deliveries that did not arrive, by reason (`delivery_misses`). */
import type { Executor } from '../../db/schema.js';
import type { MissedReason } from '../delivery/outcome.js';

export interface Miss {
  workspaceId: string;
  kind: string;
  memberId: string | null;
  reason: MissedReason;
  at: Date;
}

export async function recordMiss(db: Executor, miss: Miss): Promise<void> {
  await db
    .insertInto('delivery_misses')
    .values({
      workspace_id: miss.workspaceId,
      kind: miss.kind,
      member_id: miss.memberId,
      reason: miss.reason,
      at: miss.at,
    })
    .execute();
}

/** Every miss in a workspace since `since`, oldest first. */
export async function missesSince(
  db: Executor,
  workspaceId: string,
  since: Date,
): Promise<Array<{ kind: string; memberId: string | null; reason: MissedReason }>> {
  const rows = await db
    .selectFrom('delivery_misses')
    .select(['kind', 'member_id', 'reason'])
    .where('workspace_id', '=', workspaceId)
    .where('at', '>=', since)
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ kind: r.kind, memberId: r.member_id, reason: r.reason }));
}

/** Delete misses older than `before`; returns how many. */
export async function deleteMissesBefore(db: Executor, before: Date): Promise<number> {
  const result = await db.deleteFrom('delivery_misses').where('at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
