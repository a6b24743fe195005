/**
 * The durable idempotency of session work: claimed steps, per-person deliveries, nudge rows and reflections.
 * Each is a unique row, so retried jobs, a second worker or a sweep after a Redis flush never repeat a message.
 */
import { LIVED_EXPERIENCE } from '../core/commands/command.js';
import type { Selectable } from 'kysely';
import type { Executor } from '../../db/schema.js';
import type { SessionDeliveriesTable, SessionReflectionsTable } from '../../db/tables/sessions.js';

export type SessionDelivery = Selectable<SessionDeliveriesTable>;
export type SessionReflectionRow = Selectable<SessionReflectionsTable>;

export async function claimedSteps(db: Executor, sessionId: number): Promise<Set<string>> {
  const rows = await db
    .selectFrom('session_steps')
    .select('step')
    .where('session_id', '=', sessionId)
    .execute();
  return new Set(rows.map((r) => r.step));
}

/** Claim a step; true only for the one caller that inserted the row. */
export async function claimStep(
  db: Executor,
  sessionId: number,
  step: string,
  status: 'done' | 'skipped',
  now: Date,
): Promise<boolean> {
  const row = await db
    .insertInto('session_steps')
    .values({ session_id: sessionId, step, status, at: now })
    .onConflict((oc) => oc.columns(['session_id', 'step']).doNothing())
    .returning('step')
    .executeTakeFirst();
  return row !== undefined;
}

/** Record that a message is to be sent; true when this call created the row (so the caller enqueues it). */
export async function createDelivery(
  db: Executor,
  sessionId: number,
  memberId: string,
  kind: string,
  now: Date,
): Promise<boolean> {
  const row = await db
    .insertInto('session_deliveries')
    .values({ session_id: sessionId, member_id: memberId, kind, status: 'pending', created_at: now })
    .onConflict((oc) => oc.columns(['session_id', 'member_id', 'kind']).doNothing())
    .returning('kind')
    .executeTakeFirst();
  return row !== undefined;
}

export async function getDelivery(
  db: Executor,
  sessionId: number,
  memberId: string,
  kind: string,
): Promise<SessionDelivery | undefined> {
  return db
    .selectFrom('session_deliveries')
    .selectAll()
    .where('session_id', '=', sessionId)
    .where('member_id', '=', memberId)
    .where('kind', '=', kind)
    .executeTakeFirst();
}

export async function finishDelivery(
  db: Executor,
  sessionId: number,
  memberId: string,
  kind: string,
  status: 'sent' | 'skipped' | 'failed',
  now: Date,
  ref?: Record<string, unknown>,
): Promise<void> {
  await db
    .insertInto('session_deliveries')
    .values({
      session_id: sessionId,
      member_id: memberId,
      kind,
      status,
      message_ref: ref ? JSON.stringify(ref) : null,
      created_at: now,
      sent_at: status === 'sent' ? now : null,
    })
    .onConflict((oc) =>
      oc.columns(['session_id', 'member_id', 'kind']).doUpdateSet({
        status,
        message_ref: ref ? JSON.stringify(ref) : null,
        sent_at: status === 'sent' ? now : null,
      }),
    )
    .execute();
}

/** Record a nudge; false when this person was already nudged for this session. */
export async function recordNudge(
  db: Executor,
  n: { sessionId: number; memberId: string; band: string; step: string; now: Date },
): Promise<boolean> {
  const row = await db
    .insertInto('session_nudges')
    .values({ session_id: n.sessionId, member_id: n.memberId, band: n.band, step: n.step, created_at: n.now })
    .onConflict((oc) => oc.columns(['session_id', 'member_id']).doNothing())
    .returning('member_id')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * People who could be invited by a nudge: members of the workspace with one of `bands` (`lived-experience`:
 * who said they have it), not paused, who have not answered and were not nudged for this session before.
 */
export async function nudgeCandidates(
  db: Executor,
  workspaceId: string,
  sessionId: number,
  bands: string[],
  now: Date,
): Promise<Array<{ id: string; band: string | null; lived_experience: boolean; external_id: string }>> {
  if (bands.length === 0) return [];
  const byBand = bands.filter((b) => b !== LIVED_EXPERIENCE);
  const livedExperience = bands.includes(LIVED_EXPERIENCE);
  const rows = await db
    .selectFrom('members')
    .select(['members.id', 'members.band', 'members.lived_experience', 'members.external_id'])
    .where('members.workspace_id', '=', workspaceId)
    .where((eb) =>
      eb.or([
        ...(byBand.length > 0 ? [eb('members.band', 'in', byBand)] : []),
        ...(livedExperience ? [eb('members.lived_experience', '=', true)] : []),
      ]),
    )
    .where((eb) => eb.or([eb('members.paused_until', 'is', null), eb('members.paused_until', '<=', now)]))
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('session_rsvps')
            .select('session_rsvps.member_id')
            .whereRef('session_rsvps.member_id', '=', 'members.id')
            .where('session_rsvps.session_id', '=', sessionId),
        ),
      ),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('session_nudges')
            .select('session_nudges.member_id')
            .whereRef('session_nudges.member_id', '=', 'members.id')
            .where('session_nudges.session_id', '=', sessionId),
        ),
      ),
    )
    .execute();
  // A band not asked for is dropped here, so a person asked for lived experience is not also listed by band.
  return rows.map((r) => ({
    id: r.id,
    band: r.band !== null && byBand.includes(r.band) ? r.band : null,
    lived_experience: livedExperience && r.lived_experience,
    external_id: r.external_id,
  }));
}

/** Save a reflection once; false when the member already answered or skipped. */
export async function saveReflection(
  db: Executor,
  r: {
    sessionId: number;
    memberId: string;
    setId: string;
    skipped: boolean;
    answers: string | null;
    now: Date;
  },
): Promise<boolean> {
  const row = await db
    .insertInto('session_reflections')
    .values({
      session_id: r.sessionId,
      member_id: r.memberId,
      set_id: r.setId,
      skipped: r.skipped,
      answers: r.answers,
      answered_at: r.now,
    })
    .onConflict((oc) => oc.columns(['session_id', 'member_id']).doNothing())
    .returning('member_id')
    .executeTakeFirst();
  return row !== undefined;
}

/** How many answered (not skipped) a session's reflection: shown only as a total of at least k. */
export async function countReflections(db: Executor, sessionId: number): Promise<number> {
  const row = await db
    .selectFrom('session_reflections')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('session_id', '=', sessionId)
    .where('skipped', '=', false)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function countReflectionsOfMember(db: Executor, memberId: string): Promise<number> {
  const row = await db
    .selectFrom('session_reflections')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('member_id', '=', memberId)
    .where('skipped', '=', false)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Deliveries still pending since before `before`: re-enqueued by the sweep (their job may have been lost). */
export async function stalePendingDeliveries(
  db: Executor,
  before: Date,
  limit = 500,
): Promise<Array<Pick<SessionDelivery, 'session_id' | 'member_id' | 'kind'>>> {
  return db
    .selectFrom('session_deliveries')
    .select(['session_id', 'member_id', 'kind'])
    .where('status', '=', 'pending')
    .where('created_at', '<', before)
    .orderBy('created_at')
    .limit(limit)
    .execute();
}

/** The members already nudged towards a session (never nudged or announced to twice). */
export async function nudgedMembers(db: Executor, sessionId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('session_nudges')
    .select('member_id')
    .where('session_id', '=', sessionId)
    .execute();
  return rows.map((r) => r.member_id);
}
