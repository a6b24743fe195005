/**
 * The messages of a check-in, in the neutral message model: the check-in itself (and its reminder), the reply that
 * replaces it once answered or skipped, and the private message after a very low answer.
 *
 * Every check-in says who will see what before asking, says skipping is fine, and carries the signpost.
 * Button values carry only the delivery id: the answer itself travels in the submitted input values.
 */
import type { Block, Message } from '../messages/message.js';
import { NOT_A_CRISIS_SERVICE, UK_CRISIS_LINES } from '../messages/support.js';
import { BANDS } from '../commands/command.js';
import {
  CAPACITY_QUESTION,
  CAPACITY_SCALE,
  PREFER_NOT_TO_SAY,
  PREFER_NOT_TO_SAY_LABEL,
} from './capacity-scale.js';
import { DEFAULT_K, effectiveK } from './k-rule.js';
import { type Prompt, promptSignpost } from './prompt-library.js';

/** Input and action ids the check-in handler reads back. */
export const CHECKIN_IDS = {
  scale: 'scale',
  reflection: 'reflection',
  share: 'share',
  submit: 'checkin.submit',
  skip: 'checkin.skip',
  /** "This didn't land" (handled by the co-production feature): counted per prompt, never by name. */
  flag: 'prompts.flag',
  /** The welcome's and the stop choice's buttons (handled by the members feature). */
  consentYes: 'consent.yes',
  consentNo: 'consent.no',
  /** The welcome's role question: `welcome.band.<band>` or `welcome.band.none` (handled by the members feature). */
  welcomeBand: 'welcome.band.',
} as const;

/** The welcome role question's "Prefer not to say". */
export const WELCOME_BAND_NONE = 'none';

/** Longest reflection accepted; the digest trims to the same length. */
export const REFLECTION_MAX_LENGTH = 1000;

export const SKIP_LINE = 'Skipping is always fine.';
export const REMINDER_LINE = 'This check-in is still here if you would like it. There is no need to reply.';

/** The privacy promise, stated before anything is asked. */
export function privacyLine(k: number = DEFAULT_K): string {
  return `Only you see your words. Admins see totals of at least ${k} people, never names.`;
}

/** What sharing means, next to the tick box. */
export function shareLine(k: number = DEFAULT_K): string {
  return (
    `If you choose to share, your words appear in the learning digest without your name or the time, ` +
    `and only when at least ${k} people have shared. Please leave out names and anything that could identify someone.`
  );
}

/** Said instead of the share line when a prompt's answers are never shared. */
export const NOT_SHAREABLE_LINE =
  'Answers to this question are never shared, not even anonymously, because they could point to someone.';

/** Whether a check-in for this prompt offers the share box (prompts without the tag, as before, do). */
export function canShare(prompt: Partial<Pick<Prompt, 'shareable'>>): boolean {
  return prompt.shareable !== false;
}

export function signpostLine(signpost: string): string {
  return `Support, if you would like it: ${signpost.trim()}`;
}

/** The built-in UK crisis lines on one small line. */
export function crisisLine(): string {
  return `If you would like to talk to someone now: ${UK_CRISIS_LINES.join(' · ')}.`;
}

/**
 * The support lines at the foot of a check-in or support message: the signpost, the built-in crisis lines
 * (unless turned off where the signpost gives them; the caller decides with `supportLines`), and what
 * Roundtable is not.
 */
export function supportBlocks(signpost: string | undefined, crisisLines: boolean): Block[] {
  const blocks: Block[] = [];
  const text = signpost?.trim();
  if (text) blocks.push({ type: 'context', text: signpostLine(text) });
  if (crisisLines) blocks.push({ type: 'context', text: crisisLine() });
  blocks.push({ type: 'context', text: NOT_A_CRISIS_SERVICE });
  return blocks;
}

export const WELCOME_TITLE = 'Welcome to Roundtable';
export const STOP_CHOICE_LINE =
  'Not for you? Choose "Not for me" and I will not send you check-ins again, unless you say `start`.';

export const WELCOME_BAND_QUESTION =
  'If you would like to say, which of these is closest to your role? It helps me choose questions that fit. ' +
  'Your admins can see roles. "Prefer not to say" is fine, and I will not ask again.';

/** The welcome's one question about role, for a person who has none set and has not answered it before. */
function welcomeBandBlocks(deliveryId: string): Block[] {
  return [
    { type: 'text', text: WELCOME_BAND_QUESTION },
    {
      type: 'buttons',
      buttons: [
        ...BANDS.map((band) => ({
          actionId: `${CHECKIN_IDS.welcomeBand}${band}`,
          label: band[0]!.toUpperCase() + band.slice(1),
          value: deliveryId,
        })),
        {
          actionId: `${CHECKIN_IDS.welcomeBand}${WELCOME_BAND_NONE}`,
          label: PREFER_NOT_TO_SAY_LABEL,
          value: deliveryId,
        },
      ],
    },
  ];
}

