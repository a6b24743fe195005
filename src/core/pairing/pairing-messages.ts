import { countWords, discloseCount, disclosedPercent, roundingNote } from '../anonymity/disclosure.js';
import { neutraliseRelayText, MAX_RELAY_TEXT_LENGTH } from '../anonymity/neutralise.js';
import type { ChartRow, SmallChart } from '../charts/bar-chart.js';
import { effectiveK } from '../checkins/k-rule.js';
import type { Block, Button, Message } from '../messages/message.js';
import { supportLines } from '../messages/support.js';
import { CONFIDENTIALITY_AGREEMENT, CONTRACTING_QUESTION } from './pairing-agreement.js';
import type { UnplacedReason } from './pairing-types.js';
import { shortPseudonym } from './pseudonyms.js';

/**
 * Everything the bot says in peer support, as neutral messages (plain text; adapters escape and style it). Nothing here is given a real name or a
 * platform id, except {@link revealResultMessage}, which refuses to build unless everyone agreed.
 */

/** Button routes (`<feature>.<verb>`). Values carry ids only. */
export const PAIRING_ACTIONS = {
  feedback: 'pairing.feedback',
  reveal: 'pairing.reveal',
  stay: 'pairing.stay',
  leave: 'pairing.leave',
  /** Confirm `end` or `block` (value: `end:<groupId>` or `block:<groupId>`). */
  confirm: 'pairing.confirm',
  /** Change of mind after `end` or `block`: nothing happens. */
  keep: 'pairing.keep',
} as const;

/** What a person can type, alone in a message, inside a pairing. */
const RELAY_COMMANDS = [
  'support – send everyone here the support lines, without your name',
  'end – close this conversation (I ask you to confirm)',
  'report <what happened> – tell a safeguarding contact; I say who will read it before it is sent, and the others are not told',
  'block – close it and never be grouped with them again (I ask you to confirm)',
  'reveal – offer to share names; it only happens if everyone agrees',
  'pause – take a break from future rounds',
  'help – see this list again',
].join('\n');

const GROUND_RULES = CONFIDENTIALITY_AGREEMENT.join('\n');

