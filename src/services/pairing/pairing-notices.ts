/**
 * Peer-support wording the core's message builders do not cover: replies to the relay words, join/leave,
 * closures and the report to admins. Plain UK English, no exclamation marks, nothing that names a partner.
 */
import { supportLines } from '../../core/messages/support.js';
import { countWords, discloseCount } from '../../core/anonymity/disclosure.js';
import type { Message } from '../../core/messages/message.js';
import { textMessage } from '../../core/messages/message.js';
import type { Platform } from '../../ports.js';
import type { Member } from '../../store/member.repository.js';
import type { Workspace } from '../../store/workspace.repository.js';
import type { ReportReaders } from './pairing-safeguarding.js';

/**
 * Where to find support, for every peer support message that carries it: the partnership's signpost and the
 * built-in UK crisis lines (unless the signpost gives them and an admin turned them off).
 */
export function supportLinesFor(workspace: Pick<Workspace, 'signpost' | 'crisis_lines'>): string[] {
  return supportLines(workspace);
}

const names = (list: readonly Member[]) => list.map((m) => m.display_name ?? 'someone without a name');

function joinNames(list: readonly string[]): string {
  if (list.length <= 1) return list.join('');
  return `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
}

/** Who reads a report, said before it is sent (names of named contacts; admins by role). */
function whoReads(readers: ReportReaders): string {
  if (readers.kind === 'nobody') {
    return 'Right now nobody outside this conversation can receive a report here: no safeguarding contact or Roundtable admin who is not in it.';
  }
  if (readers.kind === 'contacts') {
    return `It will be read by your partnership's safeguarding contacts: ${joinNames(names(readers.named))}. If any of them is in this conversation, they never see it.`;
  }
  return "It will be read by your workspace's Roundtable admins, except anyone in this conversation, who never sees it.";
}

function supportContext(lines: readonly string[]): Message['blocks'] {
  return lines.length > 0 ? [{ type: 'context', text: `If you need support: ${lines.join('\n')}` }] : [];
}

/** The chat tool's name, for the reveal ("Misty Kestrel is Ann Example (Slack)"). */
export function platformLabel(platform: Platform): string {
  return { slack: 'Slack', teams: 'Microsoft Teams', sandbox: 'the sandbox' }[platform];
}

