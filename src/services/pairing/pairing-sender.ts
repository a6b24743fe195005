/**
 * Everything peer support sends goes through the outbox: jobs carry ids only, and the message is built at send
 * time from the store (the relay decrypts its text at that moment, then deletes it). Each recipient is reached
 * on their own platform, so a group can span Slack and Teams.
 */
import { shortPseudonym } from '../../core/pairing/pseudonyms.js';
import {
  halfwayNudgeMessage,
  introMessage,
  pausedAfterThreeMessage,
  relayedMessage,
  revealResultMessage,
  roundEndMessage,
  stayOrLeaveMessage,
  unplacedMessage,
} from '../../core/pairing/pairing-messages.js';
import type { UnplacedReason } from '../../core/pairing/pairing-types.js';
import type { Message } from '../../core/messages/message.js';
import { Unreadable } from '../../crypto.js';
import {
  type AnyMessageKind,
  anyKind,
  type Claimed,
  type MessageKind,
  type SendStep,
} from '../../delivery/engine.js';
import { enqueueOwed } from '../../delivery/owed.js';
import { Transient } from '../../errors.js';
import type { OutboxEnvelope } from '../../jobs/job-types.js';
import { PAIRING_JOBS } from './pairing-jobs.js';
import type { Platform } from '../../ports.js';
import { newLeaseHolder, releaseLease, takeLease } from '../../store/lease.repository.js';
import { getMember, type Member } from '../../store/member.repository.js';
import {
  getGroup,
  getRound,
  groupMembers,
  markIntroduced,
  unintroducedMembers,
} from '../../store/pairing-round.repository.js';
import { effectiveZone } from '../checkins/quiet-hours.js';
import { relayPlace, reportPlace } from '../../store/cipher-places.js';
import {
  getReport,
  markDelivered,
  type PendingRelay,
  pendingFor,
  relaysOwed,
  type Report,
} from '../../store/pairing-relay.repository.js';
import { groupExclusionHashes, notExcluded } from './pairing-safeguarding.js';
import { getWorkspace, type Workspace } from '../../store/workspace.repository.js';
import type { ServiceContext } from '../context.js';
import { NOTICES, platformLabel, supportLinesFor } from './pairing-notices.js';
import { starterText } from './pairing-starters.js';

/** What a notice job says, by type; the message is rebuilt from these ids when it is sent. */
export type Notice =
  | { type: 'intro'; groupId: string }
  | { type: 'nudge'; groupId: string }
  | { type: 'round-end'; groupId: string }
  /** Closed before the round's end: by `end` (with the feedback question) or by a block (without). */
  | { type: 'closed'; groupId: string; feedback: boolean }
  | { type: 'stay-or-leave'; poolKey: string; roundId: string }
  | { type: 'paused-quiet'; roundId: string }
  | { type: 'unplaced'; reason: UnplacedReason; roundKey: string }
  | { type: 'reveal'; groupId: string }
  | { type: 'report'; reportId: number }
  | { type: 'report-identity'; reportId: number }
  /** To the reporter, when a report kept for lack of a reader has been passed on. */
  | { type: 'report-passed-on'; reportId: number }
  /** `support`: to everyone in the group, the asker too. */
  | { type: 'support'; groupId: string; at: number }
  /** `support`: to the safeguarding contacts, without a name. */
  | { type: 'support-alert'; groupId: string; at: number };

export interface NoticeItem {
  memberId: string;
  notice: Notice;
}

/** How long a relay worker may hold a recipient's lease without renewing it (a crashed holder's is free then). */
const RELAY_LEASE_MS = 60_000;

/** The sweep leaves a message alone this long after it was queued: its job normally runs well within it. */
export const INTRO_SETTLE_MS = 10 * 60_000;
/** How far back the sweep looks. */
export const INTRO_SWEEP_WINDOW_MS = 2 * 24 * 3600_000;

/** Notices every member of a round gets, so counting them says nothing about one person. */
const COUNTED_NOTICES = new Set<Notice['type']>(['intro', 'nudge', 'round-end', 'stay-or-leave']);

interface NoticeClaim extends Claimed {
  member: Member;
  workspace: Workspace;
  notice: Notice;
}

export class PairingSender {
  constructor(private readonly ctx: ServiceContext) {}

  /** Queue notices, one outbox job each (ids only). */
  async notify(items: readonly NoticeItem[]): Promise<void> {
    await enqueueOwed(this.ctx, PAIRING_JOBS.notice, await this.jobs(items));
  }