/**
 * What the first check-in opens with: what Roundtable is, who sees what, how often, how to stop; and, for a
 * person with no role set, the one question about their role (`askBand`).
 */
export function welcomeBlocks(input: {
  k?: number;
  howOften?: string;
  deliveryId: string;
  askBand?: boolean;
}): Block[] {
  const k = effectiveK(input.k ?? DEFAULT_K);
  const often = input.howOften ? ` Your admins set them for ${input.howOften}.` : '';
  return [
    {
      type: 'section',
      title: WELCOME_TITLE,
      text:
        'Roundtable sends short reflective check-ins, here in a private message, for you to answer or skip.' +
        `${often}
` +
        `Only you see your words. Admins see totals of at least ${k} people, never names. ` +
        'Say `stop` to me at any time and check-ins end; `start` brings them back.',
    },
    {
      type: 'buttons',
      buttons: [
        {
          actionId: CHECKIN_IDS.consentYes,
          label: 'Yes, send me check-ins',
          value: input.deliveryId,
          style: 'primary',
        },
        { actionId: CHECKIN_IDS.consentNo, label: 'Not for me', value: input.deliveryId },
      ],
    },
    ...(input.askBand ? welcomeBandBlocks(input.deliveryId) : []),
  ];
}

/** The stop choice on a check-in, while the person has not answered the welcome. */
function stopChoiceBlocks(deliveryId: string): Block[] {
  return [
    { type: 'context', text: STOP_CHOICE_LINE },
    {
      type: 'buttons',
      buttons: [{ actionId: CHECKIN_IDS.consentNo, label: 'Not for me', value: deliveryId }],
    },
  ];
}

export interface CheckinMessageInput {
  /**
   * The prompt. One that is not `shareable` (about people supported, or only one band gets it) gets no share box:
   * its answers stay private. A prompt with its own signpost (grief) shows it beside the question.
   */
  prompt: Pick<Prompt, 'text'> & Partial<Pick<Prompt, 'shareable' | 'signpost'>>;
  /** The partnership's support signpost (text or URL), set with `signpost "..."`. */
  signpost?: string;
  /** The delivery row's id; the only value the buttons carry. */
  deliveryId: string;
  /** The one gentle reminder a check-in may get. */
  reminder?: boolean;
  /** The workspace's minimum group size, for the privacy line. */
  k?: number;
  /** Show the built-in UK crisis lines (default true; see `supportLines`). */
  crisisLines?: boolean;
  /**
   * The first check-in a person gets opens with the welcome and its two choices; `askBand` adds the one question
   * about their role (asked only of someone with none set who has not answered it).
   */
  welcome?: { howOften?: string; askBand?: boolean };
  /** Show the energy scale (default true); false after the person said `me scale off`. */
  scale?: boolean;
  /** Show "Not for me" (the person has not answered the welcome yet). */
  stopChoice?: boolean;
  /**
   * "You said, we did": what the admins said about a week this person was sent a check-in in, shown once at the
   * top of their next check-in.
   */
  saidWeDid?: readonly string[];
}

/** What opens a check-in for someone who was sent one in a week the admins answered (`report respond`). */
export function saidWeDidBlocks(responses: readonly string[]): Block[] {
  return responses.map((response) => ({
    type: 'section' as const,
    title: 'You said, we did',
    text: `About a recent week of check-ins, here is what we are doing: ${response}`,
  }));
}

/**
 * The check-in sent by direct message: the prompt, an optional capacity scale, an optional private reflection,
 * a tick box to share it anonymously, and Save / Skip buttons whose value is the delivery id.
 */
