import type { Executor } from '../../db/schema.js';

/** Record an admin change: who, what, before, after, when. Ids only — no personal text. */
export async function writeAudit(
  db: Executor,
  entry: {
    workspaceId: string;
    actorMemberId: string | null;
    targetMemberId?: string | null;
    action: string;
    before?: Record<string, unknown> | null;
    after?: Record<string, unknown> | null;
    at: Date;
  },
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      workspace_id: entry.workspaceId,
      actor_member_id: entry.actorMemberId,
      target_member_id: entry.targetMemberId ?? null,
      action: entry.action,
      before: entry.before ? JSON.stringify(entry.before) : null,
      after: entry.after ? JSON.stringify(entry.after) : null,
      at: entry.at,
    })
    .execute();
}

/** Whether the workspace's audit log holds an entry with this action. */
export async function hasAudit(db: Executor, workspaceId: string, action: string): Promise<boolean> {
  const row = await db
    .selectFrom('audit_log')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('action', '=', action)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
