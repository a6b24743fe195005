/**
 * Rounds: start one (form groups, give pseudonyms, introduce), nudge quiet groups half-way, end it (ask "did
 * this help?", offer the reveal, close the relay, look after quiet members). Time-based steps are found by
 * {@link PairingRounds.runDue}, which reads the injected clock: delayed tasks call it in production, tests call
 * it directly.
 *
 * Community rounds: a pool is a community (or a workspace without one). Every workspace's pairing cadence drives
 * the pool's round; a firing within {@link MIN_GAP_MS} of the pool's last round start is skipped (two workspaces
 * with the same schedule start one round, not two), any later firing ends the open round and starts the next.
 */
import { formGroups } from '../../core/pairing/form-groups.js';
import type { GroupSize, PoolMember } from '../../core/pairing/pairing-types.js';
import { assignPseudonyms } from '../../core/pairing/pseudonyms.js';
import { nextOccurrences } from '../../core/schedule/index.js';
import type { Executor } from '../../../db/schema.js';
import type { Cadence } from '../../store/cadence.repository.js';
import { listCadences } from '../../store/cadence.repository.js';
import { newId } from '../../store/ids.js';
import { finishOccurrence, type Occurrence } from '../../store/occurrence.repository.js';
import {
  avoidedOrgs,
  blockedPairs,
  getPoolEntry,
  listEligible,
  pairHistory,
  poolKeyOf,
  updatePoolEntry,
} from '../../store/pairing-pool.repository.js';
import {
  claimNudge,
  claimRoundEnd,
  closeGroup,
  dueRounds,
  groupMembers,
  groupsOfRound,
  insertGroup,
  insertRound,
  latestRound,
  lockPoolForRoundStart,
  openRound,
  type Round,
  roundOfOccurrence,
  startersSeenBy,
} from '../../store/pairing-round.repository.js';
import { inTransaction } from '../../store/transaction.js';
import { deleteStaleRelays, deleteStaleReportDrafts } from '../../store/pairing-relay.repository.js';
import { getWorkspace, type Workspace } from '../../store/workspace.repository.js';
import type { ServiceContext } from '../context.js';
import type { NoticeItem, PairingSender } from './pairing-sender.js';
import { hashedBlockedPairs } from './pairing-blocks.js';
import { pickStarter } from './pairing-starters.js';
import { utcOffsetMinutes } from './utc-offset.js';
import { PAIRING_JOBS } from './pairing-jobs.js';

const HOUR_MS = 3600_000;
/** A round lasts until the next firing, or this long when there is none. */
export const DEFAULT_ROUND_MS = 14 * 24 * HOUR_MS;
/** Firings of a community's cadences closer than this to the last round start are skipped. */
export const MIN_GAP_MS = 12 * HOUR_MS;
/** Relayed text that could not be delivered in this time is deleted. */
const STALE_RELAY_MS = 7 * 24 * HOUR_MS;
/** A report written but never sent (nor cancelled) is deleted after this long: unsent words are not kept. */
const STALE_DRAFT_MS = 24 * HOUR_MS;

/** Quiet rounds before we ask whether someone wants to stay, and before we pause them. */
const ASK_AFTER_QUIET = 2;
const PAUSE_AFTER_QUIET = 3;

export type StartResult =
  | { kind: 'started'; round: Round; groups: number; people: number; unplaced: number }
  | { kind: 'skipped'; reason: 'empty' | 'alone' | 'recent' };