export function checkinMessage(input: CheckinMessageInput): Message {
  const { prompt, signpost, deliveryId, reminder = false } = input;
  const k = effectiveK(input.k ?? DEFAULT_K);
  const signpostText = signpost?.trim();
  const blocks: Block[] = saidWeDidBlocks(input.saidWeDid ?? []);
  if (input.welcome)
    blocks.push(
      ...welcomeBlocks({
        k,
        deliveryId,
        howOften: input.welcome.howOften,
        askBand: input.welcome.askBand,
      }),
    );
  if (reminder) blocks.push({ type: 'text', text: REMINDER_LINE });
  blocks.push({ type: 'section', title: 'A moment to reflect', text: prompt.text });
  // A prompt that brings its own support (grief: bereavement signposting) carries it right under the question.
  if (prompt.signpost?.trim()) blocks.push({ type: 'text', text: prompt.signpost.trim() });
  // Who sees what comes before anything is asked (docs/PROMPTS.md: trust).
  blocks.push({ type: 'context', text: privacyLine(k) });
  if (input.scale ?? true) {
    blocks.push({
      type: 'choice',
      id: CHECKIN_IDS.scale,
      label: CAPACITY_QUESTION,
      optional: true,
      options: [
        ...CAPACITY_SCALE.map((step) => ({
          label: `${step.value} · ${step.label}`,
          value: String(step.value),
        })),
        { label: PREFER_NOT_TO_SAY_LABEL, value: PREFER_NOT_TO_SAY },
      ],
    });
  }
  blocks.push({
    type: 'input',
    id: CHECKIN_IDS.reflection,
    label: 'Your reflection (only you see it)',
    multiline: true,
    optional: true,
    placeholder: 'A few words, or none at all',
    maxLength: REFLECTION_MAX_LENGTH,
  });
  if (canShare(prompt)) {
    blocks.push({
      type: 'checkbox',
      id: CHECKIN_IDS.share,
      label: 'Share this reflection anonymously in the learning digest',
    });
  }
  blocks.push(
    {
      type: 'buttons',
      buttons: [
        { actionId: CHECKIN_IDS.submit, label: 'Save', value: deliveryId, style: 'primary' },
        { actionId: CHECKIN_IDS.skip, label: 'Skip this time', value: deliveryId },
        { actionId: CHECKIN_IDS.flag, label: "This didn't land", value: deliveryId },
      ],
    },
    { type: 'context', text: canShare(prompt) ? shareLine(k) : NOT_SHAREABLE_LINE },
    { type: 'context', text: SKIP_LINE },
  );
  if (input.stopChoice && !input.welcome) blocks.push(...stopChoiceBlocks(deliveryId));
  // A prompt's own signposting (bereavement support for grief prompts) comes before the general support lines.
  const promptSignpostText = promptSignpost(prompt);
  if (promptSignpostText) blocks.push({ type: 'context', text: promptSignpostText });
  blocks.push(...supportBlocks(signpostText, input.crisisLines ?? true));
  const body = reminder ? `${REMINDER_LINE} ${prompt.text}` : `A moment to reflect: ${prompt.text}`;
  const opened = input.welcome ? `${WELCOME_TITLE}. ${body}` : body;
  const text = input.saidWeDid?.length ? `You said, we did. ${opened}` : opened;
  return { text, blocks };
}

/** The reminder: the same check-in with one gentle line on top. Sent at most once per check-in. */
export function reminderMessage(input: Omit<CheckinMessageInput, 'reminder'>): Message {
  return checkinMessage({ ...input, reminder: true });
}

/**
 * Replaces the check-in once answered or skipped, so it cannot be answered twice. It has no inputs or buttons.
 * `shared` is ignored when skipped (nothing was saved). After a written reflection (`wrote`), it says how to add
 * "how it changed my practice" to it later (a line, not a box: the thank-you stays without inputs).
 */
/** Under the thank-you for a written reflection: how to add to it later, for the member's own record. */
export const RECORD_ADD_HINT =
  'Later, if you like, you can add how this changed your practice to your own record: /roundtable me record add last changed "…". Only you see it.';

export function thankYouMessage(input: { skipped: boolean; shared: boolean; wrote?: boolean }): Message {
  if (input.skipped) {
    const text =
      'You skipped this one, and that is always fine. The next check-in will come at the usual time.';
    return { text, blocks: [{ type: 'text', text }] };
  }
  const text = 'Thank you for taking a moment to reflect.';
  const detail = input.shared
    ? 'Your answer is saved. Your reflection may appear in the next learning digest, without your name, ' +
      'once enough people have shared.'
    : 'Your answer is saved, and only you can see your words.';
  return {
    text,
    blocks: [
      { type: 'text', text },
      { type: 'context', text: detail },
      ...(input.wrote ? [{ type: 'context' as const, text: RECORD_ADD_HINT }] : []),
    ],
  };
}

/**
 * Sent privately after a very low capacity answer. Kind, calm, no exclamation marks, and it says plainly that
 * nobody else has been told — it is never an alert to anyone else.
 */
export function lowCapacityMessage(input: { signpost?: string; crisisLines?: boolean } = {}): Message {
  const signpost = input.signpost?.trim();
  const text =
    'Thank you for being honest about how today is. Having very little energy is hard, and you do not have to manage it alone.';
  const blocks: Block[] = [
    { type: 'text', text },
    {
      type: 'text',
      text: signpost
        ? `If it would help to talk to someone, support is here: ${signpost}`
        : 'If it would help, you could talk to someone you trust, or to the support your organisation offers.',
    },
    {
      type: 'context',
      text:
        'This message is only for you. Nobody else has been told how you answered. ' +
        'You can pause check-ins at any time with /roundtable me pause.',
    },
    ...supportBlocks(undefined, input.crisisLines ?? true),
  ];
  return { text, blocks };
}
