import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  escapeMarkdown,
  MAX_CARD_BYTES,
  renderFormCard,
  renderMessageCard,
  renderMessageCards,
} from '../../../adapters/teams/adaptive-card.renderer.js';
import type { Block, Form, Message } from '../../../src/core/messages/message.js';
import { cardProblems } from './adaptive-cards-sdk.js';

const everyBlock: Block[] = [
  { type: 'text', text: 'How are you arriving today?' },
  { type: 'section', title: 'This week', text: 'Three people answered.' },
  { type: 'divider' },
  { type: 'context', text: 'Only you can see your answer. Skipping is always fine.' },
  { type: 'link', text: 'Support line', url: 'https://example.org/support' },
  { type: 'image', url: 'https://example.org/charts/abcdefgh.png?exp=1&sig=x', alt: 'Response rate by week' },
  {
    type: 'choice',
    id: 'capacity',
    label: 'Capacity',
    options: [
      { label: 'Low', value: '1' },
      { label: 'OK', value: '2' },
      { label: 'Good', value: '3' },
    ],
    initial: '2',
  },
  {
    type: 'input',
    id: 'reflection',
    label: 'Anything to add?',
    multiline: true,
    optional: true,
    maxLength: 2000,
  },
  { type: 'input', id: 'name', label: 'Name', placeholder: 'e.g. a session title' },
  { type: 'checkbox', id: 'share', label: 'Share anonymously', initial: false },
  {
    type: 'buttons',
    buttons: [
      { actionId: 'checkin.submit', label: 'Send', value: 'c1', style: 'primary' },
      { actionId: 'checkin.skip', label: 'Skip', value: 'c1' },
      { actionId: 'checkin.stop', label: 'Stop', value: 'c1', style: 'danger' },
    ],
  },
];

