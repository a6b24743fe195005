/**
 * The relay: a member's plain direct messages, while their group is open, go to the others under their
 * pseudonym — and nothing else of theirs goes with them. The relay words (`help`, `end`, `reveal`,
 * `report ...`, `block`, `pause`) alone in a message are instructions instead.
 */
import { parseCommand } from '../../core/commands/index.js';
import {
  fileRefusedMessage,
  RELAY_MAX_CHARS,
  rateLimitMessage,
  relayClosedMessage,
  relayHelpMessage,
  relayLength,
  relayTooLongMessage,
} from '../../core/pairing/pairing-messages.js';
import { QueueUnavailable } from '../../errors.js';
import type { DirectMessage, Reply } from '../../ports.js';
import { relayPlace, reportPlace } from '../../store/cipher-places.js';
import { listAdmins } from '../../store/member.repository.js';
import { addBlocks, updatePoolEntry } from '../../store/pairing-pool.repository.js';
import {
  claimReveal,
  closeGroup,
  countMessage,
  getGroup,
  type Group,
  groupMembers,
  latestGroupOf,
  openGroupOf,
  updateGroupMember,
} from '../../store/pairing-round.repository.js';
import {
  countRelayInWindow,
  deleteRelay,
  insertRelay,
  insertReport,
} from '../../store/pairing-relay.repository.js';
import type { Caller, ServiceContext } from '../context.js';
import { NOTICES } from './pairing-notices.js';
import type { PairingSender } from './pairing-sender.js';

/** Flood control: at most this many relayed messages per member per minute. */
export const RELAY_LIMIT_PER_MINUTE = 10;
const MINUTE_MS = 60_000;
/** After a group closes, messages to the bot get the "closed" notice for this long. */
const CLOSED_NOTICE_MS = 30 * 24 * 3600_000;

const REPORT = /^report\b\s*([\s\S]*)$/i;

