/**
 * Anonymous peer support for senior leaders, as a feature: `pairing join|leave|now|end|status`, the round
 * cadence, the relay (plain direct messages), the round-end buttons, and what peer support adds to the home
 * view, `me`, `status` and `forget me`.
 *
 * Who may join: leaders only (band `leader`), as docs/PRODUCT.md describes the pool; anyone else is told kindly how
 * to set their role. Everything a member does here is answered privately.
 */
import { parseFeedbackValue, PAIRING_ACTIONS } from '../../core/pairing/pairing-messages.js';
import type { Block } from '../../core/messages/message.js';
import type { ActionChosen, ActionResult } from '../../ports.js';
import { isPaused, type Member } from '../../store/member.repository.js';
import { normaliseOrg } from '../../core/pairing/pair-score.js';
import {
  addAvoidedOrg,
  avoidedOrgs,
  countBlocksBy,
  getPoolEntry,
  joinPool,
  leavePool,
  poolKeyOf,
  removeAvoidedOrgs,
  updatePoolEntry,
} from '../../store/pairing-pool.repository.js';

/** How many organisations one person may avoid (a long list would mostly leave them unplaced). */
export const AVOID_MAX = 5;
import {
  closeGroup,
  countGroupsOf,
  getRound,
  groupMembers,
  openGroupOf,
  updateGroupMember,
} from '../../store/pairing-round.repository.js';
import {
  countReportsBy,
  deleteFinishedRelays,
  deleteRelaysOfMember,
  getReport,
  setReportShared,
  setReportStatus,
  waitingReports,
} from '../../store/pairing-relay.repository.js';
import type { Caller, Feature, ServiceContext } from '../context.js';
import { NOTICES } from './pairing-notices.js';
import { PairingRelay } from './pairing-relay.js';
import { PairingRounds } from './pairing-rounds.js';
import { reportReaders, safeguardingCommands } from './pairing-safeguarding.js';
import { type NoticeItem, PairingSender } from './pairing-sender.js';
import { pairingStatus, poolStatusLine } from './pairing-status.js';
import { PAIRING_JOBS } from './pairing-jobs.js';

/** The pairing feature, with its services exposed for the job handlers and tests. */
export interface PairingFeature extends Feature {
  rounds: PairingRounds;
  relay: PairingRelay;
}

