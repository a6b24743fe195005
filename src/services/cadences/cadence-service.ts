/**
 * Cadences: stored as RRULE + zone in Postgres, turned into BullMQ job schedulers by reconciliation, fired into
 * occurrences. The features (check-ins, pairing, digests) say what a firing does.
 */
import { inTransaction } from '../../store/transaction.js';
import { LIVED_EXPERIENCE } from '../../core/commands/command.js';
import { getWorkspace } from '../../store/workspace.repository.js';
import type { Audience } from '../../core/commands/command.js';
import { nextOccurrences, previousOccurrence } from '../../core/schedule/index.js';
import type { Schedule } from '../../core/schedule/schedule.js';
import { UserError } from '../../errors.js';
import { desiredSchedulers, reconcileSchedulers } from '../../jobs/scheduler-reconcile.js';
import { writeAudit } from '../../store/audit.repository.js';
import {
  type Cadence,
  deleteCadence,
  getCadence,
  insertCadence,
  listCadences,
  updateCadence,
} from '../../store/cadence.repository.js';
import { claimOccurrence, occurrenceExists } from '../../store/occurrence.repository.js';
import type { Caller, Feature, ServiceContext } from '../context.js';
import { SCHEDULE_TASKS } from './schedule-jobs.js';

/** The stored audience: "this channel/team" resolved to ids at creation time. */
export type StoredAudience =
  | { kind: 'channel'; channelId: string; name?: string }
  | { kind: 'team'; teamId: string }
  | { kind: 'role'; band: string }
  | { kind: 'everyone' };

/** "this channel" said in a direct or group direct message. */
export const NOT_A_CHANNEL =
  'I can only send to a channel from here. Name one, like `to #team`, or use `to everyone` or `to role <band>`.';

export function resolveAudience(audience: Audience | undefined, caller: Caller): StoredAudience {
  const a = audience ?? { kind: 'this-channel' };
  switch (a.kind) {
    case 'channel':
      return { kind: 'channel', channelId: a.channel.channelId, name: a.channel.name };
    case 'this-channel':
      if (caller.teamId) return { kind: 'team', teamId: caller.teamId };
      // The bot does not read who is in a DM or group DM (no im:read/mpim:read scopes, SECURITY.md).
      if (caller.conversation) throw new UserError(NOT_A_CHANNEL);
      if (!caller.channelId) {
        throw new UserError(
          "I can't tell which channel you mean here. Say it in the channel, or add `to everyone`, `to role <band>` or `to #channel`.",
        );
      }
      return { kind: 'channel', channelId: caller.channelId };
    case 'this-team':
      if (!caller.teamId)
        throw new UserError('`to this team` works only in a Teams team channel. Try `to everyone`.');
      return { kind: 'team', teamId: caller.teamId };
    case 'role':
      return { kind: 'role', band: a.band };
    case 'everyone':
      return { kind: 'everyone' };
  }
}

export function describeAudience(a: StoredAudience | Record<string, unknown>): string {
  const audience = a as StoredAudience;
  switch (audience.kind) {
    case 'channel':
      return audience.name ? `#${audience.name}` : 'a channel';
    case 'team':
      return 'this team';
    case 'role':
      // Lived experience is not a role: the audience is the people who said they have it.
      return audience.band === LIVED_EXPERIENCE
        ? 'everyone who said they have lived experience'
        : `everyone with the role ${audience.band}`;
    case 'everyone':
      return 'everyone';
    default:
      return 'unknown';
  }
}

/** Format a time for people: in their zone, plain. */
export function formatWhen(at: Date, zone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(at);
}