export class PairingRelay {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly sender: PairingSender,
  ) {}

  /** Handle a direct message; undefined when it is not for peer support (e.g. a command). */
  async handle(event: DirectMessage, caller: Caller): Promise<Reply | undefined> {
    const group = await openGroupOf(this.ctx.db, caller.member.id);
    const word = event.text.trim().toLowerCase();
    if (!group) return this.outsideGroup(event, caller, word);

    if (!event.edited) {
      if (word === 'help') return { message: relayHelpMessage() };
      if (word === 'end') return this.end(group);
      if (word === 'block') return this.block(caller, group);
      if (word === 'pause') return this.pause(caller);
      if (word === 'reveal') return this.reveal(caller, group.id);
      const report = REPORT.exec(event.text.trim());
      if (report) return this.report(caller, group, report[1]!.trim());
    }

    const text = event.text.trim();
    if (text === '') {
      return event.hasFiles ? { message: fileRefusedMessage(false) } : {};
    }
    // Refused before anything is stored, so a long message is never cut on the way: the sender is told.
    const length = relayLength(text);
    if (length > RELAY_MAX_CHARS) return { message: relayTooLongMessage(length, { edited: event.edited }) };
    const now = this.ctx.clock.now();
    const windowStart = new Date(Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS);
    const count = await countRelayInWindow(this.ctx.db, caller.member.id, windowStart);
    if (count > RELAY_LIMIT_PER_MINUTE) {
      const retryAfterSeconds = Math.ceil((windowStart.getTime() + MINUTE_MS - now.getTime()) / 1000);
      return { message: rateLimitMessage(retryAfterSeconds) };
    }

    // Checked before the words are stored: a message that could not be queued would wait unseen.
    if (!this.ctx.jobs.available()) return { message: NOTICES.relayUnavailable() };
    const members = await groupMembers(this.ctx.db, group.id);
    const recipients = members.filter((m) => m.member_id !== caller.member.id).map((m) => m.member_id);
    const relayId = await this.ctx.db.transaction().execute(async (tx) => {
      const id = await insertRelay(tx, {
        groupId: group.id,
        senderId: caller.member.id,
        messageId: event.messageId,
        edited: event.edited,
        // Only ids travel through the queue; the words wait here, encrypted, until delivered.
        encryptedBody: this.ctx.cipher.encrypt(
          text,
          relayPlace({ groupId: group.id, senderId: caller.member.id, messageId: event.messageId }),
        ),
        recipients,
      });
      if (id !== undefined && !event.edited) await countMessage(tx, group.id, caller.member.id);
      return id;
    });
    if (relayId !== undefined) {
      try {
        await this.sender.deliverRelays(relayId, recipients);
      } catch (error) {
        if (!(error instanceof QueueUnavailable)) throw error;
        // Redis went away between the check and the queueing: take the words back rather than keep them unsent.
        await deleteRelay(this.ctx.db, relayId);
        return { message: NOTICES.relayUnavailable() };
      }
    }
    // Nothing is said back for an ordinary message: the conversation should feel like a conversation.
    return event.hasFiles ? { message: fileRefusedMessage(true) } : {};
  }

  /**
   * Offer to share names (the relay word or the round-end button). Names go out only when everyone in the
   * group has offered; until then nobody is told anything, so nobody learns who offered.
   */
  async reveal(caller: Caller, groupId: string): Promise<Reply> {
    const group = await getGroup(this.ctx.db, groupId);
    const members = await groupMembers(this.ctx.db, groupId);
    if (!group || !members.some((m) => m.member_id === caller.member.id)) {
      return { message: NOTICES.inactiveButton() };
    }
    if (group.closed_reason === 'blocked' || group.closed_reason === 'forgotten' || members.length < 2) {
      return { message: NOTICES.revealUnavailable() };
    }
    await updateGroupMember(this.ctx.db, groupId, caller.member.id, { reveal: true });
    const everyone = (await groupMembers(this.ctx.db, groupId)).every((m) => m.reveal);
    if (!everyone) return { message: NOTICES.revealOffered() };
    if (await claimReveal(this.ctx.db, groupId, this.ctx.clock.now())) {
      await this.sender.notify(
        members.map((m) => ({ memberId: m.member_id, notice: { type: 'reveal', groupId } })),
      );
    }
    return { message: NOTICES.revealAll() };
  }

  private async outsideGroup(event: DirectMessage, caller: Caller, word: string): Promise<Reply | undefined> {
    const last = await latestGroupOf(this.ctx.db, caller.member.id);
    if (!last?.closed_at) return undefined;
    if (this.ctx.clock.now().getTime() - new Date(last.closed_at).getTime() > CLOSED_NOTICE_MS)
      return undefined;
    if (word === 'reveal') return this.reveal(caller, last.id);
    // Commands still work as commands; anything else was meant for the partner.
    const parsed = parseCommand(event.text, {
      workspaceZone: caller.workspace.timezone,
      now: this.ctx.clock.now(),
    });
    if (parsed.kind !== 'error') return undefined;
    return { message: relayClosedMessage() };
  }

  private async end(group: Group): Promise<Reply> {
    const members = await groupMembers(this.ctx.db, group.id);
    if (await closeGroup(this.ctx.db, group.id, 'ended', this.ctx.clock.now())) {
      await this.sender.notify(
        members.map((m) => ({
          memberId: m.member_id,
          notice: { type: 'closed', groupId: group.id, feedback: true },
        })),
      );
    }
    return { message: NOTICES.youEnded() };
  }

  private async block(caller: Caller, group: Group): Promise<Reply> {
    const members = await groupMembers(this.ctx.db, group.id);
    const others = members.filter((m) => m.member_id !== caller.member.id).map((m) => m.member_id);
    const closed = await this.ctx.db.transaction().execute(async (tx) => {
      await addBlocks(tx, caller.member.id, others, 'block');
      return closeGroup(tx, group.id, 'blocked', this.ctx.clock.now());
    });
    if (closed) {
      await this.sender.notify(
        others.map((memberId) => ({
          memberId,
          notice: { type: 'closed', groupId: group.id, feedback: false },
        })),
      );
    }
    return { message: NOTICES.youBlocked() };
  }

  private async pause(caller: Caller): Promise<Reply> {
    await updatePoolEntry(this.ctx.db, caller.member.id, { paused: true }, this.ctx.clock.now());
    return { message: NOTICES.youPaused() };
  }

  private async report(caller: Caller, group: Group, body: string): Promise<Reply> {
    if (body === '') return { message: NOTICES.reportNeedsText() };
    const me = (await groupMembers(this.ctx.db, group.id)).find((m) => m.member_id === caller.member.id);
    if (!me) return { message: NOTICES.inactiveButton() };
    const report = await insertReport(this.ctx.db, {
      workspaceId: caller.workspace.id,
      roundId: group.round_id,
      groupId: group.id,
      reporterId: caller.member.id,
      reporterPseudonym: me.pseudonym,
      encryptedBody: this.ctx.cipher.encrypt(
        body,
        reportPlace({
          workspaceId: caller.workspace.id,
          reporterId: caller.member.id,
          reporterPseudonym: me.pseudonym,
        }),
      ),
    });
    const admins = await listAdmins(this.ctx.db, caller.workspace.id);
    if (admins.length === 0) {
      this.ctx.logger.warn(
        { workspace: caller.workspace.id, report: report.id },
        'peer support report: no admins to tell',
      );
    }
    await this.sender.notify(
      admins.map((a) => ({ memberId: a.id, notice: { type: 'report', reportId: report.id } })),
    );
    return { message: NOTICES.reportReceived(report.id) };
  }
}
