/**
 * Peer reflection evidence (`pairing record "<theme>"`): a member of an open peer support conversation proposes
 * "we had a reflective discussion on <date> about <theme>"; everyone else in it is asked (buttons, or
 * `pairing record agree|decline <ref>`). Only when every current member has agreed is it written, once, into each
 * member's own record, with the others by pseudonym. A decline, a member leaving (`forget me`) or the conversation
 * closing cancels it, and everyone is told the same kind sentence, which never says who.
 *
 * Agreements carry no time and go with the proposal, so nothing shows who agreed first. Only ids travel in jobs;
 * the theme is kept encrypted and is made inert like relayed text (it is shown to the others).
 */
import { z } from 'zod';
import { neutraliseRelayText } from '../../core/anonymity/neutralise.js';
import { type Message, textMessage } from '../../core/messages/message.js';
import { longPlainDate } from '../../core/records/record-model.js';
import { PEER_THEME_MAX } from '../../core/commands/parser.js';
import { Unreadable } from '../../crypto.js';
import { QueueUnavailable } from '../../errors.js';
import { anyKind, type Claimed, type MessageKind } from '../../delivery/engine.js';
import { enqueueOwed } from '../../delivery/owed.js';
import { defineOutbox } from '../../jobs/job-types.js';
import type { ActionChosen, ActionResult, Reply } from '../../ports.js';
import { peerEvidenceThemePlace, peerProposalThemePlace } from '../../store/cipher-places.js';
import { getMember, type Member } from '../../store/member.repository.js';
import {
  getGroup,
  type GroupMember,
  groupMembers,
  openGroupOf,
} from '../../store/pairing-round.repository.js';
import {
  addAgreement,
  deleteProposal,
  getProposal,
  insertProposal,
  type PeerProposal,
  proposalsOfMember,
  settleProposal,
} from '../../store/record-evidence.repository.js';
import { getWorkspace } from '../../store/workspace.repository.js';
import { effectiveZone } from '../checkins/quiet-hours.js';
import type { Caller, Feature, ServiceContext } from '../context.js';

/** Button ids (routed by the `record.peer.` prefix); the value is the proposal's reference. */
export const PEER_ACTIONS = { agree: 'record.peer.agree', decline: 'record.peer.decline' } as const;

/** Letters and digits that cannot be misread for each other (no 0/o, 1/l/i). */
const REF_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

interface PeerNoticeClaim extends Claimed {
  proposalId: string;
  notice: 'ask' | 'recorded' | 'cancelled';
}

const PEER_NOTICE = defineOutbox(
  'record.peer',
  z.object({
    memberId: z.string().min(1),
    proposalId: z.string().min(1),
    // Not `kind`: the outbox envelope's own field.
    notice: z.enum(['ask', 'recorded', 'cancelled']),
  }),
);

export const PEER_WORDS = {
  noGroup:
    'You can record a reflective discussion while you are in an open peer support conversation. Nothing was recorded.',
  asked: (ref: string) =>
    `I've asked the others in your conversation. It goes into everyone's record only once all of you agree, and if anyone would rather not, nothing is recorded. (Reference: ${ref})`,
  ask: (date: string, theme: string) =>
    `Someone in your peer support conversation would like to add this to each of your reflective practice records: "We had a reflective discussion on ${date} about ${theme}." It is added only if everyone agrees. If you would rather not, nothing is recorded and nobody is told who said no.`,
  askContext: (ref: string) =>
    `Your record shows the others by their pseudonym. You can also say /roundtable pairing record agree ${ref} or decline ${ref}.`,
  waiting: 'Thank you. It goes into your record once everyone in the conversation has agreed.',
  recorded:
    'Everyone in your conversation agreed, so your reflective discussion is now in your record. `/roundtable me record` shows it.',
  cancelled:
    'The note of your reflective discussion was not added to anyone’s record: not everyone in the conversation could agree to it. That is fine, and nothing was recorded.',
  declined: 'Understood. Nothing was recorded, and nobody is told who said no.',
  gone: 'That request is no longer open: it was recorded or cancelled already. Nothing changed.',
} as const;

function newRef(ctx: ServiceContext): string {
  return [...ctx.random.bytes(8)].map((b) => REF_ALPHABET[b % REF_ALPHABET.length]).join('');
}

function askMessage(proposal: PeerProposal, theme: string): Message {
  const text = PEER_WORDS.ask(longPlainDate(proposal.discussed_on), theme);
  return {
    text,
    blocks: [
      { type: 'text', text },
      {
        type: 'buttons',
        buttons: [
          { actionId: PEER_ACTIONS.agree, label: 'Agree', value: proposal.id, style: 'primary' },
          { actionId: PEER_ACTIONS.decline, label: 'Don’t record it', value: proposal.id },
        ],
      },
      { type: 'context', text: PEER_WORDS.askContext(proposal.id) },
    ],
  };
}

