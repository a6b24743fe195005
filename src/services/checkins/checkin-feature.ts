/**
 * Reflective check-ins as a feature: the `checkin` cadence's firing (fan-out), `checkin now`, `report
 * checkins`, the Save / Skip buttons, the jobs, and what check-ins add to `status`, `checkin list`, the home
 * view and `me`. The learning digest is a second feature over the same answers.
 */
import { DEFAULT_K, type PromptLibrary } from '../../core/checkins/index.js';
import type { Block } from '../../core/messages/message.js';
import { textMessage } from '../../core/messages/message.js';
import { nextOccurrences } from '../../core/schedule/index.js';
import { writeAudit } from '../../store/audit.repository.js';
import { listCadences } from '../../store/cadence.repository.js';
import { countMemberAnswers } from '../../store/checkin-answer.repository.js';
import { isPaused } from '../../store/member.repository.js';
import { getWorkspace } from '../../store/workspace.repository.js';
import { QueueUnavailable } from '../../errors.js';
import { claimOccurrence, deleteUnstartedOccurrence } from '../../store/occurrence.repository.js';
import { prompts } from '../../prompts-loader.js';
import {
  type StoredAudience,
  describeAudience,
  formatWhen,
  resolveAudience,
} from '../cadences/cadence-service.js';
import type { Caller, Feature, ServiceContext } from '../context.js';
import { answerCheckin } from './answers.js';
import { coproductionFeature } from './coproduction-feature.js';
import { fireDigest, digestKind } from './digest.js';
import {
  aboutSaidWeDid,
  digestResponses,
  forgetSharer,
  digestResponseKind,
  respondToDigest,
  digestResponseDmKind,
} from './digest-response.js';
import { respondToReportWeek } from './report-response.js';
import { type FanOutData, fanOut, workspaceKey } from './fan-out.js';
import { CHECKIN_JOBS, CHECKIN_OUTBOX, CHECKIN_TASKS, DAY_MS, RETENTION_SCHEDULER } from './job-names.js';
import { RoundFactsCache } from './round-facts.js';
import { describeCounts, describeLatestRound, runningRounds } from './progress.js';
import { effectiveZone } from './quiet-hours.js';
import { remindOccurrence } from './reminders.js';
import { checkinReport } from './report.js';
import { runRetention } from './retention.js';
import { anyKind } from '../../delivery/engine.js';
import { checkinKind, previewKind, reminderKind, supportKind } from './sender.js';
import { signpostNotice } from './signpost-notice.js';
import { withLine } from '../../core/messages/message.js';

/** Enqueue the fan-out of an occurrence (a cadence firing or `checkin now`). */
async function enqueueFanOut(ctx: ServiceContext, data: FanOutData): Promise<void> {
  await ctx.jobs.enqueueTask(CHECKIN_TASKS.fanOut, data, { jobId: `fanout-${data.occurrenceId}` });
}

/** The next check-in a member may get, across the workspace's check-in cadences. */
async function nextCheckin(ctx: ServiceContext, caller: Caller): Promise<Date | undefined> {
  const zone = effectiveZone(caller.member, caller.workspace);
  let next: Date | undefined;
  for (const c of await listCadences(ctx.db, caller.workspace.id, 'checkin')) {
    const audience = c.audience as StoredAudience;
    if (c.paused || (audience.kind === 'role' && audience.band !== caller.member.band)) continue;
    const at = nextOccurrences(
      { rrule: c.rrule, zone: c.zone, text: c.schedule_text },
      c.zone === 'local' ? zone : c.zone,
      ctx.clock.now(),
      1,
    )[0];
    if (at && (!next || at < next)) next = at;
  }
  return next;
}

/**
 * The check-in feature. `library` defaults to the validated `prompts/checkins.json`; loading it throws (and so
 * stops the app from starting) when the library is invalid.
 */
