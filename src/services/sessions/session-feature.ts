/**
 * The sessions feature: `session add|list|cancel|mix` and `menu`, the RSVP and reflection buttons, the jobs that
 * send session messages and run due work, and what sessions add to the home view, `me` and `status`.
 */
import { effectiveK } from '../../core/checkins/index.js';
import { type Message, textMessage } from '../../core/messages/message.js';
import {
  formatSessionWhen,
  parseSessionValue,
  RSVP_ANSWERS,
  reflectionThanksMessage,
  rsvpReplyMessage,
  SESSION_IDS,
} from '../../core/sessions/index.js';
import type { Reply } from '../../ports.js';
import { answersOf, listUpcoming, recentlyStarted, rsvpsOfMember } from '../../store/session.repository.js';
import { countReflections, countReflectionsOfMember } from '../../store/session-work.repository.js';
import { describeAudience, type StoredAudience } from '../cadences/cadence-service.js';
import type { Feature, ServiceContext } from '../context.js';
import { SessionDueWork } from './session-due-work.js';
import { anyKind } from '../../delivery/engine.js';
import { sessionKind, zoneOf } from './session-outbox.js';
import { SESSION_ANNOUNCE_TASK, SESSION_DUE_TASK, SessionService } from './session-service.js';
import { sessionReflectionSets } from './reflection-sets.js';
import { defineTask, noData } from '../../jobs/job-types.js';

export const SESSION_SWEEP_TASK = defineTask('sessions.sweep', noData);
const SWEEP_EVERY_MS = 60_000;
const DAY_MS = 24 * 3_600_000;

/** The feature, with its services exposed for the job handlers and for tests (`runDueWork(now)`). */
export interface SessionFeature extends Feature {
  service: SessionService;
  dueWork: SessionDueWork;
}

/** Find the sessions feature among the composed features. */
export function sessionsOf(features: readonly Feature[]): SessionFeature {
  const f = features.find((x) => x.name === 'sessions');
  if (!f) throw new Error('the sessions feature is not composed');
  return f as SessionFeature;
}

