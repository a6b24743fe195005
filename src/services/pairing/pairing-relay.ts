/**
 * The relay: a member's plain direct messages, while their group is open, go to the others under their
 * pseudonym — and nothing else of theirs goes with them. The relay words (`help`, `support`, `end`, `reveal`,
 * `report ...`, `block`, `pause`) alone in a message are instructions instead. An edit whose new text is a
 * relay word is refused, never relayed: an edit must not be a back door for a report to reach the partner.
 * `end` and `block` cannot be undone, so they ask to confirm (buttons); `report` says who will read it first.
 */
import { parseCommand } from '../../core/commands/index.js';
import {
  confirmCloseMessage,
  fileRefusedMessage,
  parseConfirmValue,
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
import { inTransaction } from '../../store/transaction.js';
import {
  addBlockHashes,
  addBlocks,
  blockedPairs,
  platformIdentities,
  updatePoolEntry,
} from '../../store/pairing-pool.repository.js';
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
  deleteReportDraft,
  deleteRelay,
  getReport,
  insertRelay,
  insertReport,
  setReportStatus,
} from '../../store/pairing-relay.repository.js';
import type { Caller, ServiceContext } from '../context.js';
import { pairBlockHash } from './pairing-blocks.js';
import { NOTICES, supportLinesFor } from './pairing-notices.js';
import { groupExclusionHashes, reportReaders } from './pairing-safeguarding.js';
import type { PairingSender } from './pairing-sender.js';

/** Flood control: at most this many relayed messages per member per minute. */
export const RELAY_LIMIT_PER_MINUTE = 10;
const MINUTE_MS = 60_000;
/** After a group closes, messages to the bot get the "closed" notice for this long. */
const CLOSED_NOTICE_MS = 30 * 24 * 3600_000;

/** The words people try for a lasting stop (the `stop` command handles them). */
const STOP_WORDS = /^(stop|unsubscribe|opt out)$/i;
const PAIRING_RECORD = /^pairing\s+record\b/i;
const REPORT = /^report\b[\s:,.-]*([\s\S]*)$/i;
const WORDS = ['help', 'support', 'end', 'block', 'pause', 'reveal'] as const;
type RelayWord = (typeof WORDS)[number] | 'report';

/** The relay word a message is, if it is one: alone in the message (trailing punctuation allowed), or `report …`. */
export function relayWordOf(text: string): RelayWord | undefined {
  const trimmed = text.trim();
  if (REPORT.test(trimmed)) return 'report';
  const word = trimmed.toLowerCase().replace(/[.!?]+$/, '');
  return (WORDS as readonly string[]).includes(word) ? (word as RelayWord) : undefined;
}