export function checkinFeature(ctx: ServiceContext, library: PromptLibrary = prompts().checkins): Feature {
  // What a round's sends share, loaded once per round in this process (round-facts.ts).
  const rounds = new RoundFactsCache(ctx, library);
  return {
    name: 'checkins',
    cadence: {
      kind: 'checkin',
      fire: async (_cadence, occurrence) => enqueueFanOut(ctx, { occurrenceId: occurrence.id }),
    },
    commands: {
      'checkin.now': {
        admin: true,
        queue: true,
        run: async (c, caller) => {
          const audience = resolveAudience(c.audience, caller);
          const now = ctx.clock.now();
          const { occurrence } = await claimOccurrence(ctx.db, {
            cadenceId: null,
            workspaceId: caller.workspace.id,
            kind: 'checkin',
            scheduledFor: now,
            zone: '',
          });
          try {
            await enqueueFanOut(ctx, { occurrenceId: occurrence.id, audience });
          } catch (error) {
            // Redis went away after the check before this command: take the occurrence back, so nothing is
            // half done and the admin's "try again" sends exactly once.
            if (error instanceof QueueUnavailable) await deleteUnstartedOccurrence(ctx.db, occurrence.id);
            throw error;
          }
          await writeAudit(ctx.db, {
            workspaceId: caller.workspace.id,
            actorMemberId: caller.member.id,
            action: 'checkin.now',
            after: { occurrence: occurrence.id, audience: describeAudience(audience) },
            at: now,
          });
          await ctx.jobs.enqueueOutbox(
            CHECKIN_OUTBOX.preview,
            {
              workspaceKey: workspaceKey(caller.workspace),
              platform: caller.workspace.platform,
              memberId: caller.member.id,
            },
            { jobId: `preview-${occurrence.id}` },
          );
          const sending = textMessage(
            `Sending a check-in now to ${describeAudience(audience)}. A preview is on its way to you by direct message. ` +
              '`/roundtable status` shows how the sending is going.',
          );
          const notice = await signpostNotice(ctx, caller);
          return { message: notice ? withLine(sending, notice) : sending };
        },
      },
      'report.checkins': {
        admin: true,
        run: async (c, caller) => ({ message: await checkinReport(ctx, caller.workspace, c.weeks) }),
      },
      'report.respond': {
        admin: true,
        run: async (c, caller) => respondToReportWeek(ctx, c, caller),
      },
    },
    actions: {
      'checkin.': (event, caller) => answerCheckin(ctx, event, caller, library),
    },
    registerJobs: (jobs) => {
      jobs.onTask(CHECKIN_TASKS.fanOut, (data) => fanOut(ctx, data, { base: library, rounds }));
      jobs.onTask(CHECKIN_TASKS.remind, (data) => remindOccurrence(ctx, data));
      jobs.onTask(CHECKIN_TASKS.retention, async () => {
        await runRetention(ctx);
      });
    },
    messages: [
      anyKind(checkinKind(ctx, library, rounds)),
      anyKind(reminderKind(ctx, library)),
      anyKind(supportKind(ctx)),
      anyKind(previewKind(ctx, library)),
    ],
    periodic: [{ id: RETENTION_SCHEDULER, everyMs: DAY_MS, task: CHECKIN_JOBS.retention }],
    describeCadence: async (cadence) => {
      const workspace = await getWorkspace(ctx.db, cadence.workspace_id);
      return describeLatestRound(ctx, cadence.id, workspace?.k ?? DEFAULT_K);
    },
    status: async (workspace) => {
      const rounds = await runningRounds(ctx, workspace.id);
      if (rounds.length === 0) return ['Check-ins: no round is sending right now.'];
      return rounds.map(
        ({ occurrence, counts }) =>
          `Check-in round ${occurrence.id}${occurrence.cadence_id ? ` (schedule ${occurrence.cadence_id})` : ' (sent now)'}: ${describeCounts(counts, true, workspace.k)}`,
      );
    },
    home: async (caller): Promise<Block[]> => {
      const now = ctx.clock.now();
      if (isPaused(caller.member, now)) {
        return [{ type: 'section', title: 'Check-ins', text: 'Check-ins are paused for you.' }];
      }
      const next = await nextCheckin(ctx, caller);
      if (!next) return [];
      const zone = effectiveZone(caller.member, caller.workspace);
      return [{ type: 'section', title: 'Check-ins', text: `Next check-in: ${formatWhen(next, zone)}` }];
    },
    aboutMe: async (member) => {
      const { answers, reflections, shared } = await countMemberAnswers(ctx.db, member.id);
      return [
        `Check-in answers stored: ${answers} (${reflections} with a reflection, encrypted; ${shared} shared anonymously)`,
      ];
    },
  };
}

/** The learning digest: fires `digest` cadences, and its answers ("you said, we did"). */
export function digestFeature(ctx: ServiceContext): Feature {
  return {
    name: 'digest',
    cadence: { kind: 'digest', fire: async (_cadence, occurrence) => fireDigest(ctx, occurrence) },
    commands: {
      // Admins only: a role band is self-declared (`me role leader`), and an answer reaches every sharer.
      'digest.respond': {
        admin: true,
        queue: true,
        run: async (c, caller) => respondToDigest(ctx, c, caller),
      },
      'digest.responses': { admin: true, run: async (_c, caller) => digestResponses(ctx, caller) },
    },
    messages: [
      anyKind(digestKind(ctx)),
      anyKind(digestResponseKind(ctx)),
      anyKind(digestResponseDmKind(ctx)),
    ],
    forget: (member) => forgetSharer(ctx, member),
    aboutMe: (member) => aboutSaidWeDid(ctx, member),
  };
}

/** Both check-in features, for `src/services/index.ts`. */
export function checkinFeatures(ctx: ServiceContext): Feature[] {
  return [checkinFeature(ctx), digestFeature(ctx), coproductionFeature(ctx)];
}
