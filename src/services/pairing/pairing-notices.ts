/**
 * Peer-support wording the core's message builders do not cover: replies to the relay words, join/leave,
 * closures and the report to admins. Plain UK English, no exclamation marks, nothing that names a partner.
 */
import { countWords, discloseCount } from '../../core/anonymity/disclosure.js';
import type { Message } from '../../core/messages/message.js';
import { textMessage } from '../../core/messages/message.js';
import type { Platform } from '../../ports.js';

/** The chat tool's name, for the reveal ("Misty Kestrel is Ann Example (Slack)"). */
export function platformLabel(platform: Platform): string {
  return { slack: 'Slack', teams: 'Microsoft Teams', sandbox: 'the sandbox' }[platform];
}

export const NOTICES = {
  joined: (paused: boolean) =>
    textMessage(
      `You are in the peer support pool. Each round I will introduce you to one or more senior leaders, probably from other organisations, under pseudonyms. Nobody sees who is in the pool.${
        paused ? ' You have paused Roundtable for now, so I will include you once your pause ends.' : ''
      } \`/roundtable pairing leave\` takes you out at any time.`,
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
      'Done. I have closed this conversation, and you will not be grouped with them again. They are told only that the conversation has closed.',
    ),
  youPaused: () =>
    textMessage(
      'You are paused from peer support, so I will not place you in future rounds. This conversation stays open until the round ends. Send `/roundtable pairing join` whenever you would like to come back.',
    ),
  reportNeedsText: () =>
    textMessage(
      'Please write "report" followed by what happened, in one message. Only your Roundtable admins will see it, and the others in your group are not told.',
    ),
  reportReceived: (reportId: number): Message => {
    const text =
      'Thank you for telling us. I have passed this to your Roundtable admins with the round number and your pseudonym only, not your name. The others in your group are not told.';
    return {
      text,
      blocks: [
        { type: 'text', text },
        {
          type: 'section',
          title: 'Your name',
          text: 'If it would help the admins to follow this up with you, you can share your name with them.',
        },
        {
          type: 'buttons',
          buttons: [
            {
              actionId: 'pairing.report.share',
              label: 'Share my name with the admins',
              value: String(reportId),
            },
          ],
        },
      ],
    };
  },
  reportShared: () =>
    textMessage('Thank you. I have shared your name with your Roundtable admins for this report only.'),
  reportToAdmins: (round: number, pseudonym: string, body: string, signpost?: string | null): Message => {
    const text = `A peer support report from round ${round}, from the person called ${pseudonym} in that conversation.`;
    const blocks: Message['blocks'] = [
      { type: 'text', text },
      { type: 'section', title: 'What they wrote', text: body },
      {
        type: 'context',
        text: 'Names are not shared unless the person who reported agrees. The others in the conversation have not been told.',
      },
    ];
    if (signpost) blocks.push({ type: 'context', text: `Support: ${signpost}` });
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
          ? 'Only one person is available in the peer support pool, so no groups could be formed. They have been told kindly.'
          : 'Nobody is available in the peer support pool yet, so no round was started.',
    ),
  roundEnded: (number: number) =>
    textMessage(`Round ${number} has ended. Everyone in it has been asked how it went.`),
  noOpenRound: () => textMessage('There is no round open in this pool, so nothing changed.'),
} as const;
