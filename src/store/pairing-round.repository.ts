/**
 * Pairing rounds, their groups and each group's members (pseudonym, messages sent, reveal, feedback).
 */
import { type Selectable, sql } from 'kysely';
import type {
  Executor,
  PairingGroupMembersTable,
  PairingGroupsTable,
  PairingRoundsTable,
} from '../../db/schema.js';

export type Round = Selectable<PairingRoundsTable>;
export type Group = Selectable<PairingGroupsTable>;
export type GroupMember = Selectable<PairingGroupMembersTable>;

export async function getRound(db: Executor, id: string): Promise<Round | undefined> {
  return db.selectFrom('pairing_rounds').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function roundOfOccurrence(db: Executor, occurrenceId: number): Promise<Round | undefined> {
  return db
    .selectFrom('pairing_rounds')
    .selectAll()
    .where('occurrence_id', '=', occurrenceId)
    .executeTakeFirst();
}

export async function openRound(db: Executor, poolKey: string): Promise<Round | undefined> {
  return db
    .selectFrom('pairing_rounds')
    .selectAll()
    .where('pool_key', '=', poolKey)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
}

export async function latestRound(db: Executor, poolKey: string): Promise<Round | undefined> {
  return db
    .selectFrom('pairing_rounds')
    .selectAll()
    .where('pool_key', '=', poolKey)
    .orderBy('number', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function insertRound(
  db: Executor,
  round: Omit<Round, 'nudged_at' | 'ended_at' | 'number'>,
): Promise<Round> {
  const last = await latestRound(db, round.pool_key);
  return db
    .insertInto('pairing_rounds')
    .values({ ...round, number: (last?.number ?? 0) + 1 })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Open rounds whose half-way or end has come. */
export async function dueRounds(db: Executor, now: Date): Promise<Round[]> {
  return db
    .selectFrom('pairing_rounds')
    .selectAll()
    .where('ended_at', 'is', null)
    .where((eb) =>
      eb.or([eb('ends_at', '<=', now), eb.and([eb('halfway_at', '<=', now), eb('nudged_at', 'is', null)])]),
    )
    .orderBy('started_at')
    .execute();
}

/** Mark a round nudged; false when another worker already did. */
export async function claimNudge(db: Executor, roundId: string, now: Date): Promise<boolean> {
  const r = await db
    .updateTable('pairing_rounds')
    .set({ nudged_at: now })
    .where('id', '=', roundId)
    .where('nudged_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Mark a round ended; false when it already was. */
export async function claimRoundEnd(db: Executor, roundId: string, now: Date): Promise<boolean> {
  const r = await db
    .updateTable('pairing_rounds')
    .set({ ended_at: now })
    .where('id', '=', roundId)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function insertGroup(
  db: Executor,
  group: {
    id: string;
    roundId: string;
    starterId: string;
    members: Array<{ memberId: string; pseudonym: string }>;
  },
): Promise<void> {
  await db
    .insertInto('pairing_groups')
    .values({ id: group.id, round_id: group.roundId, starter_id: group.starterId, status: 'open' })
    .execute();
  await db
    .insertInto('pairing_group_members')
    .values(
      group.members.map((m) => ({
        group_id: group.id,
        member_id: m.memberId,
        pseudonym: m.pseudonym,
        feedback: null,
      })),
    )
    .execute();
}

export async function getGroup(db: Executor, id: string): Promise<Group | undefined> {
  return db.selectFrom('pairing_groups').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function groupsOfRound(db: Executor, roundId: string): Promise<Group[]> {
  return db.selectFrom('pairing_groups').selectAll().where('round_id', '=', roundId).orderBy('id').execute();
}

export async function groupMembers(db: Executor, groupId: string): Promise<GroupMember[]> {
  return db
    .selectFrom('pairing_group_members')
    .selectAll()
    .where('group_id', '=', groupId)
    .orderBy('pseudonym')
    .execute();
}

/** The member's open group, if any. */
export async function openGroupOf(db: Executor, memberId: string): Promise<Group | undefined> {
  return db
    .selectFrom('pairing_groups as g')
    .innerJoin('pairing_group_members as gm', 'gm.group_id', 'g.id')
    .selectAll('g')
    .where('gm.member_id', '=', memberId)
    .where('g.status', '=', 'open')
    .executeTakeFirst();
}

/** The member's most recent group, open or closed. */
export async function latestGroupOf(db: Executor, memberId: string): Promise<Group | undefined> {
  return db
    .selectFrom('pairing_groups as g')
    .innerJoin('pairing_group_members as gm', 'gm.group_id', 'g.id')
    .selectAll('g')
    .where('gm.member_id', '=', memberId)
    .orderBy('g.created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Close a group; false when it was already closed. */
export async function closeGroup(
  db: Executor,
  groupId: string,
  reason: NonNullable<Group['closed_reason']>,
  now: Date,
): Promise<boolean> {
  const r = await db
    .updateTable('pairing_groups')
    .set({ status: 'closed', closed_reason: reason, closed_at: now })
    .where('id', '=', groupId)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function countMessage(db: Executor, groupId: string, memberId: string): Promise<void> {
  await db
    .updateTable('pairing_group_members')
    .set((eb) => ({ messages_sent: eb('messages_sent', '+', 1) }))
    .where('group_id', '=', groupId)
    .where('member_id', '=', memberId)
    .execute();
}

export async function updateGroupMember(
  db: Executor,
  groupId: string,
  memberId: string,
  patch: Partial<Pick<GroupMember, 'reveal' | 'feedback'>>,
): Promise<boolean> {
  const r = await db
    .updateTable('pairing_group_members')
    .set(patch)
    .where('group_id', '=', groupId)
    .where('member_id', '=', memberId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Mark a group's names shared; false when it already was (so the names go out once). */
export async function claimReveal(db: Executor, groupId: string, now: Date): Promise<boolean> {
  const r = await db
    .updateTable('pairing_groups')
    .set({ revealed_at: now })
    .where('id', '=', groupId)
    .where('revealed_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export interface PoolStats {
  rounds: number;
  groupsFormed: number;
  groupsWithMessages: number;
}

/** Counts for `pairing status`; never names. */
export async function poolStats(db: Executor, poolKey: string): Promise<PoolStats> {
  const rounds = await db
    .selectFrom('pairing_rounds')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('pool_key', '=', poolKey)
    .executeTakeFirstOrThrow();
  const groups = await sql<{ formed: string; talked: string }>`
    select count(*) as formed,
           count(*) filter (where (select count(*) from pairing_group_members gm
                                   where gm.group_id = g.id and gm.messages_sent > 0) >= 2) as talked
    from pairing_groups g join pairing_rounds r on r.id = g.round_id
    where r.pool_key = ${poolKey}`.execute(db);
  return {
    rounds: Number(rounds.n),
    groupsFormed: Number(groups.rows[0]?.formed ?? 0),
    groupsWithMessages: Number(groups.rows[0]?.talked ?? 0),
  };
}

/** The pool's ended rounds, newest first. */
export async function endedRounds(
  db: Executor,
  poolKey: string,
  limit: number,
): Promise<Array<{ id: string; number: number; endedAt: Date }>> {
  const rows = await db
    .selectFrom('pairing_rounds')
    .select(['id', 'number', 'ended_at'])
    .where('pool_key', '=', poolKey)
    .where('ended_at', 'is not', null)
    .orderBy('number', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, number: r.number, endedAt: new Date(r.ended_at!) }));
}

/** A round's frozen "did this help?" figures (see `pairing_round_figures`). */
export interface RoundFigures {
  suppressed: boolean;
  raters: number;
  ratingSum: number;
}

export async function frozenRoundFigures(db: Executor, roundId: string): Promise<RoundFigures | undefined> {
  const row = await db
    .selectFrom('pairing_round_figures')
    .select(['suppressed', 'raters', 'rating_sum'])
    .where('round_id', '=', roundId)
    .executeTakeFirst();
  return row && { suppressed: row.suppressed, raters: row.raters, ratingSum: row.rating_sum };
}

/** Live "did this help?" totals of a round over distinct people (one answer each: their highest, if two). */
export async function roundRatingTotals(
  db: Executor,
  roundId: string,
): Promise<{ raters: number; sum: number }> {
  const result = await sql<{ n: string; total: string | null }>`
    select count(*) as n, sum(f) as total from (
      select gm.member_id, max(gm.feedback) as f
      from pairing_group_members gm join pairing_groups g on g.id = gm.group_id
      where g.round_id = ${roundId} and gm.feedback is not null
      group by gm.member_id
    ) per_person`.execute(db);
  return { raters: Number(result.rows[0]?.n ?? 0), sum: Number(result.rows[0]?.total ?? 0) };
}

/** Freeze a round's figures; the first freeze wins. Returns what is stored. */
export async function freezeRoundFigures(
  db: Executor,
  roundId: string,
  figures: RoundFigures,
  now: Date,
): Promise<RoundFigures> {
  await db
    .insertInto('pairing_round_figures')
    .values({
      round_id: roundId,
      suppressed: figures.suppressed,
      raters: figures.raters,
      rating_sum: figures.ratingSum,
      frozen_at: now,
    })
    .onConflict((oc) => oc.column('round_id').doNothing())
    .execute();
  return (await frozenRoundFigures(db, roundId)) ?? figures;
}

export async function countGroupsOf(db: Executor, memberId: string): Promise<number> {
  const row = await db
    .selectFrom('pairing_group_members')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('member_id', '=', memberId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Hold the pool's round-start lock until the transaction ends: one round start per pool at a time, whichever
 * workspace's cadence or admin asked. Only inside a transaction (`inTransaction`).
 */
export async function lockPoolForRoundStart(tx: Executor, poolKey: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`pairing-pool-${poolKey}`}))`.execute(tx);
}

/** The starters these members have had in earlier groups. */
export async function startersSeenBy(db: Executor, memberIds: readonly string[]): Promise<Set<string>> {
  if (memberIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('pairing_groups as g')
    .innerJoin('pairing_group_members as gm', 'gm.group_id', 'g.id')
    .select('g.starter_id')
    .distinct()
    .where('gm.member_id', 'in', memberIds)
    .execute();
  return new Set(rows.map((r) => r.starter_id));
}

/** The member's introduction to the group went (or can never go): the sweep leaves it alone. */
export async function markIntroduced(
  db: Executor,
  groupId: string,
  memberId: string,
  at: Date,
): Promise<void> {
  await db
    .updateTable('pairing_group_members')
    .set({ introduced_at: at })
    .where('group_id', '=', groupId)
    .where('member_id', '=', memberId)
    .where('introduced_at', 'is', null)
    .execute();
}

/** Members of open groups, of rounds started in [from, to), whose introduction has not gone yet. */
export async function unintroducedMembers(
  db: Executor,
  from: Date,
  to: Date,
): Promise<Array<{ groupId: string; memberId: string }>> {
  const rows = await db
    .selectFrom('pairing_group_members as gm')
    .innerJoin('pairing_groups as g', 'g.id', 'gm.group_id')
    .innerJoin('pairing_rounds as r', 'r.id', 'g.round_id')
    .select(['gm.group_id', 'gm.member_id'])
    .where('g.status', '=', 'open')
    .where('gm.introduced_at', 'is', null)
    .where('r.started_at', '>=', from)
    .where('r.started_at', '<', to)
    .orderBy('gm.group_id')
    .orderBy('gm.member_id')
    .execute();
  return rows.map((r) => ({ groupId: r.group_id, memberId: r.member_id }));
}