export class PairingRounds {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly sender: PairingSender,
  ) {}

  /** A pairing cadence fired: run the pool's round (see the file comment for communities). */
  async fire(cadence: Cadence, occurrence: Occurrence): Promise<void> {
    const workspace = await getWorkspace(this.ctx.db, cadence.workspace_id);
    if (!workspace) return;
    await this.runDue();
    const size = sizeOf(cadence.options.size);
    const result = await this.start(workspace, {
      size,
      endsAt: this.roundEnd(cadence, workspace),
      occurrenceId: occurrence.id,
      minGapMs: MIN_GAP_MS,
    });
    // The firing was handled either way: 'skipped' stays reserved for firings missed while the app was down.
    await finishOccurrence(
      this.ctx.db,
      occurrence.id,
      'done',
      this.ctx.clock.now(),
      result.kind === 'skipped' ? `no round: ${result.reason}` : null,
    );
  }

  /** `pairing now`: end the pool's open round, if any, and start a new one with this workspace's settings. */
  async startNow(workspace: Workspace): Promise<StartResult> {
    const cadence = (await listCadences(this.ctx.db, workspace.id, 'pairing')).find((c) => !c.paused);
    return this.start(workspace, {
      size: sizeOf(cadence?.options.size),
      endsAt: cadence
        ? this.roundEnd(cadence, workspace)
        : new Date(this.ctx.clock.now().getTime() + DEFAULT_ROUND_MS),
    });
  }

  /** `pairing end`: end the pool's open round now. */
  async endNow(workspace: Workspace): Promise<Round | undefined> {
    const round = await openRound(this.ctx.db, poolKeyOf(workspace));
    if (!round) return undefined;
    await this.end(round);
    return round;
  }

  /**
   * Do whatever is due by the clock: half-way nudges, round ends, and deleting relay text that could not be
   * delivered. Safe to run often and from several workers (each step is claimed in Postgres).
   */
  async runDue(): Promise<{ nudged: number; ended: number }> {
    const now = this.ctx.clock.now();
    let nudged = 0;
    let ended = 0;
    for (const round of await dueRounds(this.ctx.db, now)) {
      if (new Date(round.ends_at).getTime() <= now.getTime()) {
        if (await this.end(round)) ended++;
      } else if (await claimNudge(this.ctx.db, round.id, now)) {
        nudged += await this.nudge(round);
      }
    }
    await deleteStaleRelays(this.ctx.db, new Date(now.getTime() - STALE_RELAY_MS));
    await deleteStaleReportDrafts(this.ctx.db, new Date(now.getTime() - STALE_DRAFT_MS));
    return { nudged, ended };
  }

  private async start(
    workspace: Workspace,
    opts: { size: GroupSize; endsAt: Date; occurrenceId?: number; minGapMs?: number },
  ): Promise<StartResult> {
    const poolKey = poolKeyOf(workspace);
    const now = this.ctx.clock.now();
    const notices: NoticeItem[] = [];
    const result = await inTransaction(this.ctx.db, async (tx): Promise<StartResult> => {
      // One round start per pool at a time, whichever workspace's cadence or admin asked.
      await lockPoolForRoundStart(tx, poolKey);
      if (opts.occurrenceId !== undefined) {
        const existing = await roundOfOccurrence(tx, opts.occurrenceId);
        if (existing) return { kind: 'started', round: existing, groups: 0, people: 0, unplaced: 0 };
      }
      const last = await latestRound(tx, poolKey);
      if (opts.minGapMs && last && now.getTime() - new Date(last.started_at).getTime() < opts.minGapMs) {
        return { kind: 'skipped', reason: 'recent' };
      }
      const open = await openRound(tx, poolKey);
      if (open) notices.push(...(await this.closeRound(tx, open, now)));

      const eligible = await listEligible(tx, poolKey, now);
      if (eligible.length === 0) return { kind: 'skipped', reason: 'empty' };
      const ids = eligible.map((e) => e.id);
      const avoid = await avoidedOrgs(tx, ids);
      const members: PoolMember[] = eligible.map((e) => ({
        id: e.id,
        org: e.org ?? undefined,
        avoidOrgs: avoid.get(e.id),
        workspaceId: e.workspaceId,
        utcOffsetMinutes: utcOffsetMinutes(e.timezone ?? e.workspaceTimezone, now),
      }));
      const seed = Math.floor(this.ctx.random.next() * 2 ** 31);
      const formed = formGroups({
        members,
        history: await pairHistory(tx, ids),
        // Blocks by member id, and the lasting ones by keyed hash (they outlive `forget me`).
        blocked: [...(await blockedPairs(tx, ids)), ...(await hashedBlockedPairs(tx, this.ctx.cipher, ids))],
        size: opts.size,
        now,
        seed,
        lastUnplaced: eligible.filter((e) => e.priority).map((e) => e.id),
      });
      for (const u of formed.unplaced) {
        await updatePoolEntry(tx, u.memberId, { priority: true }, now);
        notices.push({
          memberId: u.memberId,
          notice: { type: 'unplaced', reason: u.reason, roundKey: `${poolKey}-${now.getTime()}` },
        });
      }
      if (formed.groups.length === 0) return { kind: 'skipped', reason: 'alone' };

      const ends =
        opts.endsAt.getTime() > now.getTime() ? opts.endsAt : new Date(now.getTime() + DEFAULT_ROUND_MS);
      const round = await insertRound(tx, {
        id: newId(),
        pool_key: poolKey,
        workspace_id: workspace.id,
        occurrence_id: opts.occurrenceId ?? null,
        size: opts.size,
        seed,
        started_at: now,
        halfway_at: new Date(now.getTime() + (ends.getTime() - now.getTime()) / 2),
        ends_at: ends,
      });
      const random = () => this.ctx.random.next();
      let people = 0;
      for (const g of formed.groups) {
        const groupId = newId();
        // Pseudonyms come from the random source alone: nothing about a person goes in.
        const names = assignPseudonyms(g.length, random);
        await insertGroup(tx, {
          id: groupId,
          roundId: round.id,
          // After the contracting question, a starter none of them has had before (while there are any left).
          starterId: pickStarter(random, await startersSeenBy(tx, g)).id,
          members: g.map((memberId, i) => ({ memberId, pseudonym: names[i]! })),
        });
        for (const memberId of g) {
          await updatePoolEntry(tx, memberId, { priority: false }, now);
          notices.push({ memberId, notice: { type: 'intro', groupId } });
        }
        people += g.length;
      }
      return {
        kind: 'started',
        round,
        groups: formed.groups.length,
        people,
        unplaced: formed.unplaced.length,
      };
    });
    await this.sender.notify(notices);
    if (result.kind === 'started' && result.people > 0) {
      await this.scheduleDue(result.round);
      this.ctx.logger.info(
        {
          round: result.round.id,
          number: result.round.number,
          groups: result.groups,
          unplaced: result.unplaced,
        },
        'pairing round started',
      );
    }
    return result;
  }

  /** Delayed tasks for the half-way nudge and the end; {@link runDue} decides what is really due. */
  private async scheduleDue(round: Round): Promise<void> {
    const now = this.ctx.clock.now().getTime();
    const steps: Array<[string, Date]> = [
      ['half', new Date(round.halfway_at)],
      ['end', new Date(round.ends_at)],
    ];
    for (const [step, at] of steps) {
      await this.ctx.jobs.enqueueTask(
        PAIRING_JOBS.due,
        {},
        { jobId: `pairing-due-${round.id}-${step}`, delayMs: Math.max(0, at.getTime() - now) + 1_000 },
      );
    }
  }

  /** End one round and send what its end sends. False when another worker already ended it. */
  private async end(round: Round): Promise<boolean> {
    const now = this.ctx.clock.now();
    const notices = await inTransaction(this.ctx.db, async (tx) => {
      const current = await openRound(tx, round.pool_key);
      if (current?.id !== round.id) return undefined;
      return this.closeRound(tx, round, now);
    });
    if (!notices) return false;
    await this.sender.notify(notices);
    this.ctx.logger.info({ round: round.id, number: round.number }, 'pairing round ended');
    return true;
  }

  /**
   * Close a round inside a transaction: open groups get the round-end message (feedback and the reveal offer)
   * and stop relaying; everyone who was in a group has their quiet count updated.
   */
  private async closeRound(tx: Executor, round: Round, now: Date): Promise<NoticeItem[]> {
    if (!(await claimRoundEnd(tx, round.id, now))) return [];
    const notices: NoticeItem[] = [];
    for (const group of await groupsOfRound(tx, round.id)) {
      const members = await groupMembers(tx, group.id);
      if (group.status === 'open' && (await closeGroup(tx, group.id, 'round-end', now))) {
        for (const m of members)
          notices.push({ memberId: m.member_id, notice: { type: 'round-end', groupId: group.id } });
      }
      for (const m of members) {
        const entry = await getPoolEntry(tx, m.member_id);
        if (!entry || entry.paused) continue;
        const quiet = m.messages_sent > 0 ? 0 : entry.quiet_rounds + 1;
        if (quiet >= PAUSE_AFTER_QUIET) {
          await updatePoolEntry(tx, m.member_id, { quiet_rounds: quiet, paused: true }, now);
          notices.push({ memberId: m.member_id, notice: { type: 'paused-quiet', roundId: round.id } });
        } else {
          await updatePoolEntry(tx, m.member_id, { quiet_rounds: quiet }, now);
          if (quiet === ASK_AFTER_QUIET) {
            notices.push({
              memberId: m.member_id,
              notice: { type: 'stay-or-leave', poolKey: round.pool_key, roundId: round.id },
            });
          }
        }
      }
    }
    return notices;
  }

  /** Nudge, once, every open group of the round in which nobody has written yet. */
  private async nudge(round: Round): Promise<number> {
    const notices: NoticeItem[] = [];
    let groups = 0;
    for (const group of await groupsOfRound(this.ctx.db, round.id)) {
      if (group.status !== 'open') continue;
      const members = await groupMembers(this.ctx.db, group.id);
      if (members.some((m) => m.messages_sent > 0)) continue;
      groups++;
      for (const m of members)
        notices.push({ memberId: m.member_id, notice: { type: 'nudge', groupId: group.id } });
    }
    await this.sender.notify(notices);
    return groups;
  }

  /** The round ends at the cadence's next firing (in its zone; `local` reads as the workspace's). */
  private roundEnd(cadence: Cadence, workspace: Workspace): Date {
    const now = this.ctx.clock.now();
    const zone = cadence.zone === 'local' ? workspace.timezone : cadence.zone;
    const next = nextOccurrences(
      { rrule: cadence.rrule, zone: cadence.zone, text: cadence.schedule_text },
      zone,
      now,
      2,
    ).find((d) => d.getTime() > now.getTime());
    return next ?? new Date(now.getTime() + DEFAULT_ROUND_MS);
  }
}

function sizeOf(value: unknown): GroupSize {
  return value === 3 || value === 4 ? value : 2;
}