export class CadenceService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly features: () => Feature[],
  ) {}

  /** The zone in which a person sees a cadence's times. */
  displayZone(cadence: Pick<Cadence, 'zone'>, caller: Caller): string {
    if (cadence.zone !== 'local') return cadence.zone;
    return caller.member.timezone ?? caller.workspace.timezone;
  }

  nextTimes(cadence: Pick<Cadence, 'rrule' | 'zone' | 'schedule_text'>, zone: string, count: number): Date[] {
    const schedule: Schedule = { rrule: cadence.rrule, zone: cadence.zone, text: cadence.schedule_text };
    return nextOccurrences(schedule, zone, this.ctx.clock.now(), count);
  }

  /**
   * Create a cadence, or replace the schedule of the one with the same kind and `replaceKey` (same audience for
   * check-ins, one per workspace for pairing, same channel for digests).
   */
  async upsert(
    caller: Caller,
    kind: Cadence['kind'],
    schedule: Schedule,
    audience: StoredAudience,
    options: Record<string, unknown> = {},
  ): Promise<{ cadence: Cadence; replaced: boolean }> {
    const now = this.ctx.clock.now();
    const existing = (await listCadences(this.ctx.db, caller.workspace.id, kind)).find((c) =>
      kind === 'pairing' ? true : JSON.stringify(c.audience) === JSON.stringify(audience),
    );
    const result = await inTransaction(this.ctx.db, async (tx) => {
      if (existing) {
        const updated = await updateCadence(
          tx,
          existing.id,
          { rrule: schedule.rrule, zone: schedule.zone, scheduleText: schedule.text, options, paused: false },
          now,
        );
        await writeAudit(tx, {
          workspaceId: caller.workspace.id,
          actorMemberId: caller.member.id,
          action: `${kind}.schedule`,
          before: { cadence: existing.id, schedule: existing.schedule_text },
          after: { cadence: existing.id, schedule: schedule.text },
          at: now,
        });
        return { cadence: updated!, replaced: true };
      }
      const cadence = await insertCadence(tx, {
        workspaceId: caller.workspace.id,
        kind,
        rrule: schedule.rrule,
        zone: schedule.zone,
        scheduleText: schedule.text,
        audience,
        options,
        createdBy: caller.member.id,
        now,
      });
      await writeAudit(tx, {
        workspaceId: caller.workspace.id,
        actorMemberId: caller.member.id,
        action: `${kind}.schedule`,
        after: { cadence: cadence.id, schedule: schedule.text, audience: describeAudience(audience) },
        at: now,
      });
      return { cadence, replaced: false };
    });
    await this.reconcileSoon();
    return result;
  }

  /** Pause, resume or delete; only a cadence of this workspace and kind. */
  async change(
    caller: Caller,
    kind: Cadence['kind'],
    id: number,
    verb: 'pause' | 'resume' | 'delete',
  ): Promise<Cadence> {
    const cadence = await getCadence(this.ctx.db, id);
    if (!cadence || cadence.workspace_id !== caller.workspace.id || cadence.kind !== kind) {
      throw new UserError(
        `There is no ${kind} cadence with id ${id} here. \`/roundtable ${kind} list\` shows the ids.`,
      );
    }
    const now = this.ctx.clock.now();
    await inTransaction(this.ctx.db, async (tx) => {
      if (verb === 'delete') await deleteCadence(tx, id);
      else await updateCadence(tx, id, { paused: verb === 'pause' }, now);
      await writeAudit(tx, {
        workspaceId: caller.workspace.id,
        actorMemberId: caller.member.id,
        action: `${kind}.${verb}`,
        before: { cadence: id, paused: cadence.paused },
        after: verb === 'delete' ? { cadence: id, deleted: true } : { cadence: id, paused: verb === 'pause' },
        at: now,
      });
    });
    await this.reconcileSoon();
    return cadence;
  }

  /** Reconcile now when this process runs workers; otherwise (web role) hand it to a worker through the queue. */
  async reconcileSoon(): Promise<void> {
    await reconcileSchedulers({
      db: this.ctx.db,
      queue: this.ctx.jobs.queues.cadence,
      logger: this.ctx.logger,
      tasksQueue: this.ctx.jobs.queues.tasks,
      periodic: this.features().flatMap((f) => f.periodic ?? []),
    });
  }

  /**
   * A scheduler fired. Claim the occurrence (unique per cadence, time and zone), skip it when it is later than
   * the grace window (the app was down), otherwise hand it to the feature that owns the cadence kind.
   */
  async fire(cadenceId: number, zone: string, scheduledFor: Date): Promise<void> {
    const cadence = await getCadence(this.ctx.db, cadenceId);
    if (!cadence || cadence.paused) return;
    const workspace = await getWorkspace(this.ctx.db, cadence.workspace_id);
    if (!workspace?.active) return;
    const late = this.ctx.clock.now().getTime() - scheduledFor.getTime();
    if (late > this.ctx.settings.graceMs) {
      await claimOccurrence(this.ctx.db, {
        cadenceId,
        workspaceId: cadence.workspace_id,
        kind: cadence.kind,
        scheduledFor,
        zone,
        status: 'skipped',
        skipReason: 'missed while the app was down (outside the grace window)',
      });
      this.ctx.logger.warn({ cadence: cadenceId, scheduledFor, late }, 'missed firing skipped');
      return;
    }
    const { occurrence } = await claimOccurrence(this.ctx.db, {
      cadenceId,
      workspaceId: cadence.workspace_id,
      kind: cadence.kind,
      scheduledFor,
      zone,
    });
    if (occurrence.status !== 'fanning-out') return;
    const feature = this.features().find((f) => f.cadence?.kind === cadence.kind);
    if (!feature?.cadence) {
      this.ctx.logger.info(
        { cadence: cadenceId, kind: cadence.kind },
        'cadence fired (no feature handles it yet)',
      );
      return;
    }
    await feature.cadence.fire(cadence, occurrence);
  }

  /**
   * After a restart or a Redis flush: a firing that should have happened while nothing was scheduled is caught up
   * once when still within the grace window, or recorded as skipped — never replayed as a burst.
   */
  async catchUp(): Promise<{ caughtUp: number; skipped: number }> {
    const now = this.ctx.clock.now();
    let caughtUp = 0;
    let skipped = 0;
    for (const d of await desiredSchedulers(this.ctx.db)) {
      const cadence = await getCadence(this.ctx.db, d.cadenceId);
      if (!cadence) continue;
      const prev = previousOccurrence({ rrule: cadence.rrule, zone: cadence.zone, text: '' }, d.zone, now);
      if (!prev || prev.getTime() < new Date(cadence.updated_at).getTime()) continue;
      if (await occurrenceExists(this.ctx.db, cadence.id, prev, d.zone)) continue;
      if (now.getTime() - prev.getTime() <= this.ctx.settings.graceMs) {
        await this.ctx.jobs.enqueueTask(
          SCHEDULE_TASKS.catchup,
          { cadenceId: cadence.id, zone: d.zone, scheduledFor: prev.toISOString() },
          { jobId: `catchup-${cadence.id}-${prev.getTime()}-${d.zone.replaceAll('/', '_')}` },
        );
        caughtUp++;
      } else {
        await this.fire(cadence.id, d.zone, prev);
        skipped++;
      }
    }
    return { caughtUp, skipped };
  }
}
