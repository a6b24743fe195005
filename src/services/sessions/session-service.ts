/**
 * Sessions: create and cancel (admins), RSVP with capacity and waitlist, the menu, the mix report and the
 * after-session reflection. Due work (nudges, reminders, reflection) lives in `session-due-work.ts`.
 */
import { Temporal } from 'temporal-polyfill';
import type { CommandOf, Caller, ServiceContext } from '../context.js';
import type { MixTarget } from '../../core/commands/command.js';
import { chooseSessionReflection, REFLECTION_MAX_LENGTH } from '../../core/checkins/index.js';
import {
  DEFAULT_NUDGE_HOURS,
  DEFAULT_NUDGE_LIMIT,
  evaluateMix,
  menuMessage,
  mixChart,
  mixReportMessage,
  type RsvpAnswer,
  type RsvpOutcome,
  sessionSteps,
} from '../../core/sessions/index.js';
import { type Message, withPicture } from '../../core/messages/message.js';
import { publishChart } from '../charts/publish.js';
import { UserError } from '../../errors.js';
import { inTransaction } from '../../store/transaction.js';
import { writeAudit } from '../../store/audit.repository.js';
import { sessionReflectionPlace } from '../../store/cipher-places.js';
import {
  answersOf,
  cancelSession,
  countGoing,
  firstWaiting,
  getRsvp,
  getSession,
  goingByBand,
  goingWithLivedExperience,
  goingCounts,
  insertSession,
  listUpcoming,
  lockSession,
  membersWithStatus,
  type Session,
  setRsvp,
  waitlistPosition,
} from '../../store/session.repository.js';
import { createDelivery, getDelivery, saveReflection } from '../../store/session-work.repository.js';
import { getWorkspace } from '../../store/workspace.repository.js';
import { resolveAudience } from '../cadences/cadence-service.js';
import { enqueueDeliveries, summarise, zoneOf } from './session-outbox.js';
import { sessionReflectionSets } from './reflection-sets.js';
import { z } from 'zod';
import { defineTask } from '../../jobs/job-types.js';

const sessionJob = z.object({ sessionId: z.number().int().positive() });
export const SESSION_DUE_TASK = defineTask('session.due', sessionJob);
export const SESSION_ANNOUNCE_TASK = defineTask('session.announce', sessionJob);
const DEFAULT_MINUTES = 60;

export interface RsvpResult {
  session: Session;
  outcome: RsvpOutcome;
}

export class SessionService {
  constructor(private readonly ctx: ServiceContext) {}

  /** `session add`: store the session, schedule its due work, and announce it to its audience. */
  async create(caller: Caller, c: CommandOf<'session.add'>): Promise<Session> {
    const now = this.ctx.clock.now();
    const zone = caller.workspace.timezone;
    const startsAt = new Date(
      Temporal.PlainDateTime.from(`${c.date}T${c.time}`).toZonedDateTime(zone).epochMilliseconds,
    );
    if (startsAt.getTime() <= now.getTime()) {
      throw new UserError(`${c.date} at ${c.time} (${zone}) has already passed. Choose a later time.`);
    }
    const audience = resolveAudience(c.audience, caller);
    const session = await inTransaction(this.ctx.db, async (tx) => {
      const s = await insertSession(tx, {
        workspaceId: caller.workspace.id,
        title: c.title.trim(),
        topic: c.topic?.trim() || undefined,
        startsAt,
        durationMinutes: c.durationMinutes ?? DEFAULT_MINUTES,
        place: c.where?.trim() || undefined,
        capacity: c.capacity,
        audience,
        mix: (c.mix ?? []).map((m) => ({ ...m })),
        nudgeHours: [...DEFAULT_NUDGE_HOURS],
        nudgeLimit: DEFAULT_NUDGE_LIMIT,
        createdBy: caller.member.id,
        now,
      });
      await writeAudit(tx, {
        workspaceId: caller.workspace.id,
        actorMemberId: caller.member.id,
        action: 'session.add',
        after: { session: s.id, startsAt: startsAt.toISOString(), capacity: c.capacity ?? null },
        at: now,
      });
      return s;
    });
    await this.scheduleSteps(session);
    await this.ctx.jobs.enqueueTask(
      SESSION_ANNOUNCE_TASK,
      { sessionId: session.id },
      { jobId: `session-${session.id}-announce` },
    );
    return session;
  }

