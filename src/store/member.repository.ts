import type { Selectable, Updateable } from 'kysely';
import type { Executor, MembersTable } from '../../db/schema.js';
import { LIVED_EXPERIENCE } from '../core/commands/command.js';
import { newId } from './ids.js';

export type Member = Selectable<MembersTable>;

export interface MemberProfileUpdate {
  displayName?: string;
  email?: string;
  timezone?: string;
  platformAdmin?: boolean;
}

export async function findMember(
  db: Executor,
  workspaceId: string,
  externalId: string,
): Promise<Member | undefined> {
  return db
    .selectFrom('members')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('external_id', '=', externalId)
    .executeTakeFirst();
}

export async function getMember(db: Executor, id: string): Promise<Member | undefined> {
  return db.selectFrom('members').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Find or create a member and refresh what the platform told us. A zone the person chose (`me timezone`) is
 * kept over the platform's.
 */
export async function upsertMember(
  db: Executor,
  workspaceId: string,
  externalId: string,
  profile: MemberProfileUpdate,
  now: Date,
): Promise<{ member: Member; created: boolean }> {
  const existing = await findMember(db, workspaceId, externalId);
  if (!existing) {
    const inserted = await db
      .insertInto('members')
      .values({
        id: newId(),
        workspace_id: workspaceId,
        external_id: externalId,
        display_name: profile.displayName ?? null,
        email: profile.email ?? null,
        timezone: profile.timezone ?? null,
        platform_admin: profile.platformAdmin ?? false,
        updated_at: now,
        last_seen_at: now,
      })
      .onConflict((oc) => oc.columns(['workspace_id', 'external_id']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted) return { member: inserted, created: true };
    return upsertMember(db, workspaceId, externalId, profile, now);
  }
  const patch: Updateable<MembersTable> = {};
  if (profile.displayName !== undefined && profile.displayName !== existing.display_name)
    patch.display_name = profile.displayName;
  if (profile.email !== undefined && profile.email !== existing.email) patch.email = profile.email;
  if (profile.timezone && existing.timezone_source !== 'member' && profile.timezone !== existing.timezone)
    patch.timezone = profile.timezone;
  if (profile.platformAdmin !== undefined && profile.platformAdmin !== existing.platform_admin)
    patch.platform_admin = profile.platformAdmin;
  if (Object.keys(patch).length === 0) return { member: existing, created: false };
  const updated = await db
    .updateTable('members')
    .set({ ...patch, updated_at: now })
    .where('id', '=', existing.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return { member: updated, created: false };
}

export async function updateMember(
  db: Executor,
  id: string,
  patch: Pick<
    Updateable<MembersTable>,
    | 'band'
    | 'band_answered_at'
    | 'lived_experience'
    | 'energy_scale'
    | 'grief_prompts'
    | 'org'
    | 'timezone'
    | 'timezone_source'
    | 'quiet_start'
    | 'quiet_end'
    | 'paused_until'
    | 'admin'
    | 'installer'
  >,
  now: Date,
): Promise<Member> {
  return db
    .updateTable('members')
    .set({ ...patch, updated_at: now })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The person said yes to check-ins (the welcome's button, or `start`). */
export async function setCheckinConsent(db: Executor, id: string, now: Date): Promise<void> {
  await db
    .updateTable('members')
    .set({ checkins_consent: 'yes', updated_at: now })
    .where('id', '=', id)
    .execute();
}

/** Delete a member row; its ON DELETE CASCADE / SET NULL reaches everything tied to it by a foreign key. */
export async function deleteMember(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('members').where('id', '=', id).execute();
}

/**
 * The person's own word on lived experience, on their member row and their session replies, in one transaction:
 * `no` takes it off every reply of theirs (a retraction reaches the past too); `yes` is added to their replies to
 * sessions not yet started, as a new reply would record it.
 */
export async function setLivedExperience(
  db: Executor,
  memberId: string,
  on: boolean,
  now: Date,
): Promise<void> {
  const run = async (tx: Executor) => {
    await updateMember(tx, memberId, { lived_experience: on }, now);
    let q = tx.updateTable('session_rsvps').set({ lived_experience: on }).where('member_id', '=', memberId);
    if (on)
      q = q.where('session_id', 'in', tx.selectFrom('sessions').select('id').where('starts_at', '>', now));
    await q.execute();
  };
  if (db.isTransaction) await run(db);
  else await db.transaction().execute(run);
}

export function isAdmin(member: Pick<Member, 'admin' | 'platform_admin' | 'installer'>): boolean {
  return member.admin || member.platform_admin || member.installer;
}

/** True when the member has paused everything and the pause has not yet run out. */
export function isPaused(member: Pick<Member, 'paused_until'>, now: Date): boolean {
  return member.paused_until !== null && new Date(member.paused_until).getTime() > now.getTime();
}

export async function listAdmins(db: Executor, workspaceId: string): Promise<Member[]> {
  return db
    .selectFrom('members')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where((eb) =>
      eb.or([eb('admin', '=', true), eb('platform_admin', '=', true), eb('installer', '=', true)]),
    )
    .orderBy('display_name')
    .execute();
}

/**
 * Every member of a workspace, or of one group in it, in id order. The group `lived-experience` is the people
 * who said they have lived experience (`members.lived_experience`), whatever their band.
 */
export async function listMembers(
  db: Executor,
  workspaceId: string,
  band?: Member['band'],
): Promise<Member[]> {
  let q = db.selectFrom('members').selectAll().where('workspace_id', '=', workspaceId);
  if (band === LIVED_EXPERIENCE) q = q.where('lived_experience', '=', true);
  else if (band !== undefined) q = q.where('band', '=', band);
  return q.orderBy('id').execute();
}

/**
 * How many members of a workspace said they have lived experience. Distinct people (one row each); an admin
 * sees it only through the disclosure rule (`discloseCount`).
 */
export async function countLivedExperience(db: Executor, workspaceId: string): Promise<number> {
  const row = await db
    .selectFrom('members')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('lived_experience', '=', true)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** How many members a workspace has. */
export async function countMembers(db: Executor, workspaceId: string): Promise<number> {
  const row = await db
    .selectFrom('members')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