export class PeerEvidenceService {
  constructor(private readonly ctx: ServiceContext) {}

  /** `pairing record "<theme>"`: propose it for the caller's open conversation; the proposer agrees by proposing. */
  async propose(caller: Caller, rawTheme: string): Promise<Reply> {
    const group = await openGroupOf(this.ctx.db, caller.member.id);
    const members = group ? await groupMembers(this.ctx.db, group.id) : [];
    if (!group || members.length < 2) return { message: textMessage(PEER_WORDS.noGroup) };
    const theme = neutraliseRelayText(rawTheme, PEER_THEME_MAX);
    const id = newRef(this.ctx);
    const now = this.ctx.clock.now();
    const discussedOn = new Intl.DateTimeFormat('en-CA', {
      timeZone: effectiveZone(caller.member, caller.workspace),
    }).format(now);
    await insertProposal(this.ctx.db, {
      id,
      groupId: group.id,
      workspaceId: caller.workspace.id,
      discussedOn,
      theme: this.ctx.cipher.encrypt(theme, peerProposalThemePlace(id)),
      now,
    });
    await addAgreement(this.ctx.db, id, caller.member.id);
    try {
      await this.notify(
        members.filter((m) => m.member_id !== caller.member.id).map((m) => m.member_id),
        id,
        'ask',
      );
    } catch (error) {
      if (!(error instanceof QueueUnavailable)) throw error;
      // Nobody could be asked: take it back rather than leave it waiting unseen.
      await deleteProposal(this.ctx.db, id);
      throw error;
    }
    return { message: textMessage(PEER_WORDS.asked(id)) };
  }

  /** Agree (button or command). Written for everyone only when every current member has agreed. */
  async agree(caller: Caller, ref: string): Promise<Message> {
    const found = await this.openProposal(caller, ref);
    if (found.kind !== 'open') return found.message;
    const { proposal, members } = found;
    const agreed = new Set(await addAgreement(this.ctx.db, proposal.id, caller.member.id));
    if (!members.every((m) => agreed.has(m.member_id))) return textMessage(PEER_WORDS.waiting);
    const theme = this.readTheme(proposal);
    if (theme === undefined) return textMessage(PEER_WORDS.gone);
    // Settled once: a second "last agreement" at the same moment finds the proposal gone.
    const written = await settleProposal(
      this.ctx.db,
      proposal.id,
      members.map((m) => ({
        memberId: m.member_id,
        proposalId: proposal.id,
        groupId: proposal.group_id,
        workspaceId: proposal.workspace_id,
        discussedOn: proposal.discussed_on,
        theme: this.ctx.cipher.encrypt(theme, peerEvidenceThemePlace(m.member_id, proposal.id)),
        partners: members.filter((o) => o.member_id !== m.member_id).map((o) => o.pseudonym),
        now: this.ctx.clock.now(),
      })),
    );
    if (!written) return textMessage(PEER_WORDS.gone);
    await this.notify(
      members.filter((m) => m.member_id !== caller.member.id).map((m) => m.member_id),
      proposal.id,
      'recorded',
    );
    return textMessage(PEER_WORDS.recorded);
  }

  /** Decline (button or command): cancelled for everyone, and nobody is told who. */
  async decline(caller: Caller, ref: string): Promise<Message> {
    const found = await this.openProposal(caller, ref);
    if (found.kind !== 'open') return found.message;
    await this.cancel(found.proposal, caller.member.id);
    return textMessage(PEER_WORDS.declined);
  }

  /** `forget me`: every waiting proposal the member is part of is cancelled, for everyone. */
  async forget(member: Member): Promise<void> {
    for (const p of await proposalsOfMember(this.ctx.db, member.id)) {
      try {
        await this.cancel(p, member.id);
      } catch (error) {
        // The proposal is gone either way; only the kind notice to the others could not be queued.
        if (!(error instanceof QueueUnavailable)) throw error;
      }
    }
  }

