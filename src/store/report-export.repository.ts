/**
 * The evidence export (`report export`): its single-use links (only the token's hash is kept, 15 minutes, used
 * once by one atomic update), and the rows it is made from. Every count here is of distinct people or of
 * groups; the disclosure rule is applied by the core before anything is shown.
 */
import { sql } from 'kysely';
import type { Executor } from '../../db/schema.js';

export interface ExportLink {
  memberId: string;
  workspaceId: string;
  format: 'csv' | 'pdf';
  from: string;
  to: string;
}

export async function insertExportLink(
  db: Executor,
  tokenHash: string,
  link: ExportLink,
  expiresAt: Date,
): Promise<void> {
  await db
    .insertInto('report_exports')
    .values({
      token_hash: tokenHash,
      member_id: link.memberId,
      workspace_id: link.workspaceId,
      format: link.format,
      from_date: link.from,
      to_date: link.to,
      expires_at: expiresAt,
    })
    .execute();
}

/** The format of a link that can still be used, without using it. */
export async function peekExportLink(
  db: Executor,
  tokenHash: string,
  now: Date,
): Promise<'csv' | 'pdf' | undefined> {
  const row = await db
    .selectFrom('report_exports')
    .select('format')
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row?.format;
}

/** Use a link: exactly once, before it expires (two requests at once cannot both get it). */
export async function redeemExportLink(
  db: Executor,
  tokenHash: string,
  now: Date,
): Promise<ExportLink | undefined> {
  const row = await db
    .updateTable('report_exports')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returningAll()
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    memberId: row.member_id,
    workspaceId: row.workspace_id,
    format: row.format,
    from: row.from_date,
    to: row.to_date,
  };
}

/** Links past their expiry are of no use to anyone: deleted by the daily retention task. */
export async function deleteExpiredExportLinks(db: Executor, now: Date): Promise<void> {
  await db.deleteFrom('report_exports').where('expires_at', '<', now).execute();
}

/** Open (unused, unexpired) export links of one admin, for `/roundtable me`. */
export async function openExportLinks(db: Executor, memberId: string, now: Date): Promise<number> {
  const row = await db
    .selectFrom('report_exports')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('member_id', '=', memberId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface HeldSession {
  id: number;
  title: string;
  startsAt: Date;
  capacity: number | null;
  mix: Array<{ band: string; percent?: number; count?: number }>;
  /** Distinct people going, per band recorded at RSVP time (`none` without a band). */
  goingByBand: Record<string, number>;
}

/** Sessions that took place (not cancelled, started before `now`) with a start in [from, to). */
export async function sessionsHeld(
  db: Executor,
  workspaceId: string,
  from: Date,
  to: Date,
  now: Date,
): Promise<HeldSession[]> {
  const sessions = await db
    .selectFrom('sessions')
    .select(['id', 'title', 'starts_at', 'capacity', 'mix'])
    .where('workspace_id', '=', workspaceId)
    .where('status', '=', 'scheduled')
    .where('starts_at', '>=', from)
    .where('starts_at', '<', to)
    .where('starts_at', '<', now)
    .orderBy('starts_at')
    .execute();
  if (sessions.length === 0) return [];
  const going = await db
    .selectFrom('session_rsvps')
    .select(['session_id', 'band', (eb) => eb.fn.count<string>('member_id').distinct().as('n')])
    .where(
      'session_id',
      'in',
      sessions.map((s) => s.id),
    )
    .where('status', '=', 'going')
    .groupBy(['session_id', 'band'])
    .execute();
  return sessions.map((s) => {
    const byBand: Record<string, number> = {};
    for (const g of going.filter((g) => g.session_id === s.id)) byBand[g.band ?? 'none'] = Number(g.n);
    return {
      id: s.id,
      title: s.title,
      startsAt: new Date(s.starts_at),
      capacity: s.capacity,
      mix: s.mix as HeldSession['mix'],
      goingByBand: byBand,
    };
  });
}

export interface RoundInPeriod {
  id: string;
  number: number;
  startedAt: Date;
  endedAt: Date | null;
  groupsFormed: number;
  /** Groups in which at least two members wrote something. */
  groupsWithMessages: number;
}

/** A pool's rounds started in [from, to), oldest first, with their groups. */
export async function roundsInPeriod(
  db: Executor,
  poolKey: string,
  from: Date,
  to: Date,
): Promise<RoundInPeriod[]> {
  const rows = await sql<{
    id: string;
    number: number;
    started_at: Date | string;
    ended_at: Date | string | null;
    formed: string;
    talked: string;
  }>`
    select r.id, r.number, r.started_at, r.ended_at,
           count(g.id) as formed,
           count(g.id) filter (where (select count(*) from pairing_group_members gm
                                      where gm.group_id = g.id and gm.messages_sent > 0) >= 2) as talked
    from pairing_rounds r left join pairing_groups g on g.round_id = r.id
    where r.pool_key = ${poolKey} and r.started_at >= ${from} and r.started_at < ${to}
    group by r.id, r.number, r.started_at, r.ended_at
    order by r.number`.execute(db);
  return rows.rows.map((r) => ({
    id: r.id,
    number: Number(r.number),
    startedAt: new Date(r.started_at),
    endedAt: r.ended_at === null ? null : new Date(r.ended_at),
    groupsFormed: Number(r.formed),
    groupsWithMessages: Number(r.talked),
  }));
}

/** Learning digests posted (occurrences that sent) with a firing in [from, to). */
export async function digestsPosted(
  db: Executor,
  workspaceId: string,
  from: Date,
  to: Date,
): Promise<number> {
  const row = await db
    .selectFrom('occurrences')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('kind', '=', 'digest')
    .where('status', '=', 'sent')
    .where('scheduled_for', '>=', from)
    .where('scheduled_for', '<', to)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Of the learning digests posted with a firing in [from, to), how many were answered (`digest respond`). A
 * count of posts, not of people: every posted digest already had at least k different people in it.
 */
export async function digestsAnswered(
  db: Executor,
  workspaceId: string,
  from: Date,
  to: Date,
): Promise<number> {
  const row = await db
    .selectFrom('digest_posts')
    .innerJoin('occurrences', 'occurrences.id', 'digest_posts.occurrence_id')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('digest_posts.workspace_id', '=', workspaceId)
    .where('digest_posts.responded_at', 'is not', null)
    .where('occurrences.scheduled_for', '>=', from)
    .where('occurrences.scheduled_for', '<', to)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