export function pairingFeature(ctx: ServiceContext): PairingFeature {
  const sender = new PairingSender(ctx);
  const rounds = new PairingRounds(ctx, sender);
  const relay = new PairingRelay(ctx, sender);
  const now = () => ctx.clock.now();

  async function action(event: ActionChosen, caller: Caller): Promise<ActionResult> {
    switch (event.actionId) {
      case PAIRING_ACTIONS.feedback: {
        const parsed = parseFeedbackValue(event.value);
        const ok =
          parsed &&
          (await updateGroupMember(ctx.db, parsed.groupId, caller.member.id, { feedback: parsed.rating }));
        return { reply: ok ? NOTICES.feedbackThanks() : NOTICES.inactiveButton() };
      }
      case PAIRING_ACTIONS.reveal:
        return { reply: (await relay.reveal(caller, event.value)).message };
      case PAIRING_ACTIONS.stay: {
        if (!(await getPoolEntry(ctx.db, caller.member.id))) return { update: NOTICES.notInPool() };
        await updatePoolEntry(ctx.db, caller.member.id, { quiet_rounds: 0 }, now());
        return { update: NOTICES.stayed() };
      }
      case PAIRING_ACTIONS.leave:
        await leavePool(ctx.db, caller.member.id);
        return { update: NOTICES.leftFromButton() };
      case PAIRING_ACTIONS.confirm:
        return { update: (await relay.confirmClose(caller, event.value)).message };
      case PAIRING_ACTIONS.keep:
        return { update: NOTICES.keptOpen() };
      case 'pairing.report.send':
      case 'pairing.report.discard':
        return {
          update: (
            await relay.reportDecision(caller, Number(event.value), event.actionId === 'pairing.report.send')
          ).message,
        };
      case 'pairing.report.share': {
        const report = await getReport(ctx.db, Number(event.value));
        if (!report || report.reporter_member_id !== caller.member.id || report.status === 'draft')
          return { reply: NOTICES.inactiveButton() };
        if ((await setReportShared(ctx.db, report.id)) && report.status === 'delivered') {
          // The same people the report went to (worked out the same way), never anyone in the group.
          const readers = await reportReaders(
            ctx.db,
            ctx.cipher,
            report.workspace_id,
            report.excluded_hashes,
          );
          if (readers.kind !== 'nobody') {
            await sender.notify(
              readers.readers.map((r) => ({
                memberId: r.id,
                notice: { type: 'report-identity', reportId: report.id },
              })),
            );
          }
        }
        return { update: NOTICES.reportShared() };
      }
      default:
        return { reply: NOTICES.inactiveButton() };
    }
  }

  /** Reports kept because nobody could receive them go to whoever can now (called when a contact is named). */
  async function deliverWaiting(workspaceId: string): Promise<void> {
    for (const report of await waitingReports(ctx.db, workspaceId)) {
      const readers = await reportReaders(ctx.db, ctx.cipher, workspaceId, report.excluded_hashes);
      if (readers.kind === 'nobody') continue;
      if (!(await setReportStatus(ctx.db, report.id, 'waiting', 'delivered'))) continue;
      const notices: NoticeItem[] = readers.readers.map((r) => ({
        memberId: r.id,
        notice: { type: 'report', reportId: report.id },
      }));
      if (report.share_identity) {
        notices.push(
          ...readers.readers.map(
            (r): NoticeItem => ({ memberId: r.id, notice: { type: 'report-identity', reportId: report.id } }),
          ),
        );
      }
      notices.push({
        memberId: report.reporter_member_id,
        notice: { type: 'report-passed-on', reportId: report.id },
      });
      await sender.notify(notices);
    }
  }

  async function home(caller: Caller): Promise<Block[]> {
    const entry = await getPoolEntry(ctx.db, caller.member.id);
    const group = await openGroupOf(ctx.db, caller.member.id);
    if (!entry && !group && caller.member.band !== 'leader') return [];
    const lines: string[] = [];
    if (!entry) lines.push('You are not in the peer support pool. `/roundtable pairing join` adds you.');
    else if (entry.paused || isPaused(caller.member, now()))
      lines.push(
        'You are in the peer support pool, paused for now. `/roundtable pairing join` starts again.',
      );
    else lines.push('You are in the peer support pool.');
    if (group) {
      const members = await groupMembers(ctx.db, group.id);
      const me = members.find((m) => m.member_id === caller.member.id);
      const others = members.filter((m) => m !== me).map((m) => m.pseudonym);
      const round = await getRound(ctx.db, group.round_id);
      lines.push(
        `This round you are talking with ${others.join(', ')}; to them you are ${me?.pseudonym ?? 'anonymous'}.${
          round ? ` The round ends on ${new Date(round.ends_at).toISOString().slice(0, 10)}.` : ''
        } Write to me to talk with them.`,
      );
    }
    return [{ type: 'section', title: 'Peer support', text: lines.join('\n') }];
  }

  async function aboutMe(member: Member): Promise<string[]> {
    const entry = await getPoolEntry(ctx.db, member.id);
    const groups = await countGroupsOf(ctx.db, member.id);
    const blocks = await countBlocksBy(ctx.db, member.id);
    const reports = await countReportsBy(ctx.db, member.id);
    const avoid = (await avoidedOrgs(ctx.db, [member.id])).get(member.id) ?? [];
    return [
      entry
        ? `Peer support: in the pool since ${new Date(entry.joined_at).toISOString().slice(0, 10)}${entry.paused ? ' (paused)' : ''}`
        : 'Peer support: not in the pool',
      `Peer support groups you have been in: ${groups} (who was in them, your pseudonym, how many messages you sent, your "did this help?" answers and whether you offered to share your name). Relayed messages are kept encrypted only until delivered.`,
      `Organisations you chose not to be grouped with: ${avoid.length ? avoid.map((o) => `"${o}"`).join(', ') : 'none'}.`,
      `People you have blocked: ${blocks}; peer support reports you made: ${reports} (kept encrypted). A block also stays after "forget me", kept only as a one-way code of the two of you that names nobody, so you are never grouped again.`,
    ];
  }

  return {
    name: 'pairing',
    rounds,
    relay,
    commands: {
      ...safeguardingCommands(ctx, deliverWaiting),
      'pairing.join': {
        admin: false,
        run: async (_c, caller) => {
          if (caller.member.band !== 'leader') return { message: NOTICES.notLeader(caller.member.band) };
          await joinPool(ctx.db, caller.member.id, now());
          return {
            message: NOTICES.joined(
              isPaused(caller.member, now()),
              normaliseOrg(caller.member.org) !== undefined,
            ),
            visibility: 'private',
          };
        },
      },
      'pairing.avoid': {
        admin: false,
        run: async (c, caller) => {
          // Any name is accepted the same way, so the answer never says who is (or is not) in the pool.
          if (c.org === 'none') {
            const removed = await removeAvoidedOrgs(ctx.db, caller.member.id);
            return { message: NOTICES.avoidCleared(removed > 0), visibility: 'private' };
          }
          const org = normaliseOrg(c.org)!;
          if (org === normaliseOrg(caller.member.org))
            return { message: NOTICES.avoidOwnOrg(), visibility: 'private' };
          const current = (await avoidedOrgs(ctx.db, [caller.member.id])).get(caller.member.id) ?? [];
          if (!current.includes(org) && current.length >= AVOID_MAX) {
            return { message: NOTICES.avoidFull(AVOID_MAX), visibility: 'private' };
          }
          await addAvoidedOrg(ctx.db, caller.member.id, org);
          const all = current.includes(org) ? current : [...current, org].sort();
          return { message: NOTICES.avoidAdded(org, all), visibility: 'private' };
        },
      },
      'pairing.leave': {
        admin: false,
        run: async (_c, caller) => {
          const left = await leavePool(ctx.db, caller.member.id);
          if (!left) return { message: NOTICES.notInPool() };
          const group = await openGroupOf(ctx.db, caller.member.id);
          return { message: NOTICES.left(group !== undefined), visibility: 'private' };
        },
      },
      'pairing.now': {
        admin: true,
        queue: true,
        run: async (_c, caller) => {
          const result = await rounds.startNow(caller.workspace);
          if (result.kind === 'skipped') return { message: NOTICES.roundNotStarted(result.reason) };
          return { message: NOTICES.roundStarted(result.people, caller.workspace.k) };
        },
      },
      'pairing.end': {
        admin: true,
        run: async (_c, caller) => {
          const round = await rounds.endNow(caller.workspace);
          return { message: round ? NOTICES.roundEnded(round.number) : NOTICES.noOpenRound() };
        },
      },
      'pairing.status': {
        admin: true,
        run: async (_c, caller) => {
          const key = poolKeyOf(caller.workspace);
          return { message: await pairingStatus(ctx, ctx.db, key, caller.workspace.k, now()) };
        },
      },
    },
    actions: { 'pairing.': action },
    directMessage: (event, caller) => relay.handle(event, caller),
    cadence: { kind: 'pairing', fire: (cadence, occurrence) => rounds.fire(cadence, occurrence) },
    messages: sender.kinds(),
    registerJobs(jobs) {
      jobs.onTask(PAIRING_JOBS.due, async () => {
        await rounds.runDue();
      });
    },
    // Half-way nudges and round ends are delayed tasks; this sweep does them if Redis lost those jobs (lost
    // messages are the delivery sweep's).
    periodic: [{ id: 'pairing-sweep', everyMs: 5 * 60_000, task: PAIRING_JOBS.due.name }],
    home,
    aboutMe,
    status: async (workspace) => [await poolStatusLine(ctx.db, poolKeyOf(workspace), workspace.k)],
    describeCadence: async () => undefined,
    async forget(member) {
      // Close the member's open group so nobody goes on writing into the void; the others are told only that
      // it closed. Their rows then go with the member row (ON DELETE CASCADE), and so does every history pair.
      const group = await openGroupOf(ctx.db, member.id);
      if (group) {
        const others = (await groupMembers(ctx.db, group.id)).filter((m) => m.member_id !== member.id);
        if (await closeGroup(ctx.db, group.id, 'forgotten', now())) {
          await sender.notify(
            others.map((m) => ({
              memberId: m.member_id,
              notice: { type: 'closed', groupId: group.id, feedback: false },
            })),
          );
        }
      }
      await deleteRelaysOfMember(ctx.db, member.id);
      await deleteFinishedRelays(ctx.db);
    },
  };
}