export const NOTICES = {
  joined: (paused: boolean, orgKnown = true) =>
    textMessage(
      `You are in the peer support pool. Each round I will introduce you to one or more senior leaders, from other organisations wherever the pool allows, under pseudonyms. Leaders are self-declared: everyone in the pool set their own role, and Roundtable does not check it. Nobody sees who is in the pool.${
        paused ? ' You have paused Roundtable for now, so I will include you once your pause ends.' : ''
      }${
        orgKnown
          ? ''
          : ' Which organisation do you work for? If you tell me with `/roundtable me org "<name>"`, I will group you with people from other organisations. You can skip this.'
      } \`/roundtable pairing leave\` takes you out at any time.`,
    ),
  avoidAdded: (org: string, all: readonly string[]) =>
    textMessage(
      `Done. You will not be grouped with people who say they are from "${org}". Your list: ${all.map((o) => `"${o}"`).join(', ')}. \`/roundtable pairing avoid none\` clears it. I do not say whether anyone from there is in the pool.`,
    ),
  avoidCleared: (had: boolean) =>
    textMessage(
      had
        ? 'Done. Your list of organisations to avoid is empty, so you can be grouped with anyone in the pool.'
        : 'Your list of organisations to avoid was already empty, so nothing changed.',
    ),
  avoidOwnOrg: () =>
    textMessage(
      'That is the organisation you work for. People from your own organisation are only grouped with you when the pool leaves no other choice, so there is nothing to add.',
    ),
  avoidFull: (max: number) =>
    textMessage(
      `You can avoid up to ${max} organisations, and your list is full. \`/roundtable pairing avoid none\` clears it. Nothing was changed.`,
    ),
  notLeader: (band: string | null) =>
    textMessage(
      `Peer support is a space for senior leaders (directors, commissioners, heads of service), and your role is ${
        band ? `set as ${band}` : 'not set yet'
      }. If you are a senior leader, send \`/roundtable me role leader\`, then \`/roundtable pairing join\` again.`,
    ),
  left: (inGroup: boolean) =>
    textMessage(
      `You have left the peer support pool, so you will not be placed in future rounds.${
        inGroup
          ? ' Your current conversation stays open until the round ends; write "end" to me to close it now.'
          : ''
      } You are welcome back any time with \`/roundtable pairing join\`.`,
    ),
  notInPool: () => textMessage('You are not in the peer support pool, so nothing changed.'),
  closedByMember: () =>
    'This conversation has been closed. Thank you for the time you gave it. I will be in touch when the next round starts.',
  youEnded: () => textMessage('Done. I have closed this conversation for everyone, kindly.'),
  youBlocked: () =>
    textMessage(
      'Done. I have closed this conversation, and you will not be grouped with them again, even if either of you uses "forget me" and comes back. They are told only that the conversation has closed, the same as if it had ended.',
    ),
  keptOpen: () => textMessage('Nothing has changed. The conversation is still open.'),
  alreadyClosed: () => textMessage('This conversation has already closed, so nothing changed.'),
  editNotRelayed: (word: string) =>
    textMessage(
      `That edit reads as "${word}", one of the words that are instructions to me, so I did not pass it on, and did nothing else with it. If you meant it as an instruction, please send it again as a new message.`,
    ),
  supportToGroup: (lines: readonly string[]): Message => {
    const text =
      'Someone in this conversation asked for support. I have sent the same message to everyone here, so nobody knows who asked, and there is nothing you need to do. Be gentle with each other, and with yourself.';
    const where =
      lines.length > 0
        ? `If you need support now: ${lines.join('\n')}`
        : 'If you need support now, please talk to someone you trust, or your usual support at work.';
    return {
      text,
      blocks: [
        { type: 'text', text },
        { type: 'section', title: 'Support', text: where },
        { type: 'context', text: 'Roundtable is not monitored and is not a crisis service.' },
      ],
    };
  },
  supportAsked: (contactsTold: boolean) =>
    textMessage(
      `I have sent the support lines to everyone in this conversation, you included, without your name.${
        contactsTold
          ? ' A safeguarding contact has been told that someone in a peer support conversation asked for support, without your name or your pseudonym.'
          : ''
      } If you would like someone to reach out to you, write "report" followed by a few words, and you can choose to share your name with them.`,
    ),
  supportAlert: (round: number): Message => {
    const text = `Someone in a peer support conversation (round ${round}) asked for support just now. They have been sent the support lines. Their name is not shared unless they choose to.`;
    return {
      text,
      blocks: [
        { type: 'text', text },
        {
          type: 'context',
          text: 'You receive this as a safeguarding contact (or a Roundtable admin, when no contact is named). Nobody in that conversation is told you were told.',
        },
      ],
    };
  },
  youPaused: () =>
    textMessage(
      'You are paused from peer support, so I will not place you in future rounds. This conversation stays open until the round ends. Send `/roundtable pairing join` whenever you would like to come back.',
    ),
  reportNeedsText: (readers: ReportReaders) =>
    textMessage(
      `Please write "report" followed by what happened, in one message. I will show you who would read it before anything is sent. ${whoReads(readers)} The others in your group are not told.`,
    ),
  reportConfirm: (reportId: number, readers: ReportReaders, support: readonly string[]): Message => {
    const text =
      readers.kind === 'nobody'
        ? `Before anything is sent: ${whoReads(readers)} If you choose to keep it, I will keep it encrypted and unread, and pass it on to the first safeguarding contact your partnership names. I will tell you when that happens.`
        : `Before anything is sent: ${whoReads(readers)} They will see the round number and your pseudonym, not your name. The others in your group are not told.`;
    return {
      text,
      blocks: [
        { type: 'text', text },
        {
          type: 'buttons',
          buttons: [
            {
              actionId: 'pairing.report.send',
              label: readers.kind === 'nobody' ? 'Keep it for them' : 'Send it',
              value: String(reportId),
              style: 'primary',
            },
            { actionId: 'pairing.report.discard', label: "Don't send", value: String(reportId) },
          ],
        },
        ...supportContext(support),
      ],
    };
  },
  reportDiscarded: () => textMessage('Nothing was sent, and I have deleted what you wrote.'),
  reportKept: (support: readonly string[]): Message => {
    const text =
      'I have kept your report, encrypted. Nobody has read it yet, because nobody outside this conversation can receive it right now. I will pass it on to the first safeguarding contact your partnership names, and tell you when I do. If you need support in the meantime, please use the lines below or talk to someone you trust.';
    return { text, blocks: [{ type: 'text', text }, ...supportContext(support)] };
  },
  reportPassedOn: () =>
    textMessage(
      'The peer support report you asked me to keep has now been passed on to a safeguarding contact, with the round number and your pseudonym only, not your name.',
    ),
  reportReceived: (reportId: number, kind: 'contacts' | 'admins'): Message => {
    const who = kind === 'contacts' ? 'safeguarding contacts' : 'Roundtable admins';
    const text = `Thank you for telling us. I have passed this to your ${who} with the round number and your pseudonym only, not your name. The others in your group are not told.`;
    return {
      text,
      blocks: [
        { type: 'text', text },
        {
          type: 'section',
          title: 'Your name',
          text: `If it would help the ${who} to follow this up with you, you can share your name with them. It never goes to anyone in your group.`,
        },
        {
          type: 'buttons',
          buttons: [
            {
              actionId: 'pairing.report.share',
              label: 'Share my name with them',
              value: String(reportId),
            },
          ],
        },
      ],
    };
  },
  reportShared: () =>
    textMessage(
      'Thank you. I have shared your name with the people who read this report, for this report only, never with anyone in your group.',
    ),
  reportToReaders: (round: number, pseudonym: string, body: string, support: readonly string[]): Message => {
    const text = `A peer support report from round ${round}, from the person called ${pseudonym} in that conversation.`;
    const blocks: Message['blocks'] = [
      { type: 'text', text },
      { type: 'section', title: 'What they wrote', text: body },
      {
        type: 'context',
        text: 'You receive this as a safeguarding contact (or a Roundtable admin, when no contact is named). Names are not shared unless the person who reported agrees. The others in the conversation have not been told.',
      },
      ...supportContext(support),
    ];
    return { text, blocks };
  },
  reportIdentity: (round: number, pseudonym: string, name: string) =>
    textMessage(
      `The person called ${pseudonym} in round ${round}, who sent you a peer support report, has agreed to share their name: ${name}.`,
    ),
  revealOffered: () =>
    textMessage(
      'Thank you. Names are shared only if everyone in your group offers too. Nobody is told who has offered, so there is no pressure either way.',
    ),
  revealAll: () => textMessage('Everyone has agreed, so I am sending each of you the names now.'),
  revealUnavailable: () => textMessage('Names cannot be shared for that conversation.'),
  relayUnavailable: () =>
    textMessage(
      "I couldn't pass that on just now: the part of Roundtable that sends messages is not answering. Nothing was sent. Please send it again in a few minutes.",
    ),
  stayed: () => textMessage('Thank you. You stay in the peer support pool.'),
  leftFromButton: () =>
    textMessage(
      'You have left the peer support pool. You are welcome back any time with `/roundtable pairing join`.',
    ),
  feedbackThanks: () => textMessage('Thank you. Your answer is only ever counted in totals.'),
  inactiveButton: () => textMessage('That button is no longer active.'),
  /**
   * Through the disclosure rule: the exact number of people (and of groups, and of anyone unplaced) changes
   * when one leader pauses, so two round starts would show who paused. Unplaced people are told themselves.
   */
  roundStarted: (people: number, k: number) =>
    textMessage(`Round started: groups formed for ${countWords(discloseCount(people, k), k)} people.`),
  roundNotStarted: (reason: 'empty' | 'alone' | 'recent') =>
    textMessage(
      reason === 'recent'
        ? 'A round started in this pool in the last few hours, so I did not start another.'
        : reason === 'alone'
          ? // The same words for one person alone and for people whose choices keep them apart: it must not hint at blocks.
            'No groups could be formed this round: not enough people in the pool could be grouped together. They have been told kindly.'
          : 'Nobody is available in the peer support pool yet, so no round was started.',
    ),
  roundEnded: (number: number) =>
    textMessage(`Round ${number} has ended. Everyone in it has been asked how it went.`),
  noOpenRound: () => textMessage('There is no round open in this pool, so nothing changed.'),
} as const;
