/**
 * The schedule commands of every cadence kind (`checkin schedule|list|pause|resume|delete`, `pairing schedule`,
 * `digest schedule`) and `status`. What a firing does belongs to each feature.
 */
import { missedStatusLines } from '../../delivery/missed.js';
import { countLivedExperience, countMembers } from '../../store/member.repository.js';
import { countWords, discloseCount } from '../../core/anonymity/disclosure.js';
import { textMessage } from '../../core/messages/message.js';
import type { Reply } from '../../ports.js';
import { type Cadence, listCadences } from '../../store/cadence.repository.js';
import type { Caller, Feature, ServiceContext } from '../context.js';
import { type CadenceService, describeAudience, formatWhen, resolveAudience } from './cadence-service.js';
import { signpostNotice } from '../checkins/signpost-notice.js';
import { withLine } from '../../core/messages/message.js';

export function cadenceFeature(
  ctx: ServiceContext,
  cadences: CadenceService,
  features: () => Feature[],
): Feature {
  function scheduledReply(caller: Caller, cadence: Cadence, replaced: boolean, what: string): Reply {
    const zone = cadences.displayZone(cadence, caller);
    const next = cadences.nextTimes(cadence, zone, 3).map((d) => `- ${formatWhen(d, zone)}`);
    const local = cadence.zone === 'local' ? ' (each person at this time in their own time zone)' : '';
    return {
      message: textMessage(
        [
          `${replaced ? 'Updated' : 'Scheduled'} ${what} ${cadence.id}: ${cadence.schedule_text}${local}, to ${describeAudience(cadence.audience)}.`,
          'Next times:',
          ...(next.length > 0 ? next : ['- none: this schedule never fires again']),
        ].join('\n'),
      ),
    };
  }

  async function list(caller: Caller, kind: Cadence['kind']): Promise<Reply> {
    const rows = await listCadences(ctx.db, caller.workspace.id, kind);
    if (rows.length === 0) return { message: textMessage(`No ${kind} schedules yet.`) };
    const owner = features().find((f) => f.cadence?.kind === kind);
    const lines: string[] = [];
    for (const c of rows) {
      const zone = cadences.displayZone(c, caller);
      const next = c.paused ? undefined : cadences.nextTimes(c, zone, 1)[0];
      const extra = await owner?.describeCadence?.(c);
      lines.push(
        `${c.id}: ${c.schedule_text} to ${describeAudience(c.audience)} — ${c.paused ? 'paused' : next ? `next ${formatWhen(next, zone)}` : 'no more times'}${extra ? ` — ${extra}` : ''}`,
      );
    }
    return { message: textMessage(lines.join('\n')) };
  }

  const change =
    (kind: Cadence['kind'], verb: 'pause' | 'resume' | 'delete') =>
    async (c: { id: number }, caller: Caller): Promise<Reply> => {
      await cadences.change(caller, kind, c.id, verb);
      const done = { pause: 'paused', resume: 'resumed', delete: 'deleted' }[verb];
      return {
        message: textMessage(`${kind === 'checkin' ? 'Check-in' : kind} schedule ${c.id} is ${done}.`),
      };
    };

  return {
    name: 'cadences',
    commands: {
      'checkin.schedule': {
        admin: true,
        queue: true,
        run: async (c, caller) => {
          const { cadence, replaced } = await cadences.upsert(
            caller,
            'checkin',
            c.schedule,
            resolveAudience(c.audience, caller),
          );
          const reply = scheduledReply(caller, cadence, replaced, 'check-in');
          const notice = await signpostNotice(ctx, caller);
          return notice && reply.message ? { message: withLine(reply.message, notice) } : reply;
        },
      },
      'checkin.list': { admin: true, run: async (_c, caller) => list(caller, 'checkin') },
      'checkin.pause': { admin: true, queue: true, run: change('checkin', 'pause') },
      'checkin.resume': { admin: true, queue: true, run: change('checkin', 'resume') },
      'checkin.delete': { admin: true, queue: true, run: change('checkin', 'delete') },
      'pairing.schedule': {
        admin: true,
        queue: true,
        run: async (c, caller) => {
          const { cadence, replaced } = await cadences.upsert(
            caller,
            'pairing',
            c.schedule,
            { kind: 'role', band: 'leader' },
            {
              size: c.size ?? 2,
            },
          );
          return scheduledReply(caller, cadence, replaced, `pairing rounds (groups of ${c.size ?? 2})`);
        },
      },
      'digest.schedule': {
        admin: true,
        queue: true,
        run: async (c, caller) => {
          const { cadence, replaced } = await cadences.upsert(caller, 'digest', c.schedule, {
            kind: 'channel',
            channelId: c.channel.channelId,
            name: c.channel.name,
          });
          return scheduledReply(caller, cadence, replaced, 'learning digest');
        },
      },
      status: {
        admin: true,
        run: async (_c, caller) => {
          const rows = await listCadences(ctx.db, caller.workspace.id);
          const members = await countMembers(ctx.db, caller.workspace.id);
          // A private attribute: only ever a count through the disclosure rule, never below k.
          const lived = countWords(
            discloseCount(await countLivedExperience(ctx.db, caller.workspace.id), caller.workspace.k),
            caller.workspace.k,
          );
          const lines = [
            `Members known to Roundtable: ${members}`,
            `People who said they have lived experience: ${lived}`,
            `Schedules: ${rows.length}`,
          ];
          for (const c of rows) {
            const zone = cadences.displayZone(c, caller);
            const next = c.paused ? undefined : cadences.nextTimes(c, zone, 1)[0];
            lines.push(
              `- ${c.kind} ${c.id}: ${c.schedule_text} — ${c.paused ? 'paused' : next ? `next ${formatWhen(next, zone)}` : 'no more times'}`,
            );
          }
          for (const f of features()) if (f.status) lines.push(...(await f.status(caller.workspace)));
          lines.push(...(await missedStatusLines(ctx, caller.workspace)));
          try {
            const counts = await ctx.jobs.counts();
            const q = (n: keyof typeof counts) =>
              `${n}: ${counts[n].waiting ?? 0} waiting, ${counts[n].active ?? 0} active, ${counts[n].delayed ?? 0} delayed, ${counts[n].failed ?? 0} failed`;
            lines.push('Queues:', `- ${q('outbox')}`, `- ${q('tasks')}`);
          } catch {
            lines.push('Queues: the job queue is not answering right now.');
          }
          return { message: textMessage(lines.join('\n')) };
        },
      },
    },
  };
}