  /**
   * One delayed task per step, computed from the injected clock (jobId per session and step). The tasks only
   * wake the due-work sweep: the claim in Postgres decides whether anything is sent.
   */
  async scheduleSteps(session: Session): Promise<void> {
    const now = this.ctx.clock.now().getTime();
    for (const step of sessionSteps({
      startsAt: new Date(session.starts_at),
      durationMinutes: session.duration_minutes,
      nudgeHours: session.nudge_hours,
    })) {
      await this.ctx.jobs.enqueueTask(
        SESSION_DUE_TASK,
        { sessionId: session.id },
        { jobId: `session-${session.id}-${step.step}`, delayMs: Math.max(0, step.at.getTime() - now) },
      );
    }
  }

  /** A session of the caller's workspace, or a UserError naming the id. */
  async owned(caller: Caller, id: number): Promise<Session> {
    const s = await getSession(this.ctx.db, id);
    if (!s || s.workspace_id !== caller.workspace.id) {
      throw new UserError(`There is no session with id ${id} here. \`/roundtable menu\` shows the sessions.`);
    }
    return s;
  }

  /** `session cancel`: mark it cancelled (raising its calendar SEQUENCE) and tell everyone going or waiting. */
  async cancel(caller: Caller, id: number): Promise<{ session: Session; told: number }> {
    const existing = await this.owned(caller, id);
    if (existing.status === 'cancelled') throw new UserError(`Session ${id} is already cancelled.`);
    const now = this.ctx.clock.now();
    const session = await inTransaction(this.ctx.db, async (tx) => {
      const s = await cancelSession(tx, id, now);
      if (!s) throw new UserError(`Session ${id} is already cancelled.`);
      await writeAudit(tx, {
        workspaceId: caller.workspace.id,
        actorMemberId: caller.member.id,
        action: 'session.cancel',
        before: { session: id, status: 'scheduled' },
        after: { session: id, status: 'cancelled' },
        at: now,
      });
      return s;
    });
    const people = await membersWithStatus(this.ctx.db, id, ['going', 'waitlist']);
    const fresh: string[] = [];
    for (const p of people) {
      if (await createDelivery(this.ctx.db, id, p.member_id, 'cancelled', now)) fresh.push(p.member_id);
    }
    await enqueueDeliveries(this.ctx, caller.workspace, id, fresh, 'cancelled');
    return { session, told: people.length };
  }

  /**
   * An RSVP click. The session row is locked for the whole decision, so simultaneous clicks are counted one at a
   * time: never more going than the capacity. Withdrawing from a full session promotes the first person waiting.
   */
  async rsvp(caller: Caller, sessionId: number, answer: RsvpAnswer): Promise<RsvpResult> {
    const now = this.ctx.clock.now();
    const memberId = caller.member.id;
    const result = await inTransaction(this.ctx.db, async (tx) => {
      const s = await lockSession(tx, sessionId);
      if (!s || s.workspace_id !== caller.workspace.id) {
        throw new UserError(
          'That session is no longer on the menu. `/roundtable menu` shows what is coming up.',
        );
      }
      if (s.status === 'cancelled')
        throw new UserError(`${s.title} has been cancelled, so there is nothing to answer.`);
      if (new Date(s.starts_at).getTime() <= now.getTime()) {
        throw new UserError(`${s.title} has already started, so answers are closed.`);
      }
      const current = await getRsvp(tx, sessionId, memberId);
      const band = caller.member.band;
      const livedExperience = caller.member.lived_experience;
      let outcome: RsvpOutcome;
      let newlyGoing = false;
      let promoted: { memberId: string; seq: string } | undefined;
      if (answer === 'not-going') {
        await setRsvp(tx, { sessionId, memberId, status: 'not-going', band, livedExperience, now });
        outcome = { kind: 'not-going' };
        if (current?.status === 'going') {
          const next = await firstWaiting(tx, sessionId);
          if (next) {
            await setRsvp(tx, {
              sessionId,
              memberId: next.member_id,
              status: 'going',
              band: next.band,
              livedExperience: next.lived_experience,
              now,
            });
            promoted = { memberId: next.member_id, seq: next.queued_seq ?? '0' };
          }
        }
      } else if (current?.status === 'going') {
        outcome = { kind: 'unchanged-going' };
      } else {
        const going = await countGoing(tx, sessionId);
        if (s.capacity === null || going < s.capacity) {
          await setRsvp(tx, { sessionId, memberId, status: 'going', band, livedExperience, now });
          outcome = { kind: 'going' };
          newlyGoing = true;
        } else if (current?.status === 'waitlist' && current.queued_seq) {
          outcome = {
            kind: 'unchanged-waitlist',
            position: await waitlistPosition(tx, sessionId, current.queued_seq),
          };
        } else {
          const row = await setRsvp(tx, {
            sessionId,
            memberId,
            status: 'waitlist',
            band,
            livedExperience,
            now,
          });
          outcome = { kind: 'waitlisted', position: await waitlistPosition(tx, sessionId, row.queued_seq!) };
        }
      }
      return { session: s, outcome, newlyGoing, promoted };
    });
    const ws = caller.workspace;
    if (result.newlyGoing && (await createDelivery(this.ctx.db, sessionId, memberId, 'calendar', now))) {
      await enqueueDeliveries(this.ctx, ws, sessionId, [memberId], 'calendar');
    }
    if (result.promoted) {
      const what = `promoted-${result.promoted.seq}`;
      if (await createDelivery(this.ctx.db, sessionId, result.promoted.memberId, what, now)) {
        await enqueueDeliveries(this.ctx, ws, sessionId, [result.promoted.memberId], what);
      }
    }
    return { session: result.session, outcome: result.outcome };
  }