  /** The outbox jobs of these notices (one per member reachable now), under ids the sweep can ask Redis for. */
  private async jobs(
    items: readonly NoticeItem[],
  ): Promise<Array<{ data: OutboxEnvelope & { memberId: string; notice: Notice }; jobId: string }>> {
    const jobs: Array<{ data: OutboxEnvelope & { memberId: string; notice: Notice }; jobId: string }> = [];
    for (const item of items) {
      const target = await this.target(item.memberId);
      if (!target) continue;
      const n = item.notice;
      const ref =
        'at' in n
          ? `${n.groupId}-${n.at}`
          : 'groupId' in n
            ? n.groupId
            : 'reportId' in n
              ? String(n.reportId)
              : 'roundId' in n
                ? n.roundId
                : n.roundKey;
      jobs.push({
        data: {
          workspaceKey: target.workspaceKey,
          platform: target.platform,
          memberId: item.memberId,
          notice: n,
        },
        jobId: `pn-${n.type}-${ref}-${item.memberId}`,
      });
    }
    return jobs;
  }

  /** Queue delivery of whatever is pending for these recipients. */
  async deliverRelays(relayId: number, recipients: readonly string[]): Promise<void> {
    const jobs: Array<{ data: OutboxEnvelope & { memberId: string }; jobId: string }> = [];
    for (const memberId of recipients) {
      const target = await this.target(memberId);
      if (!target) continue;
      jobs.push({
        data: { workspaceKey: target.workspaceKey, platform: target.platform, memberId },
        jobId: `pr-${relayId}-${memberId}`,
      });
    }
    await this.ctx.jobs.enqueueOutboxBulk(PAIRING_JOBS.relay, jobs);
  }

  /**
   * The two peer-support message kinds for the delivery engine: one notice to one member, and the relayed
   * messages waiting for one member (a run, oldest first, under a lease).
   */
  kinds(): AnyMessageKind[] {
    return [anyKind(this.noticeKind()), anyKind(this.relayKind())];
  }

  private noticeKind(): MessageKind<{ memberId: string; notice: Notice }, NoticeClaim> {
    const introduced = async (c: NoticeClaim) => {
      // Sent, or never deliverable: the sweep leaves this introduction alone now.
      if (c.notice.type === 'intro') {
        await markIntroduced(this.ctx.db, c.notice.groupId, c.member.id, this.ctx.clock.now());
      }
    };
    return {
      job: PAIRING_JOBS.notice,
      // A round's notices, which everyone in it gets, are counted; a notice that follows from one person's act
      // (a report, a `support` call, a reveal, a close) never is (src/metrics.ts).
      metric: (c: NoticeClaim) => (COUNTED_NOTICES.has(c.notice.type) ? 'pairing' : null),
      missed: 'pairing',
      // Every notice keeps an owed row until it is done, so the sweep sends one whose job Redis lost; an
      // introduction also has its own mark (`introduced_at`).
      keepsOwedRows: true,
      claim: async (data) => {
        const loaded = await this.load(data.memberId);
        if (!loaded) return undefined;
        return {
          ...loaded,
          to: { memberId: loaded.member.id, userId: loaded.member.external_id },
          notice: data.notice,
        };
      },
      render: async (c) => {
        const message = await this.build(c.member, c.workspace, c.notice);
        return message && { message };
      },
      sent: introduced,
      undelivered: introduced,
      /**
       * Introductions whose job Redis lost: members of open groups of rounds from the last
       * {@link INTRO_SWEEP_WINDOW_MS}, started at least {@link INTRO_SETTLE_MS} ago, not yet introduced.
       */
      owed: async (now) => {
        const waiting = await unintroducedMembers(
          this.ctx.db,
          new Date(now.getTime() - INTRO_SWEEP_WINDOW_MS),
          new Date(now.getTime() - INTRO_SETTLE_MS),
        );
        return this.jobs(
          waiting.map((w) => ({ memberId: w.memberId, notice: { type: 'intro', groupId: w.groupId } })),
        );
      },
    };
  }

