/**
 * A person an adapter saw on its platform (an activity's sender, a roster entry): their member row, created or
 * refreshed with what the platform said. Someone who said `forget me` is not stored again by any sighting; only
 * their own command brings them back (in the member feature). Adapters write members through here, never the store.
 */
import type { Executor } from '../../../db/schema.js';
import type { PersonHasher } from '../../crypto.js';
import type { Actor, Platform } from '../../ports.js';
import { findMember, type Member, upsertMember } from '../../store/member.repository.js';
import { ensureWorkspace, findWorkspace } from '../../store/workspace.repository.js';
import { isForgotten } from './suppression.js';

export async function rememberSighted(
  db: Executor,
  people: PersonHasher,
  seen: Pick<Actor, 'platform' | 'workspaceId' | 'userId' | 'displayName' | 'email' | 'timezone'>,
  now: Date,
): Promise<Member | undefined> {
  const where = { platform: seen.platform, external_id: seen.workspaceId };
  if (await isForgotten(db, people, where, seen.userId)) return undefined;
  const { workspace } = await ensureWorkspace(db, seen.platform, seen.workspaceId, now);
  const { member } = await upsertMember(
    db,
    workspace.id,
    seen.userId,
    { displayName: seen.displayName, email: seen.email, timezone: seen.timezone },
    now,
  );
  return member;
}

/** The member row of a platform user, when we have one. */
export async function memberOnPlatform(
  db: Executor,
  platform: Platform,
  workspaceId: string,
  userId: string,
): Promise<Member | undefined> {
  const workspace = await findWorkspace(db, platform, workspaceId);
  return workspace ? await findMember(db, workspace.id, userId) : undefined;
}
