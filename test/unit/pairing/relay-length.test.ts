/**
 * The relay never cuts a message silently: anything up to `RELAY_MAX_CHARS` renders whole on every platform
 * (split across sections or text blocks, in order), and anything longer is refused before it is stored.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderMessage } from '../../../adapters/slack/block-kit.renderer.js';
import { renderMessageCard, renderMessageCards } from '../../../adapters/teams/adaptive-card.renderer.js';
import {
  RELAY_MAX_CHARS,
  relayLength,
  relayTooLongMessage,
  relayedMessage,
} from '../../../src/core/pairing/pairing-messages.js';

/**
 * The words of a Slack rendering (the label, then the quoted body without its quote marks), unescaped, with the
 * whitespace a split may take away removed.
 */
function slackWords(message: ReturnType<typeof renderMessage>): string {
  return message.blocks
    .map((b) =>
      b.type === 'section' && b.text
        ? b.text.text.replace(/^> /gm, '')
        : b.type === 'context'
          ? b.elements.map((e) => ('text' in e ? e.text.replace(/^\*(.*)\*$/, '$1') : '')).join('')
          : '',
    )
    .join('')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s/g, '');
}

type Element = Record<string, unknown>;
const texts = (e: Element): string[] => [
  String(e.text ?? ''),
  ...((e.items as Element[] | undefined) ?? []).flatMap(texts),
];

function teamsWords(cards: ReturnType<typeof renderMessageCards>): string {
  return cards
    .flatMap((c) => c.body)
    .flatMap(texts)
    .join('')
    .replace(/\\(.)/g, '$1')
    .replace(/\s/g, '');
}

const hostile = fc
  .array(fc.constantFrom('&', '<', '>', '*', '_', '`', '#', '\\', 'a', ' ', '\n', '😀', 'é', '-', '.'), {
    minLength: RELAY_MAX_CHARS - 20,
    maxLength: RELAY_MAX_CHARS,
  })
  .map((chars) => chars.join('').trim() || 'a');

describe('relay length', () => {
  it('counts characters as a person would, not UTF-16 units', () => {
    expect(relayLength('héllo 😀')).toBe(7);
  });

  it('a message at the limit, however hostile, renders whole on Slack and on Teams', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        expect(relayLength(text)).toBeLessThanOrEqual(RELAY_MAX_CHARS);
        const message = relayedMessage('Coastal Heron', text, { edited: true });
        const expected = message.text.replace(/^([^:]*): /, '$1').replace(/\s/g, '');

        const slack = renderMessage(message);
        expect(JSON.stringify(slack.blocks)).not.toContain('shortened');
        expect(slackWords(slack)).toBe(expected);

        const cards = renderMessageCards(message);
        expect(JSON.stringify(cards)).not.toContain('shortened');
        expect(teamsWords(cards)).toBe(expected);
        // An edit replaces the card in place, so it must fit in one.
        expect(cards).toHaveLength(1);
        expect(JSON.stringify(renderMessageCard(message))).not.toContain('too long to show');
      }),
      { numRuns: 25 },
    );
  });

  it('the worst case for Slack escaping (every character an &) still fits', () => {
    const message = relayedMessage('Coastal Heron', '&'.repeat(RELAY_MAX_CHARS), { edited: true });
    const slack = renderMessage(message);
    expect(JSON.stringify(slack.blocks)).not.toContain('shortened');
    expect(slackWords(slack)).toBe(message.text.replace(/^([^:]*): /, '$1').replace(/\s/g, ''));
    expect(message.text).toHaveLength(RELAY_MAX_CHARS + 'Heron (edited): '.length);
  });

  it('tells the sender the limit, how long theirs was, and that nothing was sent', () => {
    const message = relayTooLongMessage(2345);
    expect(message.text).toContain('2,000 characters');
    expect(message.text).toContain('2,345');
    expect(message.text).toContain('Nothing was sent');
    expect(message.text).not.toContain('!');
    const edit = relayTooLongMessage(2345, { edited: true });
    expect(edit.text).toContain('Nothing was sent');
    expect(edit.text).toContain('still see your earlier message');
  });
});