  private relayKind(): MessageKind<{ memberId: string }> {
    return {
      job: PAIRING_JOBS.relay,
      // Relayed words follow from one person writing: never counted. No conversation budget: the relay's own
      // flood limit (ten a minute per sender) keeps one conversation well under the platforms' per-conversation
      // limits, and one job sends a recipient's backlog in order under its lease.
      metric: null,
      missed: 'pairing',
      deliver: (data, send) => this.deliverPending(data.memberId, send),
      /** Relayed messages written at least {@link INTRO_SETTLE_MS} ago and not yet delivered. */
      owed: async (now) => {
        const rows = await relaysOwed(
          this.ctx.db,
          new Date(now.getTime() - INTRO_SWEEP_WINDOW_MS),
          new Date(now.getTime() - INTRO_SETTLE_MS),
        );
        const out = [];
        for (const r of rows) {
          const target = await this.target(r.recipientId);
          if (!target) continue;
          out.push({
            jobId: `pr-${r.relayId}-${r.recipientId}`,
            data: { ...target, memberId: r.recipientId },
          });
        }
        return out;
      },
    };
  }

  /**
   * Send a recipient everything pending for them, oldest first. A lease per recipient (a row, not a held
   * connection) keeps two workers from interleaving or doubling one person's messages. Nothing holds a database
   * connection while a message is sent: on PGlite there is only one, and the send itself needs it.
   *
   * When another worker holds the lease, this job is retried later (a holder that crashed loses the lease when it
   * expires); the holder also looks again after giving the lease back, so a message queued while it was sending is
   * not left waiting for that retry.
   */
  private async deliverPending(recipientId: string, send: SendStep): Promise<void> {
    const lease = `pairing-relay-${recipientId}`;
    const holder = newLeaseHolder();
    for (;;) {
      if (!(await takeLease(this.ctx.db, lease, holder, new Date(), RELAY_LEASE_MS))) {
        throw new Transient('another worker is delivering to this recipient');
      }
      try {
        await this.deliverHeld(recipientId, lease, holder, send);
      } finally {
        await releaseLease(this.ctx.db, lease, holder);
      }
      if ((await pendingFor(this.ctx.db, recipientId)).length === 0) return;
    }
  }

  private async deliverHeld(
    recipientId: string,
    lease: string,
    holder: string,
    send: SendStep,
  ): Promise<void> {
    const pending = await pendingFor(this.ctx.db, recipientId);
    if (pending.length === 0) return;
    const loaded = await this.load(recipientId);
    for (const p of pending) {
      // Renewed per message, so a long backlog to a slow platform never outlives its lease.
      if (!(await takeLease(this.ctx.db, lease, holder, new Date(), RELAY_LEASE_MS))) {
        throw new Transient('lost the relay lease');
      }
      if (loaded) {
        const sender = (await groupMembers(this.ctx.db, p.groupId)).find((m) => m.member_id === p.senderId);
        const text = sender ? this.readRelay(p) : undefined;
        if (sender && text !== undefined) {
          const result = await send(
            {
              workspace: loaded.workspace,
              to: { memberId: loaded.member.id, userId: loaded.member.external_id },
            },
            { message: relayedMessage(sender.pseudonym, text, { edited: p.edited }) },
          );
          // Worth another try: this message and the rest stay pending for the retried job.
          if (result.kind === 'rate-limited' || result.kind === 'retryable') throw result.error;
          // Sent, or someone who can no longer be reached: drop the text rather than keep it waiting.
        }
      }
      await markDelivered(this.ctx.db, p.relayId, recipientId, this.ctx.clock.now());
    }
  }

  /** The relayed words, or undefined when they cannot be read here (never relayed garbled, never a crash). */
  private readRelay(p: PendingRelay): string | undefined {
    try {
      return this.ctx.cipher.decrypt(p.body, relayPlace(p));
    } catch (error) {
      if (!(error instanceof Unreadable)) throw error;
      this.ctx.logger.warn({ group: p.groupId, relay: p.relayId }, 'relayed message unreadable: dropped');
      return undefined;
    }
  }

  /** A report's words; when they cannot be read here the reader is told so rather than shown nothing. */
  private readReport(report: Report): string {
    try {
      return this.ctx.cipher.decrypt(
        report.body,
        reportPlace({
          workspaceId: report.workspace_id,
          reporterId: report.reporter_member_id,
          reporterPseudonym: report.reporter_pseudonym,
        }),
      );
    } catch (error) {
      if (!(error instanceof Unreadable)) throw error;
      this.ctx.logger.warn({ report: report.id }, 'peer support report unreadable');
      return '(The words of this report could not be read.)';
    }
  }

  private async target(memberId: string): Promise<{ workspaceKey: string; platform: Platform } | undefined> {
    const loaded = await this.load(memberId);
    if (!loaded) return undefined;
    return {
      workspaceKey: `${loaded.workspace.platform}:${loaded.workspace.external_id}`,
      platform: loaded.workspace.platform,
    };
  }

