/**
 * The peer-support pool: who opted in, who is paused, who was quiet, who is first in line, and the pairs that
 * must never meet. A pool is a community (every workspace in it) or a workspace without one.
 */
import { type Selectable, sql } from 'kysely';
import type { Executor, PairingPoolTable } from '../../db/schema.js';
import type { Workspace } from './workspace.repository.js';

export type PoolEntry = Selectable<PairingPoolTable>;

/** The pool a workspace belongs to: its community, or itself. */
export function poolKeyOf(workspace: Pick<Workspace, 'id' | 'community_id'>): string {
  return workspace.community_id ?? workspace.id;
}

/** Add a member to the pool, or bring them back: unpaused, with a clean quiet count. */
export async function joinPool(db: Executor, memberId: string, now: Date): Promise<{ created: boolean }> {
  const existing = await getPoolEntry(db, memberId);
  await db
    .insertInto('pairing_pool')
    .values({ member_id: memberId, joined_at: now, updated_at: now })
    .onConflict((oc) =>
      oc.column('member_id').doUpdateSet({ paused: false, quiet_rounds: 0, updated_at: now }),
    )
    .execute();
  return { created: existing === undefined };
}

export async function leavePool(db: Executor, memberId: string): Promise<boolean> {
  const r = await db.deleteFrom('pairing_pool').where('member_id', '=', memberId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function getPoolEntry(db: Executor, memberId: string): Promise<PoolEntry | undefined> {
  return db.selectFrom('pairing_pool').selectAll().where('member_id', '=', memberId).executeTakeFirst();
}

export async function updatePoolEntry(
  db: Executor,
  memberId: string,
  patch: Partial<Pick<PoolEntry, 'paused' | 'quiet_rounds' | 'priority'>>,
  now: Date,
): Promise<void> {
  await db
    .updateTable('pairing_pool')
    .set({ ...patch, updated_at: now })
    .where('member_id', '=', memberId)
    .execute();
}

export interface EligibleMember {
  id: string;
  org: string | null;
  timezone: string | null;
  workspaceId: string;
  workspaceTimezone: string;
  priority: boolean;
}

/**
 * Who can be grouped this round: in the pool and not paused (here or with `me pause`), a leader, in an active
 * workspace of this pool, and not already in an open group.
 */
export async function listEligible(db: Executor, poolKey: string, now: Date): Promise<EligibleMember[]> {
  const rows = await db
    .selectFrom('pairing_pool as p')
    .innerJoin('members as m', 'm.id', 'p.member_id')
    .innerJoin('workspaces as w', 'w.id', 'm.workspace_id')
    .select([
      'm.id',
      'm.org',
      'm.timezone',
      'w.id as workspace_id',
      'w.timezone as workspace_timezone',
      'p.priority',
    ])
    .where(sql<boolean>`coalesce(w.community_id, w.id) = ${poolKey}`)
    .where('w.active', '=', true)
    .where('p.paused', '=', false)
    .where('m.band', '=', 'leader')
    .where((eb) => eb.or([eb('m.paused_until', 'is', null), eb('m.paused_until', '<=', now)]))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('pairing_group_members as gm')
            .innerJoin('pairing_groups as g', 'g.id', 'gm.group_id')
            .select('gm.member_id')
            .whereRef('gm.member_id', '=', 'm.id')
            .where('g.status', '=', 'open'),
        ),
      ),
    )
    .orderBy('m.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    org: r.org,
    timezone: r.timezone,
    workspaceId: r.workspace_id,
    workspaceTimezone: r.workspace_timezone,
    priority: r.priority,
  }));
}

