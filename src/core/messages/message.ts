/**
 * The neutral message model: what the core wants to say, with no platform words.
 * Each adapter renders it (Block Kit for Slack, Adaptive Cards 1.5 for Teams, HTML for the sandbox).
 *
 * Text is plain text. Adapters escape it for their platform, so a person's words can never turn into
 * markup, mentions or links. The only structure is the blocks below.
 */

/** A button or option value travels through the platform and back; keep it short and free of personal text. */
export interface Choice {
  /** Shown to the person. */
  label: string;
  /** Returned in {@link ActionChosenValue}; an id, never personal text. */
  value: string;
}

export interface TextBlock {
  type: 'text';
  text: string;
}

/** A titled paragraph (rendered with the title in bold). */
export interface SectionBlock {
  type: 'section';
  title?: string;
  text: string;
}

/** Small, de-emphasised lines: the support signpost, who sees an answer, "skip is always fine". */
export interface ContextBlock {
  type: 'context';
  text: string;
}

/**
 * Words one member wrote, passed on to the others by the relay. The sender's label is rendered apart from the
 * body (and the body set off as a quote), so nothing in the body can pass for a line from someone else or from
 * the bot.
 */
export interface RelayedBlock {
  type: 'relayed';
  /** Who it is from, e.g. `Kestrel` or `Kestrel (edited)`. */
  from: string;
  /** The relayed words, already made inert by the core. */
  text: string;
}

export interface DividerBlock {
  type: 'divider';
}

export interface LinkBlock {
  type: 'link';
  text: string;
  url: string;
}

/**
 * A picture (a report's chart) at an absolute https/http URL. `alt` summarises it for screen readers; the figures
 * themselves stay in the message's text blocks too, so nothing is only in the picture.
 */
export interface ImageBlock {
  type: 'image';
  url: string;
  alt: string;
}

/**
 * A row of buttons. Clicking one sends an `ActionChosen` with the button's `actionId` and `value`, plus the
 * current values of every input in the same message.
 */
export interface ButtonsBlock {
  type: 'buttons';
  buttons: Button[];
}

export interface Button {
  /** Routes the click, e.g. `checkin.submit`. Dotted: `<feature>.<verb>`. */
  actionId: string;
  label: string;
  value: string;
  style?: 'primary' | 'danger';
}

/** Pick one of several options (a scale, a band, ...). Rendered as radio buttons or a compact choice set. */
export interface ChoiceInputBlock {
  type: 'choice';
  /** Input id: the key of this input's value in the submitted values. */
  id: string;
  label: string;
  options: Choice[];
  initial?: string;
  optional?: boolean;
}

/**
 * Free text typed by a person. Its value is personal text: never log it. Labels never say "(optional)": each
 * renderer marks optional inputs its own way (Slack does it natively).
 */
export interface TextInputBlock {
  type: 'input';
  id: string;
  label: string;
  multiline?: boolean;
  optional?: boolean;
  placeholder?: string;
  initial?: string;
  maxLength?: number;
}

/** A single tick box ("share this reflection anonymously"). Submitted as 'true' or absent. */
export interface CheckboxBlock {
  type: 'checkbox';
  id: string;
  label: string;
  initial?: boolean;
}

export type Block =
  | TextBlock
  | SectionBlock
  | ContextBlock
  | RelayedBlock
  | DividerBlock
  | LinkBlock
  | ImageBlock
  | ButtonsBlock
  | ChoiceInputBlock
  | TextInputBlock
  | CheckboxBlock;

/** A message to one person or one channel. */
export interface Message {
  /** Plain-text summary: the notification text and the fallback where blocks cannot be shown. */
  text: string;
  blocks: Block[];
}

/** A file to hand a person (a calendar invite, an export). */
export interface Attachment {
  filename: string;
  contentType: string;
  content: string;
}

/**
 * A form opened in a dialog (Slack modal). Platforms without dialogs (Teams without task modules, the sandbox)
 * render it as a message whose submit button sends a `FormSubmitted`.
 */
export interface Form {
  /** Routes the submission, e.g. `settings.admin`. */
  formId: string;
  title: string;
  submitLabel: string;
  blocks: Block[];
  /** Opaque context returned with the submission (ids only). */
  context?: string;
}

/** Build a message from lines of plain text. */
export function textMessage(text: string, ...extra: Block[]): Message {
  return { text, blocks: [{ type: 'text', text }, ...extra] };
}

/** The same message with one more paragraph at the end (a notice under a reply). */
export function withLine(message: Message, line: string): Message {
  return { text: `${message.text}\n\n${line}`, blocks: [...message.blocks, { type: 'text', text: line }] };
}

/** The same message with a picture (a report's chart) under its first block; unchanged without one. */
export function withPicture(message: Message, picture: { url: string; alt: string } | undefined): Message {
  if (!picture) return message;
  const [first, ...rest] = message.blocks;
  const image: ImageBlock = { type: 'image', url: picture.url, alt: picture.alt };
  return { ...message, blocks: first ? [first, image, ...rest] : [image] };
}
