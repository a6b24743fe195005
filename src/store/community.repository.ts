import type { Selectable } from 'kysely';
import type { CommunitiesTable, Executor } from '../../db/schema.js';
import { newId } from './ids.js';

export type Community = Selectable<CommunitiesTable>;

export async function insertCommunity(
  db: Executor,
  values: { name: string; inviteHash: string; workspaceId: string },
): Promise<Community> {
  return db
    .insertInto('communities')
    .values({
      id: newId(),
      name: values.name,
      invite_hash: values.inviteHash,
      created_by_workspace_id: values.workspaceId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function getCommunity(db: Executor, id: string): Promise<Community | undefined> {
  return db.selectFrom('communities').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The community whose invite code hashes to `inviteHash`. */
export async function findCommunityByInvite(
  db: Executor,
  inviteHash: string,
): Promise<Community | undefined> {
  return db.selectFrom('communities').selectAll().where('invite_hash', '=', inviteHash).executeTakeFirst();
}

/** How many workspaces are in a community. */
export async function countCommunityWorkspaces(db: Executor, communityId: string): Promise<number> {
  const row = await db
    .selectFrom('workspaces')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('community_id', '=', communityId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function deleteCommunity(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('communities').where('id', '=', id).execute();
}
