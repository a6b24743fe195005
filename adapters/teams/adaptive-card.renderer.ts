/**
 * The neutral message model (`src/core/messages/message.ts`) as Adaptive Cards, schema 1.5 (what Teams
 * renders). People's text is escaped so it can never become markdown, links or mentions. Buttons submit
 * `{ actionId, value }` plus every input of the card; a form submits `{ formId, context }`.
 */
import type { Block, Form, Message } from '../../src/core/messages/message.js';

export type CardElement = Record<string, unknown>;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: '1.5';
  body: CardElement[];
  actions?: CardElement[];
  msteams?: { width: 'Full' };
}

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
const SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';

/**
 * Teams refuses activities over 40 KB (HTTP 413). A card is kept well under that, leaving room for the
 * activity envelope, the summary text and JSON escaping by the connector.
 */
export const MAX_CARD_BYTES = 28_000;
/** Longest single text block: long enough for a report section, short enough to keep cards small. */
export const MAX_TEXT_CHARS = 6_000;
const SHORTENED = '… (shortened)';

/**
 * Escape characters that Teams' markdown would act on, so text shows exactly as written. Backslash escapes
 * work in TextBlocks; line-leading list and heading markers are escaped too.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_{}[\]#|~<>]/g, (c) => `\\${c}`)
    .replace(/^(\s*)(\d+)\.(\s)/gm, '$1$2\\.$3')
    .replace(/^(\s*)([-+])(\s)/gm, '$1\\$2$3');
}

/** Adaptive Cards do not mark optional inputs themselves (Slack does), so the label says it. */
function optionalLabel(label: string, optional: boolean | undefined): string {
  return optional === true && !/\(optional/i.test(label) ? `${label} (optional)` : label;
}

function truncate(text: string, max = MAX_TEXT_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max - SHORTENED.length)}${SHORTENED}`;
}

function textBlock(text: string, extra: CardElement = {}): CardElement {
  return { type: 'TextBlock', text: escapeMarkdown(truncate(text)), wrap: true, ...extra };
}

/** The card elements for one block (a section is two elements). */
export function renderBlock(block: Block): CardElement[] {
  switch (block.type) {
    case 'text':
      return [textBlock(block.text)];
    case 'section':
      return block.title
        ? [textBlock(block.title, { weight: 'Bolder' }), textBlock(block.text, { spacing: 'Small' })]
        : [textBlock(block.text)];
    case 'context':
      return [textBlock(block.text, { size: 'Small', isSubtle: true })];
    case 'relayed':
      // The label stands apart and the body sits in its own container, so a line break in the body cannot start
      // a line that looks like another member's or the bot's.
      return [
        textBlock(block.from, { weight: 'Bolder', size: 'Small' }),
        {
          type: 'Container',
          style: 'emphasis',
          spacing: 'Small',
          items: [textBlock(block.text)],
        },
      ];
    case 'divider':
      // Rendered as a separator line on the next element (an empty container would be invalid).
      return [];
    case 'link':
      return [
        {
          type: 'ActionSet',
          actions: [{ type: 'Action.OpenUrl', title: truncate(block.text, 200), url: block.url }],
        },
      ];
    case 'image':
      // Teams fetches the picture itself; the alt text is what a screen reader reads.
      if (!/^https?:\/\//i.test(block.url)) return [];
      return [{ type: 'Image', url: block.url, altText: truncate(block.alt, 2000), size: 'Stretch' }];
    case 'buttons':
      return [
        {
          type: 'ActionSet',
          actions: block.buttons.map((b) => {
            const action: CardElement = {
              type: 'Action.Submit',
              title: truncate(b.label, 200),
              data: { actionId: b.actionId, value: b.value },
            };
            if (b.style === 'primary') action.style = 'positive';
            if (b.style === 'danger') action.style = 'destructive';
            return action;
          }),
        },
      ];
    case 'choice': {
      const input: CardElement = {
        type: 'Input.ChoiceSet',
        id: block.id,
        label: optionalLabel(block.label, block.optional),
        style: 'expanded',
        isRequired: block.optional !== true,
        choices: block.options.map((o) => ({ title: o.label, value: o.value })),
      };
      if (block.initial !== undefined) input.value = block.initial;
      if (block.optional !== true) input.errorMessage = 'Please choose one.';
      return [input];
    }
    case 'input': {
      const input: CardElement = {
        type: 'Input.Text',
        id: block.id,
        label: optionalLabel(block.label, block.optional),
        isMultiline: block.multiline === true,
        isRequired: block.optional !== true,
      };
      if (block.placeholder) input.placeholder = block.placeholder;
      if (block.initial !== undefined) input.value = block.initial;
      if (block.maxLength !== undefined) input.maxLength = block.maxLength;
      if (block.optional !== true) input.errorMessage = 'Please fill this in.';
      return [input];
    }
    case 'checkbox':
      return [
        {
          type: 'Input.Toggle',
          id: block.id,
          title: block.label,
          valueOn: 'true',
          valueOff: 'false',
          value: block.initial ? 'true' : 'false',
        },
      ];
  }
}

function renderBlocks(blocks: Block[]): CardElement[] {
  const body: CardElement[] = [];
  let separatorNext = false;
  for (const block of blocks) {
    if (block.type === 'divider') {
      separatorNext = body.length > 0;
      continue;
    }
    const elements = renderBlock(block);
    if (separatorNext && elements[0]) elements[0] = { ...elements[0], separator: true, spacing: 'Medium' };
    separatorNext = false;
    body.push(...elements);
  }
  return body;
}

function card(body: CardElement[], actions?: CardElement[]): AdaptiveCard {
  const c: AdaptiveCard = {
    type: 'AdaptiveCard',
    $schema: SCHEMA,
    version: '1.5',
    body,
    msteams: { width: 'Full' },
  };
  if (actions && actions.length > 0) c.actions = actions;
  return c;
}

function bytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

/**
 * Render a message as one or more cards, each under {@link MAX_CARD_BYTES}. A long message splits between
 * blocks; a card with inputs should stay small enough to be one card, so its buttons see its inputs.
 */
export function renderMessageCards(message: Message): AdaptiveCard[] {
  const body = renderBlocks(
    message.blocks.length > 0 ? message.blocks : [{ type: 'text', text: message.text }],
  );
  const cards: AdaptiveCard[] = [];
  // A card's JSON is its empty shell plus each element's JSON, comma-separated: counted as it grows, not by
  // serialising the whole card again for every element.
  const shell = bytes(card([]));
  let current: CardElement[] = [];
  let size = shell;
  for (const element of body) {
    const own = bytes(element);
    if (current.length > 0 && size + 1 + own > MAX_CARD_BYTES) {
      cards.push(card(current));
      current = [];
      size = shell;
    }
    size += own + (current.length > 0 ? 1 : 0);
    current.push(element);
  }
  cards.push(card(current));
  return cards;
}

/** Render a message as exactly one card (for updates in place), shortened if it would not fit. */
export function renderMessageCard(message: Message): AdaptiveCard {
  const [first, ...rest] = renderMessageCards(message);
  if (!first) return card([]);
  if (rest.length > 0)
    first.body.push(
      textBlock('The rest of this message was too long to show here.', { size: 'Small', isSubtle: true }),
    );
  return first;
}

/**
 * A form (a dialog on other platforms) as a card: its title, its inputs, and a submit button sending
 * `{ formId, context }` with the inputs' values.
 */
export function renderFormCard(form: Form): AdaptiveCard {
  const body = [textBlock(form.title, { size: 'Medium', weight: 'Bolder' }), ...renderBlocks(form.blocks)];
  const data: Record<string, string> = { formId: form.formId };
  if (form.context !== undefined) data.context = form.context;
  return card(body, [{ type: 'Action.Submit', title: form.submitLabel, style: 'positive', data }]);
}
