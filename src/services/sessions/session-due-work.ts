/**
 * The "what is due now" sweep: for every session with work left, claim the due steps in Postgres (once each) and
 * create the deliveries they mean — mix nudges, reminders, the reflection. Delayed tasks wake it at the right
 * times; a periodic sweep makes it robust to lost jobs (a Redis flush). Also the announcement fan-out.
 */
import { type Group, LIVED_EXPERIENCE, type MixTarget } from '../../core/commands/command.js';
import {
  dueSteps,
  evaluateMix,
  invitationsPerBand,
  REFLECTION_STALE_MS,
  type SessionStep,
  selectNudges,
} from '../../core/sessions/index.js';
import type { Executor } from '../../../db/schema.js';
import { isPaused } from '../../store/member.repository.js';
import {
  getSession,
  goingByBand,
  goingWithLivedExperience,
  listActive,
  lockSession,
  membersWithStatus,
  type Session,
} from '../../store/session.repository.js';
import {
  claimedSteps,
  claimStep,
  createDelivery,
  nudgeCandidates,
  nudgedMembers,
  recordNudge,
} from '../../store/session-work.repository.js';
import { getWorkspace, type Workspace } from '../../store/workspace.repository.js';
import { inTransaction } from '../../store/transaction.js';
import type { StoredAudience } from '../cadences/cadence-service.js';
import type { ServiceContext } from '../context.js';
import { audienceMembers } from '../audience/audience-members.js';
import { enqueueDeliveries } from './session-outbox.js';
import { stoppedMemberIds } from '../members/suppression.js';

/** What one sweep did, for logs and tests. */
export interface DueWorkResult {
  steps: string[];
  nudged: number;
  reminded: number;
  reflections: number;
}

/** The longest a session can last (8 h) plus the reflection delay and its stale window. */
const LOOKBACK_MS = 9 * 3_600_000 + REFLECTION_STALE_MS;

/** Delivery rows written in a transaction, to enqueue once it commits. */
interface Outgoing {
  memberIds: string[];
  what: string;
}

async function createDeliveries(
  tx: Executor,
  sessionId: number,
  memberIds: readonly string[],
  what: string,
  now: Date,
): Promise<Outgoing> {
  const fresh: string[] = [];
  for (const id of memberIds) {
    if (await createDelivery(tx, sessionId, id, what, now)) fresh.push(id);
  }
  return { memberIds: fresh, what };
}

export class SessionDueWork {
  constructor(private readonly ctx: ServiceContext) {}

  /**
   * Run every step due at `now` (of one session, or of all sessions with work left). Safe to call any number of
   * times, from any number of processes: each step and each person's message is a unique row.
   */
  async runDueWork(now: Date, sessionId?: number): Promise<DueWorkResult> {
    const result: DueWorkResult = { steps: [], nudged: 0, reminded: 0, reflections: 0 };
    const ids =
      sessionId !== undefined
        ? [sessionId]
        : (await listActive(this.ctx.db, now, LOOKBACK_MS)).map((s) => s.id);
    for (const id of ids) {
      const outgoing: Outgoing[] = [];
      let workspace: Workspace | undefined;
      // The session row is locked while steps are claimed and their rows written, so the announcement (which
      // takes the same lock) sees every nudge of a step that ran before it.
      await inTransaction(this.ctx.db, async (tx) => {
        const session = await lockSession(tx, id);
        if (session?.status !== 'scheduled') return;
        workspace = await getWorkspace(tx, session.workspace_id);
        if (!workspace?.active) return;
        const { run, skip } = dueSteps(
          {
            startsAt: new Date(session.starts_at),
            durationMinutes: session.duration_minutes,
            nudgeHours: session.nudge_hours,
          },
          now,
          await claimedSteps(tx, id),
        );
        for (const step of skip) await claimStep(tx, id, step.step, 'skipped', now);
        for (const step of run) {
          if (!(await claimStep(tx, id, step.step, 'done', now))) continue;
          result.steps.push(`${id}:${step.step}`);
          const out = await this.runStep(tx, session, workspace, step, now);
          outgoing.push(out);
          if (step.kind === 'nudge') result.nudged += out.memberIds.length;
          else if (step.kind === 'reminder') result.reminded += out.memberIds.length;
          else result.reflections += out.memberIds.length;
        }
      });
      if (workspace) {
        for (const o of outgoing) await enqueueDeliveries(this.ctx, workspace, id, o.memberIds, o.what);
      }
    }
    if (result.steps.length > 0) this.ctx.logger.info({ ...result }, 'session due work done');
    return result;
  }

