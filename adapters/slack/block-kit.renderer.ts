/**
 * The neutral message model (`src/core/messages/message.ts`) rendered as Block Kit, typed with `@slack/types`.
 *
 * Slack refuses a whole message when one limit is broken, so every limit is enforced here: long text is split or
 * cut with an ellipsis, never sent over the limit. Everything a person could have written is escaped (`&`, `<`,
 * `>`), so it can never become a mention, a channel link or a URL.
 */
import type {
  ActionsBlock,
  Button,
  HomeView,
  InputBlock,
  KnownBlock,
  ModalView,
  PlainTextElement,
  PlainTextOption,
} from '@slack/types';
import type {
  Block,
  Choice,
  Form,
  Message,
  Button as NeutralButton,
} from '../../src/core/messages/message.js';

/** Slack's documented limits, and the undocumented total (`msg_blocks_too_long` near 13k characters). */
export const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  contextText: 3000,
  /** Kept under Slack's ~13k so the JSON around the text has room. */
  totalText: 12_000,
  messageText: 3000,
  buttonText: 75,
  imageAltText: 2000,
  imageUrl: 3000,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  actionsElements: 25,
  radioOptions: 10,
  selectOptions: 100,
  optionText: 75,
  optionValue: 150,
  label: 2000,
  placeholder: 150,
  inputLength: 3000,
  viewTitle: 24,
  privateMetadata: 3000,
  callbackId: 255,
} as const;

const ELLIPSIS = '…';
const SHORTENED_NOTE = '… (shortened to fit in Slack)';