describe('Adaptive Card renderer', () => {
  it('renders a chart as an Image with its alt text, and leaves out a picture without a web address', () => {
    const card = renderMessageCard({
      text: 'Report',
      blocks: [
        { type: 'image', url: 'https://example.org/charts/abcdefgh.png?exp=1&sig=x', alt: 'W1: 50%' },
        { type: 'image', url: 'javascript:alert(1)', alt: 'bad' },
      ],
    });
    const images = JSON.stringify(card).match(/"type":"Image"[^}]*/g) ?? [];
    expect(images).toHaveLength(1);
    expect(images[0]).toContain('"altText":"W1: 50%"');
    expect(images[0]).toContain('"url":"https://example.org/charts/abcdefgh.png?exp=1&sig=x"');
  });

  it('renders every block type into a card the official SDK parses and validates cleanly', () => {
    const card = renderMessageCard({ text: 'Check-in', blocks: everyBlock });
    expect(card.version).toBe('1.5');
    expect(cardProblems(card)).toEqual([]);
  });

  it('renders a form with a submit carrying the form id and context', () => {
    const form: Form = {
      formId: 'settings.admin',
      title: 'Settings',
      submitLabel: 'Save',
      blocks: everyBlock.filter((b) => b.type !== 'buttons'),
      context: 'ws-1',
    };
    const card = renderFormCard(form);
    expect(cardProblems(card)).toEqual([]);
    expect(card.actions).toEqual([
      {
        type: 'Action.Submit',
        title: 'Save',
        style: 'positive',
        data: { formId: 'settings.admin', context: 'ws-1' },
      },
    ]);
  });

  it('maps buttons to Action.Submit with { actionId, value } and inputs to their Input types', () => {
    const card = renderMessageCard({ text: 'x', blocks: everyBlock });
    const types = card.body.map((e) => e.type);
    expect(types).toContain('Input.ChoiceSet');
    expect(types).toContain('Input.Text');
    expect(types).toContain('Input.Toggle');
    const choice = card.body.find((e) => e.type === 'Input.ChoiceSet')!;
    expect(choice.style).toBe('expanded');
    const set = card.body.filter((e) => e.type === 'ActionSet').at(-1)!;
    expect(set.actions).toEqual([
      {
        type: 'Action.Submit',
        title: 'Send',
        data: { actionId: 'checkin.submit', value: 'c1' },
        style: 'positive',
      },
      { type: 'Action.Submit', title: 'Skip', data: { actionId: 'checkin.skip', value: 'c1' } },
      {
        type: 'Action.Submit',
        title: 'Stop',
        data: { actionId: 'checkin.stop', value: 'c1' },
        style: 'destructive',
      },
    ]);
    const context = card.body.find((e) => e.isSubtle === true)!;
    expect(context.size).toBe('Small');
  });

  it('escapes markdown in people’s text so it shows as written', () => {
    expect(escapeMarkdown('**bold** _it_ [link](http://x) `code` # h')).toBe(
      '\\*\\*bold\\*\\* \\_it\\_ \\[link\\](http://x) \\`code\\` \\# h',
    );
    expect(escapeMarkdown('1. first\n- item\n+ plus')).toBe('1\\. first\n\\- item\n\\+ plus');
    expect(escapeMarkdown('{{DATE(2017-02-14T06:08:39Z, SHORT)}}')).not.toContain('{{');
    expect(escapeMarkdown('plain words, commas; and (brackets)')).toBe('plain words, commas; and (brackets)');
  });

  it('keeps any text, however odd, a valid card', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.string({ maxLength: 50 }), (text, label) => {
        const message: Message = {
          text,
          blocks: [
            { type: 'section', title: label, text },
            { type: 'context', text },
            { type: 'buttons', buttons: [{ actionId: 'a.b', label: label || 'Go', value: 'v' }] },
          ],
        };
        expect(cardProblems(renderMessageCard(message))).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it('splits long messages into cards under the size limit, each valid', () => {
    const blocks: Block[] = Array.from({ length: 30 }, (_, i) => ({
      type: 'text',
      text: `${i} ${'y'.repeat(3000)}`,
    }));
    const cards = renderMessageCards({ text: 'Report', blocks });
    expect(cards.length).toBeGreaterThan(1);
    for (const c of cards) {
      expect(Buffer.byteLength(JSON.stringify(c))).toBeLessThanOrEqual(MAX_CARD_BYTES);
      expect(cardProblems(c)).toEqual([]);
    }
    const single = renderMessageCard({ text: 'Report', blocks });
    expect(Buffer.byteLength(JSON.stringify(single))).toBeLessThanOrEqual(MAX_CARD_BYTES + 500);
  });

  it('fills each card as full as the limit allows: the next block would not have fitted', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 9_000 }), { minLength: 1, maxLength: 25 }), (sizes) => {
        const blocks: Block[] = sizes.map((n, i) => ({ type: 'text', text: `${i} ${'é'.repeat(n)}` }));
        const cards = renderMessageCards({ text: 'Report', blocks });
        expect(cards.flatMap((c) => c.body)).toHaveLength(blocks.length);
        for (const [i, c] of cards.entries()) {
          expect(Buffer.byteLength(JSON.stringify(c))).toBeLessThanOrEqual(MAX_CARD_BYTES);
          const next = cards[i + 1]?.body[0];
          if (next) {
            const grown = { ...c, body: [...c.body, next] };
            expect(Buffer.byteLength(JSON.stringify(grown))).toBeGreaterThan(MAX_CARD_BYTES);
          }
        }
      }),
      { numRuns: 80 },
    );
  });

  it('shortens a single huge text block', () => {
    const card = renderMessageCard({ text: 'x', blocks: [{ type: 'text', text: 'z'.repeat(100_000) }] });
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(MAX_CARD_BYTES);
    expect(String(card.body[0]!.text)).toMatch(/shortened\)$/);
  });

  it('reports what the SDK objects to (the validator can fail)', () => {
    expect(
      cardProblems({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Nonsense' }] }).length,
    ).toBeGreaterThan(0);
    const duplicate = {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [
        { type: 'Input.Text', id: 'same', label: 'a' },
        { type: 'Input.Text', id: 'same', label: 'b' },
      ],
    };
    expect(cardProblems(duplicate).join('\n')).toMatch(/DuplicateId/);
    const incomplete = {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [{ type: 'Input.ChoiceSet', id: 'c', label: 'c', choices: [{ title: 'no value' }] }],
    };
    expect(cardProblems(incomplete).length).toBeGreaterThan(0);
  });
});
