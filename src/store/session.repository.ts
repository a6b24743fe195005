/**
 * Sessions and RSVPs. The RSVP change runs inside a transaction that holds the session row locked
 * (`SELECT ... FOR UPDATE`), so simultaneous clicks are counted one at a time and capacity is never exceeded.
 */
import { type Selectable, sql } from 'kysely';
import type { SessionRsvpsTable, SessionsTable } from '../../db/tables/sessions.js';
import type { Executor } from '../../db/schema.js';

export type Session = Selectable<SessionsTable>;
export type Rsvp = Selectable<SessionRsvpsTable>;
export type RsvpStatus = Rsvp['status'];

export interface NewSession {
  workspaceId: string;
  title: string;
  topic?: string;
  startsAt: Date;
  durationMinutes: number;
  place?: string;
  capacity?: number;
  audience: Record<string, unknown>;
  mix: Array<{ band: string; percent?: number; count?: number }>;
  nudgeHours: number[];
  nudgeLimit: number;
  createdBy: string;
  now: Date;
}

export async function insertSession(db: Executor, s: NewSession): Promise<Session> {
  return db
    .insertInto('sessions')
    .values({
      workspace_id: s.workspaceId,
      title: s.title,
      topic: s.topic ?? null,
      starts_at: s.startsAt,
      duration_minutes: s.durationMinutes,
      place: s.place ?? null,
      capacity: s.capacity ?? null,
      audience: JSON.stringify(s.audience),
      mix: JSON.stringify(s.mix),
      nudge_hours: JSON.stringify(s.nudgeHours),
      nudge_limit: s.nudgeLimit,
      created_by: s.createdBy,
      created_at: s.now,
      updated_at: s.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function getSession(db: Executor, id: number): Promise<Session | undefined> {
  return db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The session row, locked until the transaction ends. */
export async function lockSession(db: Executor, id: number): Promise<Session | undefined> {
  return db.selectFrom('sessions').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Scheduled sessions of a workspace that have not started yet, soonest first. */
export async function listUpcoming(
  db: Executor,
  workspaceId: string,
  now: Date,
  limit = 20,
): Promise<Session[]> {
  return db
    .selectFrom('sessions')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('status', '=', 'scheduled')
    .where('starts_at', '>', now)
    .orderBy('starts_at')
    .limit(limit)
    .execute();
}

/** Scheduled sessions that may still have due work: not started, or ended within `lookbackMs`. */
export async function listActive(db: Executor, now: Date, lookbackMs: number): Promise<Session[]> {
  return db
    .selectFrom('sessions')
    .selectAll()
    .where('status', '=', 'scheduled')
    .where('starts_at', '>', new Date(now.getTime() - lookbackMs))
    .orderBy('starts_at')
    .execute();
}

export async function cancelSession(db: Executor, id: number, now: Date): Promise<Session | undefined> {
  return db
    .updateTable('sessions')
    .set({ status: 'cancelled', sequence: sql`sequence + 1`, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'scheduled')
    .returningAll()
    .executeTakeFirst();
}

export async function getRsvp(db: Executor, sessionId: number, memberId: string): Promise<Rsvp | undefined> {
  return db
    .selectFrom('session_rsvps')
    .selectAll()
    .where('session_id', '=', sessionId)
    .where('member_id', '=', memberId)
    .executeTakeFirst();
}

/** Set a member's RSVP. Moving onto the waitlist takes the next number of the waitlist sequence. */
export async function setRsvp(
  db: Executor,
  r: {
    sessionId: number;
    memberId: string;
    status: RsvpStatus;
    band: string | null;
    /** Recorded with the reply, like the band: a `lived-experience` mix target counts it. */
    livedExperience: boolean;
    now: Date;
  },
): Promise<Rsvp> {
  const queued = r.status === 'waitlist' ? sql<string>`nextval('session_waitlist_seq')` : null;
  return db
    .insertInto('session_rsvps')
    .values({
      session_id: r.sessionId,
      member_id: r.memberId,
      status: r.status,
      band: r.band,
      lived_experience: r.livedExperience,
      queued_seq: queued,
      answered_at: r.now,
    })
    .onConflict((oc) =>
      oc.columns(['session_id', 'member_id']).doUpdateSet({
        status: r.status,
        band: r.band,
        lived_experience: r.livedExperience,
        queued_seq: queued,
        answered_at: r.now,
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function countGoing(db: Executor, sessionId: number): Promise<number> {
  const row = await db
    .selectFrom('session_rsvps')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('session_id', '=', sessionId)
    .where('status', '=', 'going')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Going counts for many sessions at once. */
export async function goingCounts(db: Executor, sessionIds: number[]): Promise<Map<number, number>> {
  if (sessionIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('session_rsvps')
    .select(['session_id', (eb) => eb.fn.countAll<string>().as('n')])
    .where('session_id', 'in', sessionIds)
    .where('status', '=', 'going')
    .groupBy('session_id')
    .execute();
  return new Map(rows.map((r) => [r.session_id, Number(r.n)]));
}

/** Going per band recorded at RSVP time (`none` for people without a band). */
export async function goingByBand(db: Executor, sessionId: number): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('session_rsvps')
    .select(['band', (eb) => eb.fn.countAll<string>().as('n')])
    .where('session_id', '=', sessionId)
    .where('status', '=', 'going')
    .groupBy('band')
    .execute();
  const out: Record<string, number> = {};
  for (const r of rows) out[r.band ?? 'none'] = Number(r.n);
  return out;
}

/** People going who said, when they answered, that they have lived experience (a mix target's count). */
export async function goingWithLivedExperience(db: Executor, sessionId: number): Promise<number> {
  const row = await db
    .selectFrom('session_rsvps')
    .select((eb) => eb.fn.count<string>('member_id').distinct().as('n'))
    .where('session_id', '=', sessionId)
    .where('status', '=', 'going')
    .where('lived_experience', '=', true)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The first person waiting (lowest waitlist number), or undefined. */
export async function firstWaiting(db: Executor, sessionId: number): Promise<Rsvp | undefined> {
  return db
    .selectFrom('session_rsvps')
    .selectAll()
    .where('session_id', '=', sessionId)
    .where('status', '=', 'waitlist')
    .orderBy('queued_seq')
    .limit(1)
    .executeTakeFirst();
}

/** 1-based place on the waitlist of someone waiting. */
export async function waitlistPosition(db: Executor, sessionId: number, queuedSeq: string): Promise<number> {
  const row = await db
    .selectFrom('session_rsvps')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('session_id', '=', sessionId)
    .where('status', '=', 'waitlist')
    .where('queued_seq', '<=', queuedSeq)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function membersWithStatus(
  db: Executor,
  sessionId: number,
  statuses: RsvpStatus[],
): Promise<Rsvp[]> {
  return db
    .selectFrom('session_rsvps')
    .selectAll()
    .where('session_id', '=', sessionId)
    .where('status', 'in', statuses)
    .execute();
}

/** A member's answers for the given sessions. */
export async function answersOf(
  db: Executor,
  memberId: string,
  sessionIds: number[],
): Promise<Map<number, RsvpStatus>> {
  if (sessionIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('session_rsvps')
    .select(['session_id', 'status'])
    .where('member_id', '=', memberId)
    .where('session_id', 'in', sessionIds)
    .execute();
  return new Map(rows.map((r) => [r.session_id, r.status]));
}

/** Every RSVP of a member with its session's title and start, for `/roundtable me`. */
export async function rsvpsOfMember(
  db: Executor,
  memberId: string,
): Promise<Array<{ title: string; starts_at: Date; status: RsvpStatus; band: string | null }>> {
  return db
    .selectFrom('session_rsvps')
    .innerJoin('sessions', 'sessions.id', 'session_rsvps.session_id')
    .select(['sessions.title', 'sessions.starts_at', 'session_rsvps.status', 'session_rsvps.band'])
    .where('session_rsvps.member_id', '=', memberId)
    .orderBy('sessions.starts_at')
    .execute();
}

/** Up to `limit` scheduled sessions of a workspace that started in (since, now], latest first. */
export async function recentlyStarted(
  db: Executor,
  workspaceId: string,
  since: Date,
  now: Date,
  limit: number,
): Promise<Array<{ id: number; title: string }>> {
  return db
    .selectFrom('sessions')
    .select(['id', 'title'])
    .where('workspace_id', '=', workspaceId)
    .where('status', '=', 'scheduled')
    .where('starts_at', '<=', now)
    .where('starts_at', '>', since)
    .orderBy('starts_at', 'desc')
    .limit(limit)
    .execute();
}

/** A session a member went to, with their after-session reflection (still encrypted) if they wrote one. */
export interface AttendedSession {
  id: number;
  title: string;
  topic: string | null;
  starts_at: Date;
  duration_minutes: number;
  answers: string | null;
  skipped: boolean | null;
}

/**
 * Scheduled sessions the member said they would go to that started in [start, end) and no later than `now`
 * (attended means the session has taken place), oldest first.
 */
export async function sessionsAttendedBy(
  db: Executor,
  memberId: string,
  start: Date,
  end: Date,
  now: Date,
): Promise<AttendedSession[]> {
  return db
    .selectFrom('session_rsvps as r')
    .innerJoin('sessions as s', 's.id', 'r.session_id')
    .leftJoin('session_reflections as f', (j) =>
      j.onRef('f.session_id', '=', 'r.session_id').onRef('f.member_id', '=', 'r.member_id'),
    )
    .select(['s.id', 's.title', 's.topic', 's.starts_at', 's.duration_minutes', 'f.answers', 'f.skipped'])
    .where('r.member_id', '=', memberId)
    .where('r.status', '=', 'going')
    .where('s.status', '=', 'scheduled')
    .where('s.starts_at', '>=', start)
    .where('s.starts_at', '<', end)
    .where('s.starts_at', '<=', now)
    .orderBy('s.starts_at')
    .execute();
}