  /**
   * Save an after-session reflection (or a skip), once. Only someone who was sent the reflection may answer;
   * the words are encrypted before they reach the database.
   */
  async reflect(
    caller: Caller,
    sessionId: number,
    verb: 'send' | 'skip',
    values: Record<string, string>,
  ): Promise<'saved' | 'skipped' | 'already' | 'closed'> {
    const delivery = await getDelivery(this.ctx.db, sessionId, caller.member.id, 'reflection');
    const session = await getSession(this.ctx.db, sessionId);
    if (!session || session.workspace_id !== caller.workspace.id || delivery?.status !== 'sent')
      return 'closed';
    const answers = {
      what: tidy(values.what),
      soWhat: tidy(values.soWhat),
      nowWhat: tidy(values.nowWhat),
    };
    const empty = !answers.what && !answers.soWhat && !answers.nowWhat;
    const skipped = verb === 'skip' || empty;
    const set = chooseSessionReflection(sessionReflectionSets(), session.topic ?? undefined);
    const saved = await saveReflection(this.ctx.db, {
      sessionId,
      memberId: caller.member.id,
      setId: set?.id ?? 'general',
      skipped,
      answers: skipped
        ? null
        : this.ctx.cipher.encrypt(
            JSON.stringify(answers),
            sessionReflectionPlace(sessionId, caller.member.id),
          ),
      now: this.ctx.clock.now(),
    });
    if (!saved) return 'already';
    return skipped ? 'skipped' : 'saved';
  }

  /** `menu` / `session list`: upcoming sessions with the caller's answers. */
  async menu(caller: Caller): Promise<Message> {
    const now = this.ctx.clock.now();
    const sessions = await listUpcoming(this.ctx.db, caller.workspace.id, now);
    const ids = sessions.map((s) => s.id);
    const [counts, answers] = await Promise.all([
      goingCounts(this.ctx.db, ids),
      answersOf(this.ctx.db, caller.member.id, ids),
    ]);
    const zone = zoneOf(caller.member, caller.workspace);
    return menuMessage(
      sessions.map((s) => summarise(s, counts.get(s.id) ?? 0, zone)),
      answers,
      { admin: caller.admin },
    );
  }

  /**
   * `session mix <id>`: people per band against the target, through the disclosure rule, and the bands a nudge
   * now would go to (no count of whom: that would show a "not this time" or a pause).
   */
  async mixReport(caller: Caller, id: number): Promise<Message> {
    const s = await this.owned(caller, id);
    const byBand = await goingByBand(this.ctx.db, id);
    const evaluation = evaluateMix({
      mix: s.mix as MixTarget[],
      capacity: s.capacity,
      goingByBand: byBand,
      livedExperienceGoing: await goingWithLivedExperience(this.ctx.db, id),
    });
    const ahead =
      s.status === 'scheduled' && new Date(s.starts_at).getTime() > this.ctx.clock.now().getTime();
    const nudgeBands = ahead && evaluation.placesLeft !== 0 ? evaluation.under.map((b) => b.band) : [];
    const waitlisted = (await membersWithStatus(this.ctx.db, id, ['waitlist'])).length;
    const input = {
      id,
      title: s.title,
      evaluation,
      goingByBand: byBand,
      waitlisted,
      nudgeBands,
      k: caller.workspace.k,
    };
    return withPicture(mixReportMessage(input), await publishChart(this.ctx, mixChart(input)));
  }

  /** The workspace of a session (for jobs, which carry only the session id). */
  async workspaceOf(session: Session) {
    return getWorkspace(this.ctx.db, session.workspace_id);
  }
}

function tidy(value: string | undefined): string {
  return (value ?? '').trim().slice(0, REFLECTION_MAX_LENGTH);
}