/** Everyone in the pool of a pool key who is not paused, for `pairing status`. */
export async function poolSize(db: Executor, poolKey: string, now: Date): Promise<number> {
  const row = await db
    .selectFrom('pairing_pool as p')
    .innerJoin('members as m', 'm.id', 'p.member_id')
    .innerJoin('workspaces as w', 'w.id', 'm.workspace_id')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where(sql<boolean>`coalesce(w.community_id, w.id) = ${poolKey}`)
    .where('w.active', '=', true)
    .where('p.paused', '=', false)
    .where((eb) => eb.or([eb('m.paused_until', 'is', null), eb('m.paused_until', '<=', now)]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Everyone in the pool, paused or not, for `pairing status`: counting only the unpaused would let two reads
 * around one person's pause show that they paused.
 */
export async function poolHeadcount(db: Executor, poolKey: string): Promise<number> {
  const row = await db
    .selectFrom('pairing_pool as p')
    .innerJoin('members as m', 'm.id', 'p.member_id')
    .innerJoin('workspaces as w', 'w.id', 'm.workspace_id')
    .select(sql<string>`count(distinct p.member_id)`.as('n'))
    .where(sql<boolean>`coalesce(w.community_id, w.id) = ${poolKey}`)
    .where('w.active', '=', true)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Every pair of these members who shared a group, with when that round started. */
export async function pairHistory(
  db: Executor,
  memberIds: readonly string[],
): Promise<Array<{ a: string; b: string; at: Date }>> {
  if (memberIds.length === 0) return [];
  const rows = await db
    .selectFrom('pairing_group_members as x')
    .innerJoin('pairing_group_members as y', 'y.group_id', 'x.group_id')
    .innerJoin('pairing_groups as g', 'g.id', 'x.group_id')
    .innerJoin('pairing_rounds as r', 'r.id', 'g.round_id')
    .select(['x.member_id as a', 'y.member_id as b', 'r.started_at as at'])
    .whereRef('x.member_id', '<', 'y.member_id')
    .where('x.member_id', 'in', memberIds)
    .where('y.member_id', 'in', memberIds)
    .execute();
  return rows.map((r) => ({ a: r.a, b: r.b, at: new Date(r.at) }));
}

/** Blocked and "never with" pairs touching these members. */
export async function blockedPairs(
  db: Executor,
  memberIds: readonly string[],
): Promise<Array<[string, string]>> {
  if (memberIds.length === 0) return [];
  const rows = await db
    .selectFrom('pairing_blocks')
    .select(['member_id', 'other_member_id'])
    .where((eb) => eb.or([eb('member_id', 'in', memberIds), eb('other_member_id', 'in', memberIds)]))
    .execute();
  return rows.map((r) => [r.member_id, r.other_member_id]);
}

/** Never group `memberId` with any of `others` again. */
export async function addBlocks(
  db: Executor,
  memberId: string,
  others: readonly string[],
  reason: 'block' | 'never',
): Promise<void> {
  if (others.length === 0) return;
  await db
    .insertInto('pairing_blocks')
    .values(others.map((o) => ({ member_id: memberId, other_member_id: o, reason })))
    .onConflict((oc) => oc.columns(['member_id', 'other_member_id']).doNothing())
    .execute();
}

export async function countBlocksBy(db: Executor, memberId: string): Promise<number> {
  const row = await db
    .selectFrom('pairing_blocks')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('member_id', '=', memberId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * What identifies a member on their platform, for keyed hashes that must outlive the member row: the platform,
 * the workspace's platform id and the person's platform id. Someone forgotten who comes back gets a new member
 * id but the same identity.
 */
export async function platformIdentities(
  db: Executor,
  memberIds: readonly string[],
): Promise<Map<string, string>> {
  if (memberIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('members as m')
    .innerJoin('workspaces as w', 'w.id', 'm.workspace_id')
    .select(['m.id', 'm.external_id', 'w.platform', 'w.external_id as workspace_external_id'])
    .where('m.id', 'in', memberIds)
    .execute();
  return new Map(
    rows.map((r) => [r.id, `${r.platform}\u0000${r.workspace_external_id}\u0000${r.external_id}`]),
  );
}

/** Keep a block as a keyed hash of the pair (nothing readable), so it outlives `forget me` by either person. */
export async function addBlockHashes(db: Executor, hashes: readonly string[]): Promise<void> {
  if (hashes.length === 0) return;
  await db
    .insertInto('pairing_block_hashes')
    .values(hashes.map((hash) => ({ hash })))
    .onConflict((oc) => oc.column('hash').doNothing())
    .execute();
}

/** Which of these pair hashes are blocked. */
export async function knownBlockHashes(db: Executor, hashes: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  // Chunked: a pool of a few hundred leaders has tens of thousands of pairs.
  for (let i = 0; i < hashes.length; i += 1000) {
    const rows = await db
      .selectFrom('pairing_block_hashes')
      .select('hash')
      .where('hash', 'in', hashes.slice(i, i + 1000))
      .execute();
    for (const r of rows) found.add(r.hash);
  }
  return found;
}

/** The organisations each of these members chose not to be grouped with (normalised). */
export async function avoidedOrgs(
  db: Executor,
  memberIds: readonly string[],
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (memberIds.length === 0) return out;
  const rows = await db
    .selectFrom('pairing_avoid_orgs')
    .select(['member_id', 'org'])
    .where('member_id', 'in', memberIds)
    .orderBy('org')
    .execute();
  for (const r of rows) out.set(r.member_id, [...(out.get(r.member_id) ?? []), r.org]);
  return out;
}

export async function addAvoidedOrg(db: Executor, memberId: string, org: string): Promise<void> {
  await db
    .insertInto('pairing_avoid_orgs')
    .values({ member_id: memberId, org })
    .onConflict((oc) => oc.columns(['member_id', 'org']).doNothing())
    .execute();
}

/** Remove one (or, without `org`, every) organisation from a member's list; how many rows went. */
export async function removeAvoidedOrgs(db: Executor, memberId: string, org?: string): Promise<number> {
  let q = db.deleteFrom('pairing_avoid_orgs').where('member_id', '=', memberId);
  if (org !== undefined) q = q.where('org', '=', org);
  const result = await q.executeTakeFirst();
  return Number(result.numDeletedRows);
}