  /** Write the delivery rows of one claimed step; the caller enqueues them once the transaction commits. */
  private async runStep(
    tx: Executor,
    session: Session,
    workspace: Workspace,
    step: SessionStep,
    now: Date,
  ): Promise<Outgoing> {
    if (step.kind === 'nudge') return this.nudge(tx, session, workspace, step, now);
    const what = step.kind === 'reminder' ? step.step : 'reflection';
    const going = await membersWithStatus(tx, session.id, ['going']);
    return createDeliveries(
      tx,
      session.id,
      going.map((r) => r.member_id),
      what,
      now,
    );
  }

  /**
   * A mix nudge: for each band under its target, invite up to the session's limit of people of that band who
   * have not answered, are not paused and were never nudged for this session (seeded random choice).
   */
  private async nudge(
    tx: Executor,
    session: Session,
    workspace: Workspace,
    step: SessionStep,
    now: Date,
  ): Promise<Outgoing> {
    const evaluation = evaluateMix({
      mix: session.mix as MixTarget[],
      capacity: session.capacity,
      goingByBand: await goingByBand(tx, session.id),
      livedExperienceGoing: await goingWithLivedExperience(tx, session.id),
    });
    if (evaluation.under.length === 0) return { memberIds: [], what: 'nudge' };
    const all = await nudgeCandidates(
      tx,
      workspace.id,
      session.id,
      evaluation.under.map((b) => b.band),
      now,
    );
    // People who said `stop` are never invited: they do not take a nudge's place either.
    const stopped = await stoppedMemberIds(tx, this.ctx.people, workspace, all);
    // One candidate per group a person is in: their band, and lived experience if they said so.
    const candidates = all
      .filter((c) => !stopped.has(c.id))
      .flatMap((c) => [
        ...(c.band ? [{ memberId: c.id, band: c.band as Group }] : []),
        ...(c.lived_experience ? [{ memberId: c.id, band: LIVED_EXPERIENCE }] : []),
      ]);
    const perBand: Record<string, number> = {};
    for (const c of candidates) perBand[c.band] = (perBand[c.band] ?? 0) + 1;
    const plan = invitationsPerBand(evaluation, perBand, session.nudge_limit);
    const picked = selectNudges(candidates, plan, () => this.ctx.random.next());
    const invited: string[] = [];
    for (const p of picked) {
      const fresh = await recordNudge(tx, {
        sessionId: session.id,
        memberId: p.memberId,
        band: p.band,
        step: step.step,
        now,
      });
      if (fresh) invited.push(p.memberId);
    }
    return createDeliveries(tx, session.id, invited, 'nudge', now);
  }

  /**
   * The announcement: each member of the audience who is not paused and has not been nudged or answered. Due
   * work runs first, so a session created after a nudge time gets its nudge at once, and a person it invites
   * is not also sent the announcement.
   */
  async announce(sessionId: number): Promise<number> {
    await this.runDueWork(this.ctx.clock.now(), sessionId);
    const first = await getSession(this.ctx.db, sessionId);
    if (first?.status !== 'scheduled') return 0;
    const workspace = await getWorkspace(this.ctx.db, first.workspace_id);
    if (!workspace?.active) return 0;
    const now = this.ctx.clock.now();
    // The directory is asked outside the transaction: no lock is held across a network call.
    const { members: everyone } = await audienceMembers(
      this.ctx,
      workspace,
      first.audience as StoredAudience,
    );
    const stopped = await stoppedMemberIds(this.ctx.db, this.ctx.people, workspace, everyone);
    const members = everyone.filter((m) => !stopped.has(m.id));
    const out = await inTransaction(this.ctx.db, async (tx) => {
      const session = await lockSession(tx, sessionId);
      if (session?.status !== 'scheduled') return undefined;
      const nudged = new Set(await nudgedMembers(tx, sessionId));
      const to = members.filter((m) => !isPaused(m, now) && !nudged.has(m.id)).map((m) => m.id);
      return createDeliveries(tx, sessionId, to, 'announce', now);
    });
    if (!out) return 0;
    await enqueueDeliveries(this.ctx, workspace, sessionId, out.memberIds, out.what);
    return out.memberIds.length;
  }
}