  private async load(memberId: string): Promise<{ member: Member; workspace: Workspace } | undefined> {
    const member = await getMember(this.ctx.db, memberId);
    if (!member) return undefined;
    const workspace = await getWorkspace(this.ctx.db, member.workspace_id);
    if (!workspace?.active) return undefined;
    return { member, workspace };
  }

  private async build(member: Member, workspace: Workspace, notice: Notice): Promise<Message | undefined> {
    const db = this.ctx.db;
    switch (notice.type) {
      case 'intro': {
        const group = await getGroup(db, notice.groupId);
        if (group?.status !== 'open') return undefined;
        const people = await groupMembers(db, notice.groupId);
        const me = people.find((p) => p.member_id === member.id);
        const round = await getRound(db, group.round_id);
        if (!me || !round) return undefined;
        return introMessage({
          endsAt: new Date(round.ends_at),
          zone: effectiveZone(member, workspace),
          you: me.pseudonym,
          others: people.filter((p) => p !== me).map((p) => p.pseudonym),
          starter: starterText(group.starter_id),
          supportLines: supportLinesFor(workspace),
        });
      }
      case 'nudge': {
        const people = await groupMembers(db, notice.groupId);
        return halfwayNudgeMessage(
          people.filter((p) => p.member_id !== member.id).map((p) => shortPseudonym(p.pseudonym)),
        );
      }
      case 'round-end':
        return roundEndMessage(notice.groupId);
      case 'closed': {
        const closed = NOTICES.closedByMember();
        if (!notice.feedback) return { text: closed, blocks: [{ type: 'text', text: closed }] };
        const end = roundEndMessage(notice.groupId);
        // The core's round-end text says "this round has come to an end"; here only the conversation did.
        return { text: closed, blocks: [{ type: 'text', text: closed }, ...end.blocks.slice(1)] };
      }
      case 'stay-or-leave':
        return stayOrLeaveMessage(notice.poolKey);
      case 'paused-quiet':
        return pausedAfterThreeMessage();
      case 'unplaced':
        return unplacedMessage(notice.reason);
      case 'reveal': {
        const people = await groupMembers(db, notice.groupId);
        const list = [];
        for (const p of people) {
          const m = await getMember(db, p.member_id);
          const w = m ? await getWorkspace(db, m.workspace_id) : undefined;
          if (!m || !w) return undefined;
          list.push({
            pseudonym: p.pseudonym,
            name: m.display_name ?? 'a name they have not set',
            platform: platformLabel(w.platform),
            agreed: p.reveal,
          });
        }
        return revealResultMessage(list);
      }
      case 'support':
        return NOTICES.supportToGroup(supportLinesFor(workspace));
      case 'support-alert': {
        // Checked again as it is built: never to anyone who is or was in that group.
        const excluded = await groupExclusionHashes(db, this.ctx.cipher, notice.groupId);
        if ((await notExcluded(db, this.ctx.cipher, [member], excluded)).length === 0) {
          this.ctx.logger.warn(
            { group: notice.groupId },
            'support alert not sent: recipient is in the group',
          );
          return undefined;
        }
        const group = await getGroup(db, notice.groupId);
        const round = group ? await getRound(db, group.round_id) : undefined;
        return NOTICES.supportAlert(round?.number ?? 0);
      }
      case 'report-passed-on':
        return NOTICES.reportPassedOn();
      case 'report':
      case 'report-identity': {
        const report = await getReport(db, notice.reportId);
        if (report?.status !== 'delivered') return undefined;
        // The last lock: whoever queued it, a report is never built for anyone who is or was in the group.
        if ((await notExcluded(db, this.ctx.cipher, [member], report.excluded_hashes)).length === 0) {
          this.ctx.logger.warn({ report: report.id }, 'report not sent: recipient is in the reported group');
          return undefined;
        }
        const round = report.round_id ? await getRound(db, report.round_id) : undefined;
        const number = round?.number ?? 0;
        if (notice.type === 'report') {
          return NOTICES.reportToReaders(
            number,
            report.reporter_pseudonym,
            this.readReport(report),
            supportLinesFor(workspace),
          );
        }
        const reporter = await getMember(db, report.reporter_member_id);
        if (!reporter || !report.share_identity) return undefined;
        return NOTICES.reportIdentity(
          number,
          report.reporter_pseudonym,
          reporter.display_name ?? 'no name set',
        );
      }
    }
  }
}