export class PairingRelay {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly sender: PairingSender,
  ) {}

  /** Handle a direct message; undefined when it is not for peer support (e.g. a command). */
  async handle(event: DirectMessage, caller: Caller): Promise<Reply | undefined> {
    // "stop", "unsubscribe" or "opt out" alone is the lasting stop for everyone, in a group too: never relayed.
    if (!event.edited && STOP_WORDS.test(event.text.trim())) return undefined;
    const group = await openGroupOf(this.ctx.db, caller.member.id);
    const word = relayWordOf(event.text);
    if (!group) return this.outsideGroup(event, caller, event.text.trim().toLowerCase());

    // An edit is never an instruction (it may be someone correcting a word) and never relays one either.
    if (word && event.edited) return { message: NOTICES.editNotRelayed(word) };
    switch (word) {
      case 'help':
        return { message: relayHelpMessage() };
      case 'support':
        return this.support(caller, group);
      case 'end':
      case 'block':
        return { message: confirmCloseMessage(word, group.id) };
      case 'pause':
        return this.pause(caller);
      case 'reveal':
        return this.reveal(caller, group.id);
      case 'report':
        return this.report(caller, group, REPORT.exec(event.text.trim())![1]!.trim());
      case undefined:
        break;
    }

    const text = event.text.trim();
    // `pairing record …` said in the conversation is that command (the inbound runs it), never relayed.
    if (!event.edited && PAIRING_RECORD.test(text)) return undefined;
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
    const relayId = await inTransaction(this.ctx.db, async (tx) => {
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
        createdAt: this.ctx.clock.now(),
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
    if (group.closed_reason === 'blocked') {
      // To the person blocked, a blocked conversation looks like an ended one: their offer is taken the same
      // way, but names are never shared. The one who blocked is told plainly.
      const blocks = await blockedPairs(this.ctx.db, [caller.member.id]);
      const blocker = blocks.some(
        ([a, b]) => a === caller.member.id && members.some((m) => m.member_id === b && b !== a),
      );
      return { message: blocker ? NOTICES.revealUnavailable() : NOTICES.revealOffered() };
    }
    if (group.closed_reason === 'forgotten' || members.length < 2) {
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

  /**
   * The confirm button of `end` or `block`: only a member of that group, while it is open.
   * @returns the message to put in place of the question.
   */
  async confirmClose(caller: Caller, value: string): Promise<Reply> {
    const parsed = parseConfirmValue(value);
    const group = parsed ? await getGroup(this.ctx.db, parsed.groupId) : undefined;
    const members = group ? await groupMembers(this.ctx.db, group.id) : [];
    if (!parsed || !group || !members.some((m) => m.member_id === caller.member.id)) {
      return { message: NOTICES.inactiveButton() };
    }
    if (group.status !== 'open') return { message: NOTICES.alreadyClosed() };
    return parsed.word === 'end' ? this.end(group) : this.block(caller, group);
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
    const identities = await platformIdentities(this.ctx.db, [caller.member.id, ...others]);
    const me = identities.get(caller.member.id);
    const hashes = me
      ? others.flatMap((o) => {
          const other = identities.get(o);
          return other ? [pairBlockHash(this.ctx.cipher, me, other)] : [];
        })
      : [];
    const closed = await inTransaction(this.ctx.db, async (tx) => {
      await addBlocks(tx, caller.member.id, others, 'block');
      // The lasting form: it outlives `forget me` by either person (the rows above go with a member row).
      await addBlockHashes(tx, hashes);
      return closeGroup(tx, group.id, 'blocked', this.ctx.clock.now());
    });
    if (closed) {
      // Exactly what an `end` sends, so the others cannot tell a block from an ending.
      await this.sender.notify(
        members.map((m) => ({
          memberId: m.member_id,
          notice: { type: 'closed', groupId: group.id, feedback: true },
        })),
      );
    }
    return { message: NOTICES.youBlocked() };
  }

  private async pause(caller: Caller): Promise<Reply> {
    await updatePoolEntry(this.ctx.db, caller.member.id, { paused: true }, this.ctx.clock.now());
    return { message: NOTICES.youPaused() };
  }

  /**
   * Someone needs support now: everyone in the group (the asker too, so nobody can tell who asked) gets the
   * support lines and a gentle note; the safeguarding contacts are told someone in a conversation asked, without
   * a name or a pseudonym.
   */
  private async support(caller: Caller, group: Group): Promise<Reply> {
    const members = await groupMembers(this.ctx.db, group.id);
    const at = this.ctx.clock.now().getTime();
    await this.sender.notify(
      members.map((m) => ({ memberId: m.member_id, notice: { type: 'support', groupId: group.id, at } })),
    );
    const excluded = await groupExclusionHashes(this.ctx.db, this.ctx.cipher, group.id);
    const readers = await reportReaders(this.ctx.db, this.ctx.cipher, caller.workspace.id, excluded);
    if (readers.kind !== 'nobody') {
      await this.sender.notify(
        readers.readers.map((r) => ({
          memberId: r.id,
          notice: { type: 'support-alert', groupId: group.id, at },
        })),
      );
    }
    return { message: NOTICES.supportAsked(readers.kind !== 'nobody') };
  }

  /**
   * `report <what happened>`: kept as an encrypted draft, and the reporter is told who would read it (or that
   * nobody can yet) before anything is sent.
   */
  private async report(caller: Caller, group: Group, body: string): Promise<Reply> {
    const excluded = await groupExclusionHashes(this.ctx.db, this.ctx.cipher, group.id);
    const readers = await reportReaders(this.ctx.db, this.ctx.cipher, caller.workspace.id, excluded);
    const support = supportLinesFor(caller.workspace);
    if (body === '') return { message: NOTICES.reportNeedsText(readers) };
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
      excludedHashes: excluded,
      at: this.ctx.clock.now(),
    });
    return { message: NOTICES.reportConfirm(report.id, readers, support) };
  }

  /**
   * The reporter's "Send it" or "Don't send": only theirs, only for a draft. Who reads it is worked out again
   * now (contacts may have changed), and a report nobody can read yet is kept, never claimed as passed on.
   */
  async reportDecision(caller: Caller, reportId: number, send: boolean): Promise<Reply> {
    const report = await getReport(this.ctx.db, reportId);
    if (!report || report.reporter_member_id !== caller.member.id || report.status !== 'draft') {
      return { message: NOTICES.inactiveButton() };
    }
    if (!send) {
      await deleteReportDraft(this.ctx.db, report.id);
      return { message: NOTICES.reportDiscarded() };
    }
    const readers = await reportReaders(
      this.ctx.db,
      this.ctx.cipher,
      report.workspace_id,
      report.excluded_hashes,
    );
    if (readers.kind === 'nobody') {
      await setReportStatus(this.ctx.db, report.id, 'draft', 'waiting');
      this.ctx.logger.warn(
        { workspace: report.workspace_id, report: report.id },
        'peer support report kept: nobody can receive it yet',
      );
      return { message: NOTICES.reportKept(supportLinesFor(caller.workspace)) };
    }
    if (!(await setReportStatus(this.ctx.db, report.id, 'draft', 'delivered'))) {
      return { message: NOTICES.inactiveButton() };
    }
    await this.sender.notify(
      readers.readers.map((r) => ({ memberId: r.id, notice: { type: 'report', reportId: report.id } })),
    );
    return { message: NOTICES.reportReceived(report.id, readers.kind) };
  }
}