/** Escape text for Slack's mrkdwn so it can never form `<@U…>`, `<#C…>`, `<!here>` or links. */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cut to at most `max` characters, ending with an ellipsis when cut. Never splits an `&amp;`-style entity. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${safeCut(text, max - 1)}${ELLIPSIS}`;
}

function safeCut(text: string, at: number): string {
  let cut = text.slice(0, Math.max(0, at));
  const amp = cut.lastIndexOf('&');
  if (amp >= 0 && amp > cut.length - 6 && !cut.slice(amp).includes(';')) cut = cut.slice(0, amp);
  return cut;
}

/** Split escaped text into chunks of at most `max` characters, at line breaks or spaces where possible. */
export function splitText(text: string, max: number): string[] {
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    let at = Math.max(window.lastIndexOf('\n'), window.lastIndexOf(' '));
    if (at < max / 2) at = safeCut(rest, max).length;
    chunks.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).replace(/^[\n ]/, '');
  }
  chunks.push(rest);
  return chunks;
}

function plain(text: string, max: number): PlainTextElement {
  // plain_text is not parsed for mentions, but must not be empty.
  return { type: 'plain_text', text: truncate(text.trim() === '' ? ' ' : text, max), emoji: true };
}

function option(choice: Choice): PlainTextOption {
  return { text: plain(choice.label, LIMITS.optionText), value: choice.value.slice(0, LIMITS.optionValue) };
}

interface Piece {
  block: KnownBlock;
  chars: number;
}

function renderOne(block: Block): Piece[] {
  switch (block.type) {
    case 'text':
    case 'section': {
      const title = block.type === 'section' && block.title ? `*${escapeText(block.title)}*\n` : '';
      const chunks = splitText(`${title}${escapeText(block.text)}`, LIMITS.sectionText);
      return chunks.map((text) => ({
        block: { type: 'section', text: { type: 'mrkdwn', text: text === '' ? ' ' : text } },
        chars: text.length,
      }));
    }
    case 'relayed': {
      // The label stands apart (a context line) and every line of the body is quoted, so a line break in the body
      // cannot start a line that looks like another member's or the bot's.
      const label = truncate(`*${escapeText(block.from)}*`, LIMITS.contextText);
      // Split first, then quote each line: quoting can at most triple a chunk (empty lines), so a third of the limit.
      const chunks = splitText(escapeText(block.text), Math.floor(LIMITS.sectionText / 3)).map((chunk) =>
        chunk
          .split('\n')
          .map((line) => `> ${line}`)
          .join('\n'),
      );
      return [
        { block: { type: 'context', elements: [{ type: 'mrkdwn', text: label }] }, chars: label.length },
        ...chunks.map((text) => ({
          block: { type: 'section', text: { type: 'mrkdwn', text } } as KnownBlock,
          chars: text.length,
        })),
      ];
    }
    case 'context': {
      const text = truncate(escapeText(block.text), LIMITS.contextText);
      return [{ block: { type: 'context', elements: [{ type: 'mrkdwn', text }] }, chars: text.length }];
    }
    case 'divider':
      return [{ block: { type: 'divider' }, chars: 0 }];
    case 'link': {
      const url = safeUrl(block.url);
      const label = escapeText(block.text);
      const text = truncate(
        url ? `<${url}|${label}>` : `${label} (${escapeText(block.url)})`,
        LIMITS.sectionText,
      );
      return [{ block: { type: 'section', text: { type: 'mrkdwn', text } }, chars: text.length }];
    }
    case 'image': {
      // Slack fetches the picture itself, so it needs a public http(s) URL; without one only the words go.
      const url = safeUrl(block.url);
      const alt = truncate(block.alt.trim() === '' ? 'Chart' : block.alt, LIMITS.imageAltText);
      if (!url || url.startsWith('mailto:') || url.length > LIMITS.imageUrl) return [];
      return [{ block: { type: 'image', image_url: url, alt_text: alt }, chars: alt.length }];
    }
    case 'buttons':
      return renderButtons(block.buttons);
    case 'choice': {
      const options = block.options.slice(0, LIMITS.selectOptions).map(option);
      const initial = options.find((o) => o.value === block.initial);
      const element: InputBlock['element'] =
        options.length <= LIMITS.radioOptions
          ? {
              type: 'radio_buttons',
              action_id: id(block.id),
              options,
              ...(initial ? { initial_option: initial } : {}),
            }
          : {
              type: 'static_select',
              action_id: id(block.id),
              options,
              ...(initial ? { initial_option: initial } : {}),
            };
      return [input(block.id, block.label, element, block.optional, options.length * 20)];
    }
    case 'input': {
      const element: InputBlock['element'] = {
        type: 'plain_text_input',
        action_id: id(block.id),
        multiline: block.multiline ?? false,
        max_length: Math.min(block.maxLength ?? LIMITS.inputLength, LIMITS.inputLength),
        ...(block.placeholder ? { placeholder: plain(block.placeholder, LIMITS.placeholder) } : {}),
        ...(block.initial
          ? { initial_value: block.initial.slice(0, Math.min(block.maxLength ?? 3000, LIMITS.inputLength)) }
          : {}),
      };
      return [input(block.id, block.label, element, block.optional, block.initial?.length ?? 0)];
    }
    case 'checkbox': {
      const yes: PlainTextOption = { text: plain('Yes', LIMITS.optionText), value: 'true' };
      const element: InputBlock['element'] = {
        type: 'checkboxes',
        action_id: id(block.id),
        options: [yes],
        ...(block.initial ? { initial_options: [yes] } : {}),
      };
      // Unticked is a valid answer: a checkbox input is always optional.
      return [input(block.id, block.label, element, true, 3)];
    }
  }
}

function input(
  blockId: string,
  label: string,
  element: InputBlock['element'],
  optional: boolean | undefined,
  extraChars: number,
): Piece {
  const block: InputBlock = {
    type: 'input',
    block_id: id(blockId),
    label: plain(label, LIMITS.label),
    element,
    optional: optional ?? false,
  };
  return { block, chars: block.label.text.length + extraChars };
}

function id(value: string): string {
  return value.slice(0, LIMITS.actionId);
}

/** Buttons in rows of at most 25; duplicate action ids in one row get a `#n` suffix the mappers strip again. */
function renderButtons(buttons: NeutralButton[]): Piece[] {
  const pieces: Piece[] = [];
  for (let start = 0; start < buttons.length; start += LIMITS.actionsElements) {
    const seen = new Map<string, number>();
    const elements: Button[] = buttons.slice(start, start + LIMITS.actionsElements).map((b) => {
      const n = seen.get(b.actionId) ?? 0;
      seen.set(b.actionId, n + 1);
      const suffix = n === 0 ? '' : `#${n}`;
      return {
        type: 'button',
        action_id: `${b.actionId.slice(0, LIMITS.actionId - suffix.length)}${suffix}`,
        text: plain(b.label, LIMITS.buttonText),
        value: b.value.slice(0, LIMITS.buttonValue),
        ...(b.style ? { style: b.style } : {}),
      };
    });
    const block: ActionsBlock = { type: 'actions', elements };
    pieces.push({ block, chars: elements.reduce((n, e) => n + e.text.text.length, 0) });
  }
  return pieces;
}