function names(list: readonly string[]): string {
  if (list.length <= 1) return list.join('');
  return `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
}

export interface IntroInput {
  /** This person's own pseudonym. */
  you: string;
  /** The others' pseudonyms. */
  others: readonly string[];
  /** A conversation starter for after the contracting question, chosen by the caller. */
  starter: string;
  /** Where to find support (the partnership's signpost and any built-in lines), shown small, one per line. */
  supportLines?: readonly string[];
  /** When the round ends, and the zone the person reads dates in. */
  endsAt: Date;
  zone: string;
}

/** "Thursday 14 January" in `zone`. */
export function formatRoundEnd(endsAt: Date, zone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'long', day: 'numeric', month: 'long' })
    .format(endsAt)
    .replace(',', '');
}

/**
 * The introduction each member of a new pair or circle receives.
 * @param input own and others' pseudonyms, a starter and the signpost.
 */
export function introMessage(input: IntroInput): Message {
  const who =
    input.others.length === 1
      ? `You have been paired with ${input.others[0]} for this round of peer support.`
      : `You are in a small circle with ${names(input.others)} for this round of peer support.`;
  const text = `${who} To them, you are ${input.you}. This round runs until ${formatRoundEnd(input.endsAt, input.zone)}.`;
  const blocks: Block[] = [
    { type: 'text', text },
    { type: 'section', title: 'How this works', text: GROUND_RULES },
    {
      type: 'section',
      title: 'Talking',
      text: `Write to me here and I will pass your words on under your pseudonym.\nThese words alone in a message are instructions to me instead:\n${RELAY_COMMANDS}`,
    },
    { type: 'section', title: 'To start', text: CONTRACTING_QUESTION },
    { type: 'section', title: 'And when you are ready, if it helps', text: input.starter },
  ];
  // The built-in crisis lines unless the caller gives the workspace's own lines (`supportLinesFor`).
  const support = input.supportLines ?? supportLines({ signpost: null, crisis_lines: true });
  blocks.push({ type: 'context', text: `If you need support: ${support.join('\n')}` });
  return { text, blocks };
}

/**
 * The longest message the relay passes on, in characters as a person counts them ({@link relayLength}).
 * Longer ones are refused before anything is stored, never cut. 2,000 is what every renderer carries whole in
 * one message, whatever the text: Slack escapes `&` as `&amp;` (five times longer) and a message must stay
 * under about 12,000 characters of text, split into sections of 3,000; Teams doubles a character at most
 * (a backslash escape), under its 6,000 per text block, and an edit must fit in one card (28 KB of our 40 KB).
 */
export const RELAY_MAX_CHARS = 2000;

/** Length in code points, so an emoji or an accented letter counts once, as the sender would count it. */
export function relayLength(text: string): number {
  return Array.from(text).length;
}

function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * The reply to a message (or an edit) over {@link RELAY_MAX_CHARS}: nothing was stored or sent, and the
 * sender still has their words in the chat, so splitting it is easy.
 * @param length the message's length, from {@link relayLength}.
 * @param options `edited` when it was an edit of an earlier message.
 */
export function relayTooLongMessage(length: number, options: { edited?: boolean } = {}): Message {
  const limit = `I can pass on up to ${thousands(RELAY_MAX_CHARS)} characters at a time, and this one has ${thousands(length)}.`;
  const text = options.edited
    ? `That edit is too long for me to pass on. ${limit} Nothing was sent, so the others still see your earlier message. You could send the rest as a new message.`
    : `That message is too long for me to pass on in one go. ${limit} Nothing was sent. You could send it again in two or more shorter messages.`;
  return { text, blocks: [{ type: 'text', text }] };
}

/**
 * A message relayed from one member to the others: "Kestrel: text", or "Kestrel (edited): text".
 * The text is neutralised here, so no caller can forget to. Callers refuse text over {@link RELAY_MAX_CHARS}
 * first; the cap below only guards against a caller that forgot, and never cuts text within the limit.
 * @param fromPseudonym the sender's pseudonym (shown by its short name).
 * @param text what they wrote.
 * @param options `edited` when this replaces an earlier message.
 */
export function relayedMessage(
  fromPseudonym: string,
  text: string,
  options: { edited?: boolean } = {},
): Message {
  const from = `${shortPseudonym(fromPseudonym)}${options.edited ? ' (edited)' : ''}`;
  const body = neutraliseRelayText(text, MAX_RELAY_TEXT_LENGTH - from.length - 2);
  // The notification summary is one line, so a line break in the body cannot start a line of its own there.
  return {
    text: `${from}: ${body.replace(/\s*\n\s*/g, ' ')}`,
    blocks: [{ type: 'relayed', from, text: body }],
  };
}

/**
 * Asked before `end` or `block`, which cannot be undone.
 * @param word which of the two.
 * @param groupId the group, carried in the button value.
 */
export function confirmCloseMessage(word: 'end' | 'block', groupId: string): Message {
  const text =
    word === 'end'
      ? 'Close this conversation for everyone? This cannot be undone.'
      : 'Close this conversation and never be grouped with them again? This cannot be undone. They will be told only that the conversation has closed, the same as if it had ended.';
  return {
    text,
    blocks: [
      { type: 'text', text },
      {
        type: 'buttons',
        buttons: [
          {
            actionId: PAIRING_ACTIONS.confirm,
            label: word === 'end' ? 'Yes, close it' : 'Yes, close and block',
            value: `${word}:${groupId}`,
            style: 'danger',
          },
          { actionId: PAIRING_ACTIONS.keep, label: 'No, keep talking', value: groupId },
        ],
      },
      { type: 'context', text: 'If you do nothing, nothing changes.' },
    ],
  };
}

/**
 * Read a `pairing.confirm` button value.
 * @returns the word and group id, or undefined when malformed.
 */
export function parseConfirmValue(value: string): { word: 'end' | 'block'; groupId: string } | undefined {
  const m = /^(end|block):(.+)$/.exec(value);
  return m ? { word: m[1] as 'end' | 'block', groupId: m[2]! } : undefined;
}

/**
 * The half-way nudge: gentle, sent once per round, and only a suggestion.
 * @param others the other members' pseudonyms.
 */
export function halfwayNudgeMessage(others: readonly string[]): Message {
  const text = `This round is half-way through. If you have not found a moment with ${names(others)} yet, there is still time, and a short message is enough. If now is not a good time, that is fine too.`;
  return { text, blocks: [{ type: 'text', text }] };
}

/**
 * The end of a round: "did this help?" on a 1–5 scale, and the offer to share names.
 * @param groupId the group's id, carried in the button values.
 */
export function roundEndMessage(groupId: string): Message {
  const text = 'This round has come to an end. Thank you for making time for it.';
  const scale: Button[] = [1, 2, 3, 4, 5].map((n) => ({
    actionId: PAIRING_ACTIONS.feedback,
    label: n === 1 ? '1 – not really' : n === 5 ? '5 – a lot' : String(n),
    value: `${groupId}:${n}`,
  }));
  return {
    text,
    blocks: [
      { type: 'text', text },
      {
        type: 'section',
        title: 'Did this help?',
        text: 'Choose from 1 to 5. Your answer is only ever counted in totals.',
      },
      { type: 'buttons', buttons: scale },
      {
        type: 'section',
        title: 'Sharing names',
        text: 'If you would like to stay in touch, you can offer to share who you are. Names are shared only if everyone agrees. If anyone does not, no names are shared and nobody is told who chose what.',
      },
      {
        type: 'buttons',
        buttons: [{ actionId: PAIRING_ACTIONS.reveal, label: 'Offer to share my name', value: groupId }],
      },
      { type: 'context', text: 'Skipping both is always fine.' },
    ],
  };
}

/**
 * Read a `pairing.feedback` button value.
 * @param value `<groupId>:<n>`.
 * @returns the group id and the rating 1–5, or undefined when the value is malformed.
 */
export function parseFeedbackValue(
  value: string,
): { groupId: string; rating: 1 | 2 | 3 | 4 | 5 } | undefined {
  const at = value.lastIndexOf(':');
  if (at <= 0) return undefined;
  const rating = Number(value.slice(at + 1));
  if (!Number.isInteger(rating) || rating < 1 || rating > 5) return undefined;
  return { groupId: value.slice(0, at), rating: rating as 1 | 2 | 3 | 4 | 5 };
}

/** One member of a group whose names are to be shared. */
export interface RevealPerson {
  pseudonym: string;
  /** Their real display name. */
  name: string;
  /** Where they are, as a label the adapter gives (the chat tool's name). */
  platform: string;
  agreed: boolean;
}

/**
 * The names, once everyone in the group has agreed to share them.
 * @param people every member of the group, including the reader.
 * @throws Error when the list is empty or anyone has not agreed: names must never be built otherwise.
 */
export function revealResultMessage(people: readonly RevealPerson[]): Message {
  if (people.length === 0 || people.some((p) => !p.agreed)) {
    throw new Error('names can only be shared when everyone in the group has agreed');
  }
  const text = 'Everyone agreed to share their names. Here is who you have been talking with:';
  const lines = people.map((p) => `${p.pseudonym} is ${p.name} (${p.platform})`).join('\n');
  return {
    text: `${text}\n${lines}`,
    blocks: [
      { type: 'text', text },
      { type: 'section', text: lines },
      { type: 'context', text: 'What was said in the conversation stays confidential.' },
    ],
  };
}

/** Sent when someone writes after their group's conversation has closed. */
export function relayClosedMessage(): Message {
  const text =
    'This conversation has closed, so I did not pass your message on. Thank you for taking part. I will be in touch when the next round starts.';
  return { text, blocks: [{ type: 'text', text }] };
}

/**
 * Sent when a message carried files or images.
 * @param textPassedOn whether the words in the same message were relayed.
 */
export function fileRefusedMessage(textPassedOn: boolean): Message {
  const text = `To keep everyone anonymous, I do not pass on files or images: they can carry names and other details.${
    textPassedOn ? ' I passed on your words.' : ' Your words are always welcome.'
  }`;
  return { text, blocks: [{ type: 'text', text }] };
}

/**
 * Sent when someone writes faster than the relay allows.
 * @param retryAfterSeconds when they can send again, if known.
 */
export function rateLimitMessage(retryAfterSeconds?: number): Message {
  const minutes = Math.max(1, Math.ceil((retryAfterSeconds ?? 0) / 60));
  const wait = minutes === 1 ? 'in a minute' : `in about ${minutes} minutes`;
  const text = `Messages are arriving faster than I can pass them on, so I held that last one back. Please send it again ${wait}.`;
  return { text, blocks: [{ type: 'text', text }] };
}

/** The answer to `help` inside a pairing. */
export function relayHelpMessage(): Message {
  const text = 'Anything you write to me here goes to the others under your pseudonym.';
  return {
    text,
    blocks: [
      { type: 'text', text },
      {
        type: 'section',
        title: 'These words alone in a message are instructions to me',
        text: RELAY_COMMANDS,
      },
      { type: 'context', text: 'Files and images are not passed on, to keep everyone anonymous.' },
    ],
  };
}

/**
 * Asked of someone who has been quiet for a while: stay in the pool or leave it. No guilt, no chasing.
 * @param poolId the pool's id, carried in the button values.
 */
export function stayOrLeaveMessage(poolId: string): Message {
  const text =
    'You have been quiet in peer support lately, and that is completely fine. Would you like to stay in the pool for future rounds?';
  return {
    text,
    blocks: [
      { type: 'text', text },
      {
        type: 'buttons',
        buttons: [
          { actionId: PAIRING_ACTIONS.stay, label: 'Stay in', value: poolId, style: 'primary' },
          { actionId: PAIRING_ACTIONS.leave, label: 'Leave for now', value: poolId },
        ],
      },
      { type: 'context', text: 'If you do not answer, nothing changes.' },
    ],
  };
}

/**
 * Sent once when someone is paused after three rounds without a reply.
 * @param commandPrefix how commands are written where they read this (default `/roundtable`).
 */
export function pausedAfterThreeMessage(commandPrefix = '/roundtable'): Message {
  const text = `I have not heard from you in the last three rounds, so I have paused peer support for you. There is nothing you need to do. Whenever you would like to come back, send "${commandPrefix} pairing join".`;
  return { text, blocks: [{ type: 'text', text }] };
}

/**
 * Sent to someone who could not be placed this round. The same words for every reason, so it never hints
 * that someone chose not to meet them.
 * @param reason why they could not be placed.
 */
export function unplacedMessage(reason: UnplacedReason): Message {
  const why =
    reason === 'alone-in-pool'
      ? 'There is nobody else in the peer support pool yet, so I could not pair you this round.'
      : 'I could not find a group for you this round that fits everyone’s choices. That is nothing you did.';
  const text = `${why} You will be first in line next round.`;
  return { text, blocks: [{ type: 'text', text }] };
}

/** The "did this help?" answers of one ended round, as `pairing status` may show them. */
export type RoundRatings =
  /** The round ended less than a week ago: answers may still come, so nothing is shown yet. */
  | { round: number; kind: 'waiting'; shownFrom: string }
  /** Frozen: the distinct people who answered and the sum of their answers (1–5 each). */
  | { round: number; kind: 'frozen'; raters: number; sum: number };

export interface PairingStats {
  /** Distinct leaders in the pool, paused or not (so a pause never shows). */
  poolSize: number;
  rounds: number;
  groupsFormed: number;
  /** Groups in which at least two members wrote something. */
  groupsWithMessages: number;
  /** The newest round whose answers are frozen, then a newer ended one still waiting, if any. */
  ratings: readonly RoundRatings[];
  /** The partnership's minimum group size for showing an aggregate. */
  k: number;
}

function ratingLine(r: RoundRatings, k: number): string {
  if (r.kind === 'waiting')
    return `Round ${r.round}: answers are shown from ${r.shownFrom}, a week after it ended`;
  const raters = discloseCount(r.raters, k);
  if (!raters.shown) return `Round ${r.round}: ${countWords(raters, k)} people answered, so not shown`;
  return `Round ${r.round}: ${(r.sum / r.raters).toFixed(1)} out of 5, from ${countWords(raters, k)} people`;
}

/**
 * The admin's `pairing status`: counts only, never names, every count through the disclosure rule (k, rounded
 * to 5). "Did this help?" is shown per ended round only, once its week for answers has passed, frozen then
 * (so a later answer or a `forget me` can never be subtracted), and only over at least k people: a running
 * average, read before and after one person answers, would give away their answer.
 */
/**
 * The small chart of `pairing status`: the share of groups that exchanged messages, and "did this help?" per
 * ended round (out of 5) — each drawn only where the words show it, a figure under k as suppressed.
 */
export function pairingChart(stats: PairingStats): SmallChart {
  const k = effectiveK(stats.k);
  const formed = discloseCount(stats.groupsFormed, k);
  const talked = discloseCount(stats.groupsWithMessages, k);
  const percent = disclosedPercent(talked, formed);
  const rows: ChartRow[] = [];
  if (stats.groupsFormed === 0)
    rows.push({ label: 'Groups that talked', kind: 'none', words: 'no groups yet' });
  else if (percent === null) rows.push({ label: 'Groups that talked', kind: 'suppressed' });
  else
    rows.push({
      label: 'Groups that talked',
      kind: 'shown',
      value: percent,
      max: 100,
      words: `${percent}% of ${countWords(formed, k)}`,
    });
  for (const r of stats.ratings) {
    const label = `Round ${r.round}: did it help?`;
    if (r.kind === 'waiting') {
      rows.push({ label, kind: 'none', words: `shown from ${r.shownFrom}` });
      continue;
    }
    const raters = discloseCount(r.raters, k);
    if (!raters.shown) {
      rows.push({ label, kind: 'suppressed' });
      continue;
    }
    const mean = Number((r.sum / r.raters).toFixed(1));
    rows.push({ label, kind: 'shown', value: mean, max: 5, words: `${mean.toFixed(1)} out of 5` });
  }
  return {
    title: 'Peer support: groups that talked, and "did this help?"',
    rows,
    note: `Counts only, rounded to the nearest 5; fewer than ${k} people or groups: not shown.`,
    k,
  };
}

export function pairingStatusMessage(stats: PairingStats): Message {
  const k = stats.k;
  const formed = discloseCount(stats.groupsFormed, k);
  const talked = discloseCount(stats.groupsWithMessages, k);
  const percent = disclosedPercent(talked, formed);
  const share =
    stats.groupsFormed === 0
      ? 'no groups yet'
      : `${countWords(talked, k)} of ${countWords(formed, k)}${percent === null ? '' : ` (${percent}%)`}`;
  const ratings =
    stats.ratings.length === 0 ? ['no round has ended yet'] : stats.ratings.map((r) => ratingLine(r, k));
  const lines = [
    `Leaders in the pool: ${countWords(discloseCount(stats.poolSize, k), k)}`,
    `Rounds so far: ${stats.rounds}`,
    `Groups formed: ${stats.groupsFormed === 0 ? 0 : countWords(formed, k)}`,
    `Groups that exchanged messages: ${share}`,
    `"Did this help?": ${ratings.join('; ')}`,
  ].join('\n');
  return {
    text: `Peer support status\n${lines}`,
    blocks: [
      { type: 'section', title: 'Peer support status', text: lines },
      { type: 'context', text: `Counts only. Who is paired with whom is never shown. ${roundingNote(k)}` },
    ],
  };
}