  private async openProposal(
    caller: Caller,
    ref: string,
  ): Promise<
    { kind: 'open'; proposal: PeerProposal; members: GroupMember[] } | { kind: 'closed'; message: Message }
  > {
    const proposal = await getProposal(this.ctx.db, ref.toLowerCase());
    const members = proposal ? await groupMembers(this.ctx.db, proposal.group_id) : [];
    // Someone else's reference gets the same words as one that does not exist.
    if (!proposal || !members.some((m) => m.member_id === caller.member.id))
      return { kind: 'closed', message: textMessage(PEER_WORDS.gone) };
    const group = await getGroup(this.ctx.db, proposal.group_id);
    if (group?.status !== 'open') {
      // A conversation that closed (ended, blocked, or the round over) cannot agree any more.
      await this.cancel(proposal, caller.member.id);
      return { kind: 'closed', message: textMessage(PEER_WORDS.cancelled) };
    }
    return { kind: 'open', proposal, members };
  }

  private async cancel(proposal: PeerProposal, byMemberId: string): Promise<void> {
    const members = await groupMembers(this.ctx.db, proposal.group_id);
    if (!(await deleteProposal(this.ctx.db, proposal.id))) return;
    await this.notify(
      members.filter((m) => m.member_id !== byMemberId).map((m) => m.member_id),
      proposal.id,
      'cancelled',
    );
  }

  private readTheme(proposal: PeerProposal): string | undefined {
    try {
      return this.ctx.cipher.decrypt(proposal.theme, peerProposalThemePlace(proposal.id));
    } catch (error) {
      if (!(error instanceof Unreadable)) throw error;
      this.ctx.logger.warn({ table: 'peer_evidence_proposals' }, 'peer evidence: a theme is unreadable');
      return undefined;
    }
  }

  private async notify(
    memberIds: readonly string[],
    proposalId: string,
    kind: 'ask' | 'recorded' | 'cancelled',
  ) {
    const jobs = [];
    for (const memberId of memberIds) {
      const member = await getMember(this.ctx.db, memberId);
      const workspace = member ? await getWorkspace(this.ctx.db, member.workspace_id) : undefined;
      if (!member || !workspace?.active) continue;
      jobs.push({
        data: {
          platform: workspace.platform,
          workspaceKey: `${workspace.platform}:${workspace.external_id}`,
          memberId,
          proposalId,
          notice: kind,
        },
        jobId: `rp-${kind}-${proposalId}-${memberId}`,
      });
    }
    await enqueueOwed(this.ctx, PEER_NOTICE, jobs);
  }

  /**
   * The message kind of the proposal's notices (the ask, and "recorded" or "cancelled" when it settles). Each
   * follows from someone's own proposal or answer: never counted. Each job keeps an owed row, so one Redis lost
   * is sent by the delivery sweep.
   */
  kind(): MessageKind<z.infer<typeof PEER_NOTICE.schema>, PeerNoticeClaim> {
    return {
      job: PEER_NOTICE,
      metric: null,
      missed: 'pairing',
      keepsOwedRows: true,
      claim: async (data) => {
        const member = await getMember(this.ctx.db, data.memberId);
        const workspace = member ? await getWorkspace(this.ctx.db, member.workspace_id) : undefined;
        if (!member || !workspace?.active) return undefined;
        return {
          workspace,
          to: { memberId: member.id, userId: member.external_id },
          proposalId: data.proposalId,
          notice: data.notice,
        };
      },
      render: async (c) => {
        if (c.notice !== 'ask') {
          return {
            message: textMessage(c.notice === 'recorded' ? PEER_WORDS.recorded : PEER_WORDS.cancelled),
          };
        }
        const proposal = await getProposal(this.ctx.db, c.proposalId);
        // Settled or cancelled before this went out: nothing to ask any more.
        if (!proposal) return undefined;
        const theme = this.readTheme(proposal);
        return theme === undefined ? undefined : { message: askMessage(proposal, theme) };
      },
      sent: async () => {},
    };
  }
}

/** The commands and buttons of peer reflection evidence, and its part of `forget me`. */
export function peerEvidenceFeature(ctx: ServiceContext): Feature {
  const peer = new PeerEvidenceService(ctx);
  const button = async (event: ActionChosen, caller: Caller): Promise<ActionResult> => {
    const message =
      event.actionId === PEER_ACTIONS.agree
        ? await peer.agree(caller, event.value)
        : await peer.decline(caller, event.value);
    return { update: message };
  };
  return {
    name: 'peer-evidence',
    commands: {
      'pairing.record': { admin: false, queue: true, run: (c, caller) => peer.propose(caller, c.theme) },
      'pairing.record.agree': {
        admin: false,
        queue: true,
        run: async (c, caller) => ({ message: await peer.agree(caller, c.ref) }),
      },
      'pairing.record.decline': {
        admin: false,
        queue: true,
        run: async (c, caller) => ({ message: await peer.decline(caller, c.ref) }),
      },
    },
    actions: { 'record.peer.': button },
    messages: [anyKind(peer.kind())],
    forget: (member) => peer.forget(member),
  };
}