/** Only web and mail links become clickable; the characters that end a Slack link are percent-encoded. */
function safeUrl(raw: string): string | undefined {
  try {
    const url = new URL(raw);
    if (!['http:', 'https:', 'mailto:'].includes(url.protocol)) return undefined;
    return url.toString().replace(/\|/g, '%7C').replace(/</g, '%3C').replace(/>/g, '%3E');
  } catch {
    return undefined;
  }
}

/**
 * Render blocks within a block-count and a total-text budget. When content would not fit, it is cut and a short
 * note says so; a trailing row of buttons is kept, because it is usually what the message asks the person to do.
 */
export function renderBlocks(blocks: Block[], maxBlocks: number): KnownBlock[] {
  const pieces = blocks.flatMap(renderOne);
  const total = pieces.reduce((n, p) => n + p.chars, 0);
  if (pieces.length <= maxBlocks && total <= LIMITS.totalText) return pieces.map((p) => p.block);

  const last = pieces[pieces.length - 1];
  const tail = last && last.block.type === 'actions' ? [last] : [];
  const body = tail.length ? pieces.slice(0, -1) : pieces;
  const note: Piece = {
    block: { type: 'context', elements: [{ type: 'mrkdwn', text: SHORTENED_NOTE }] },
    chars: SHORTENED_NOTE.length,
  };
  let budget = LIMITS.totalText - note.chars - tail.reduce((n, p) => n + p.chars, 0);
  const room = maxBlocks - 1 - tail.length;
  const kept: KnownBlock[] = [];
  for (const piece of body) {
    if (kept.length >= room) break;
    if (piece.chars > budget) {
      if (piece.block.type === 'section' && piece.block.text && budget > 100) {
        kept.push({
          type: 'section',
          text: { type: 'mrkdwn', text: truncate(piece.block.text.text, budget) },
        });
      }
      break;
    }
    budget -= piece.chars;
    kept.push(piece.block);
  }
  return [...kept, note.block, ...tail.map((p) => p.block)];
}

/** A message for `chat.postMessage` / `chat.update` / `respond`. */
export function renderMessage(message: Message): { text: string; blocks: KnownBlock[] } {
  return {
    text: truncate(escapeText(message.text), LIMITS.messageText),
    blocks: renderBlocks(message.blocks, LIMITS.messageBlocks),
  };
}

/** A form as a modal for `views.open`: our form id travels in `callback_id`, its context in `private_metadata`. */
export function renderModal(form: Form): ModalView {
  return {
    type: 'modal',
    callback_id: form.formId.slice(0, LIMITS.callbackId),
    title: plain(form.title, LIMITS.viewTitle),
    submit: plain(form.submitLabel, LIMITS.viewTitle),
    close: plain('Cancel', LIMITS.viewTitle),
    ...(form.context ? { private_metadata: form.context.slice(0, LIMITS.privateMetadata) } : {}),
    blocks: renderBlocks(form.blocks, LIMITS.viewBlocks),
  };
}

/** The App Home tab for `views.publish`. */
export function renderHome(message: Message): HomeView {
  return { type: 'home', blocks: renderBlocks(message.blocks, LIMITS.viewBlocks) };
}

/** Field errors for `response_action: 'errors'`, keyed by block id (= our input id). */
export function renderFieldErrors(errors: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, text] of Object.entries(errors)) out[id(key)] = truncate(text, 150);
  return out;
}
