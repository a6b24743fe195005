/**
 * The partnership's safeguarding contacts: the people who read peer support reports in a workspace.
 */
import type { Executor } from '../../db/schema.js';
import type { Member } from './member.repository.js';

/** Name someone a contact. False when they already were one. */
export async function addSafeguardingContact(
  db: Executor,
  workspaceId: string,
  memberId: string,
  now: Date,
): Promise<boolean> {
  const row = await db
    .insertInto('safeguarding_contacts')
    .values({ workspace_id: workspaceId, member_id: memberId, added_at: now })
    .onConflict((oc) => oc.columns(['workspace_id', 'member_id']).doNothing())
    .returning('member_id')
    .executeTakeFirst();
  return row !== undefined;
}

/** False when they were not a contact. */
export async function removeSafeguardingContact(
  db: Executor,
  workspaceId: string,
  memberId: string,
): Promise<boolean> {
  const r = await db
    .deleteFrom('safeguarding_contacts')
    .where('workspace_id', '=', workspaceId)
    .where('member_id', '=', memberId)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** The contacts of a workspace, in the order they were named. */
export async function listSafeguardingContacts(db: Executor, workspaceId: string): Promise<Member[]> {
  return db
    .selectFrom('safeguarding_contacts as s')
    .innerJoin('members as m', 'm.id', 's.member_id')
    .selectAll('m')
    .where('s.workspace_id', '=', workspaceId)
    .orderBy('s.added_at')
    .orderBy('m.display_name')
    .execute();
}