export function sessionFeature(ctx: ServiceContext): SessionFeature {
  const service = new SessionService(ctx);
  const dueWork = new SessionDueWork(ctx);
  const reflectionSets = sessionReflectionSets();
  const reply = (message: Message): Reply => ({ message });

  return {
    name: 'sessions',
    service,
    dueWork,
    commands: {
      'session.add': {
        admin: true,
        queue: true,
        run: async (c, caller) => {
          const s = await service.create(caller, c);
          const zone = caller.workspace.timezone;
          const mix = (c.mix ?? []).map((m) => `${m.band} ${m.count ?? `${m.percent}%`}`).join(', ');
          const lines = [
            `Added session ${s.id}: ${s.title}, ${formatSessionWhen(new Date(s.starts_at), s.duration_minutes, zone)}.`,
            `It is being announced to ${describeAudience(s.audience as StoredAudience)}.`,
            s.capacity ? `Capacity: ${s.capacity}, with a waitlist after that.` : 'No capacity limit.',
            mix
              ? `Mix target: ${mix}. I will invite people from roles under the target 7 and 3 days before.`
              : 'No mix target.',
          ];
          return reply(textMessage(lines.join('\n')));
        },
      },
      'session.list': { admin: false, run: async (_c, caller) => reply(await service.menu(caller)) },
      'session.cancel': {
        admin: true,
        queue: true,
        run: async (c, caller) => {
          const { session, told } = await service.cancel(caller, c.id);
          return reply(
            textMessage(
              `Session ${session.id} (${session.title}) is cancelled. I am letting the ${told} ${told === 1 ? 'person' : 'people'} who were going or waiting know.`,
            ),
          );
        },
      },
      'session.mix': { admin: true, run: async (c, caller) => reply(await service.mixReport(caller, c.id)) },
    },
    actions: {
      [SESSION_IDS.rsvp]: async (event, caller) => {
        const parsed = parseSessionValue(event.value, RSVP_ANSWERS);
        if (!parsed) return { reply: textMessage('That button is no longer active.') };
        const { session, outcome } = await service.rsvp(caller, parsed.sessionId, parsed.verb);
        return { reply: rsvpReplyMessage(session, outcome) };
      },
      [SESSION_IDS.reflect]: async (event, caller) => {
        const parsed = parseSessionValue(event.value, ['send', 'skip'] as const);
        if (!parsed) return { reply: textMessage('That button is no longer active.') };
        const result = await service.reflect(caller, parsed.sessionId, parsed.verb, event.values);
        if (result === 'closed') return { reply: textMessage('That reflection is no longer open.') };
        if (result === 'already')
          return { update: textMessage('You have already answered this one. Thank you.') };
        return { update: reflectionThanksMessage(result === 'skipped') };
      },
    },
    registerJobs(jobs) {
      jobs.onTask(SESSION_ANNOUNCE_TASK, async (data) => {
        await dueWork.announce(data.sessionId);
      });
      jobs.onTask(SESSION_DUE_TASK, async (data) => {
        await dueWork.runDueWork(ctx.clock.now(), data.sessionId);
      });
      jobs.onTask(SESSION_SWEEP_TASK, async () => {
        await dueWork.runDueWork(ctx.clock.now());
      });
    },
    messages: [anyKind(sessionKind(ctx, reflectionSets))],
    // The sweep catches anything whose delayed task was lost (lost sends are the delivery sweep's).
    periodic: [{ id: 'sessions-sweep', everyMs: SWEEP_EVERY_MS, task: SESSION_SWEEP_TASK.name }],
    home: async (caller) => {
      const now = ctx.clock.now();
      const upcoming = await listUpcoming(ctx.db, caller.workspace.id, now, 10);
      if (upcoming.length === 0) return [];
      const mine = await answersOf(
        ctx.db,
        caller.member.id,
        upcoming.map((s) => s.id),
      );
      const zone = zoneOf(caller.member, caller.workspace);
      const lines = upcoming.slice(0, 5).map((s) => {
        const answer = mine.get(s.id);
        const tag =
          answer === 'going' ? ' — you are going' : answer === 'waitlist' ? ' — on the waitlist' : '';
        return `- ${s.title}, ${formatSessionWhen(new Date(s.starts_at), s.duration_minutes, zone)}${tag}`;
      });
      return [
        { type: 'section', title: 'Upcoming sessions', text: lines.join('\n') },
        { type: 'context', text: '`/roundtable menu` shows them all, with buttons to answer.' },
      ];
    },
    aboutMe: async (member) => {
      const rsvps = await rsvpsOfMember(ctx.db, member.id);
      const reflections = await countReflectionsOfMember(ctx.db, member.id);
      const lines: string[] = [];
      if (rsvps.length > 0) {
        const answers = rsvps
          .map((r) => `${r.title} (${r.status}${r.band ? `, as ${r.band}` : ''})`)
          .join('; ');
        lines.push(`Session answers, with the role you had when you answered: ${answers}`);
      }
      if (reflections > 0) {
        lines.push(`Session reflections: ${reflections}, stored encrypted; only you can read them`);
      }
      return lines;
    },
    status: async (workspace) => {
      const now = ctx.clock.now();
      const upcoming = await listUpcoming(ctx.db, workspace.id, now, 100);
      const lines = [`Sessions planned: ${upcoming.length}`];
      const k = effectiveK(workspace.k);
      const recent = await recentlyStarted(
        ctx.db,
        workspace.id,
        new Date(now.getTime() - 30 * DAY_MS),
        now,
        5,
      );
      for (const s of recent) {
        const n = await countReflections(ctx.db, s.id);
        // A total under k could point at individuals in a small session: say only that it is small.
        lines.push(`- reflections after session ${s.id}: ${n >= k ? n : `fewer than ${k}`}`);
      }
      return lines;
    },
  };
}
