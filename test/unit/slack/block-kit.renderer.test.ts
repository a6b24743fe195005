import type { HomeView, KnownBlock, ModalView } from '@slack/types';
import { describe, expect, it } from 'vitest';
import {
  escapeText,
  LIMITS,
  renderHome,
  renderMessage,
  renderModal,
  splitText,
} from '../../../adapters/slack/block-kit.renderer.js';
import type { Block, Message } from '../../../src/core/messages/message.js';

/** Every text length in a rendered block list, for limit checks. */
function texts(blocks: KnownBlock[]): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.text === 'string') out.push(o.text);
      for (const x of Object.values(o)) walk(x);
    }
  };
  walk(blocks);
  return out;
}

function totalText(blocks: KnownBlock[]): number {
  return texts(blocks).reduce((n, t) => n + t.length, 0);
}

describe('Block Kit renderer', () => {
  it('renders a chart as an image block with its alt text, and leaves out a picture without a web address', () => {
    const { blocks } = renderMessage({
      text: 'Report',
      blocks: [
        { type: 'image', url: 'https://example.org/charts/abcdefgh.png?exp=1&sig=x', alt: 'W1: 50%' },
        { type: 'image', url: 'mailto:someone@example.org', alt: 'bad' },
        { type: 'image', url: 'not a url', alt: 'bad' },
      ],
    });
    expect(blocks).toEqual([
      {
        type: 'image',
        image_url: 'https://example.org/charts/abcdefgh.png?exp=1&sig=x',
        alt_text: 'W1: 50%',
      },
    ]);
  });

  it('escapes &, < and > in text from people, so no mention or link can be formed', () => {
    const { text, blocks } = renderMessage({
      text: 'Hi <!channel> & <@U123>',
      blocks: [{ type: 'section', title: '<b>', text: 'see <https://evil.example|here>' }],
    });
    expect(text).toBe('Hi &lt;!channel&gt; &amp; &lt;@U123&gt;');
    const section = blocks[0] as { text: { text: string } };
    expect(section.text.text).toBe('*&lt;b&gt;*\nsee &lt;https://evil.example|here&gt;');
    expect(escapeText('a&b')).toBe('a&amp;b');
  });

  it('200 blocks → at most 50 in a message, with a note that it was shortened', () => {
    const blocks: Block[] = Array.from({ length: 200 }, (_, i) => ({ type: 'text', text: `line ${i}` }));
    const out = renderMessage({ text: 'many', blocks }).blocks;
    expect(out.length).toBeLessThanOrEqual(LIMITS.messageBlocks);
    expect(JSON.stringify(out)).toContain('shortened');
  });

  it('keeps a trailing row of buttons when content is cut', () => {
    const blocks: Block[] = [
      ...Array.from({ length: 80 }, (_, i): Block => ({ type: 'text', text: `line ${i}` })),
      { type: 'buttons', buttons: [{ actionId: 'x.go', label: 'Go', value: '1' }] },
    ];
    const out = renderMessage({ text: 't', blocks }).blocks;
    expect(out.length).toBe(LIMITS.messageBlocks);
    expect(out.at(-1)?.type).toBe('actions');
  });

  it('200 blocks in a modal or Home → at most 100', () => {
    const blocks: Block[] = Array.from({ length: 200 }, () => ({ type: 'divider' }));
    const modal: ModalView = renderModal({ formId: 'f.x', title: 'T', submitLabel: 'Save', blocks });
    const home: HomeView = renderHome({ text: '', blocks });
    expect(modal.blocks.length).toBeLessThanOrEqual(LIMITS.viewBlocks);
    expect(home.blocks.length).toBeLessThanOrEqual(LIMITS.viewBlocks);
  });

  it('a 10k-character section is split into sections of at most 3,000 characters', () => {
    const words = Array.from({ length: 2000 }, (_, i) => `w${i}`).join(' ');
    const out = renderMessage({
      text: 'long',
      blocks: [{ type: 'section', title: 'Long', text: words.slice(0, 10_000) }],
    });
    expect(out.blocks.length).toBeGreaterThan(3);
    for (const b of out.blocks) {
      if (b.type === 'section') expect(b.text?.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    }
  });

  it('keeps the total text under the ~13k-character limit', () => {
    const blocks: Block[] = Array.from({ length: 10 }, () => ({ type: 'text', text: 'x'.repeat(2900) }));
    const out = renderMessage({ text: 't', blocks }).blocks;
    expect(totalText(out)).toBeLessThanOrEqual(LIMITS.totalText);
    expect(out.length).toBeLessThan(10);
  });

  it('cuts long button labels and values, and 10k characters of unbroken text', () => {
    const message: Message = {
      text: 'y'.repeat(10_000),
      blocks: [
        { type: 'text', text: 'z'.repeat(10_000) },
        {
          type: 'buttons',
          buttons: [
            { actionId: 'a.b', label: 'L'.repeat(200), value: 'v'.repeat(5000) },
            { actionId: 'a.b', label: 'second', value: '2' },
          ],
        },
      ],
    };
    const out = renderMessage(message);
    expect(out.text.length).toBeLessThanOrEqual(LIMITS.messageText);
    expect(out.text.endsWith('…')).toBe(true);
    const actions = out.blocks.find((b) => b.type === 'actions');
    if (actions?.type !== 'actions') throw new Error('no actions block');
    const [first, second] = actions.elements as {
      text: { text: string };
      value: string;
      action_id: string;
    }[];
    expect(first?.text.text.length).toBeLessThanOrEqual(LIMITS.buttonText);
    expect(first?.text.text.endsWith('…')).toBe(true);
    expect(first?.value.length).toBeLessThanOrEqual(LIMITS.buttonValue);
    // Duplicate action ids in one row are made unique (and mapped back by the payload mappers).
    expect(second?.action_id).toBe('a.b#1');
    for (const b of out.blocks)
      if (b.type === 'section') expect(b.text?.text.length).toBeLessThanOrEqual(3000);
  });

  it('splits more than 25 buttons into several rows', () => {
    const buttons = Array.from({ length: 60 }, (_, i) => ({
      actionId: `b.${i}`,
      label: `${i}`,
      value: `${i}`,
    }));
    const out = renderMessage({ text: 't', blocks: [{ type: 'buttons', buttons }] }).blocks;
    expect(out).toHaveLength(3);
    for (const b of out) if (b.type === 'actions') expect(b.elements.length).toBeLessThanOrEqual(25);
  });

  it('renders inputs as input blocks whose block_id is our input id', () => {
    const out = renderMessage({
      text: 't',
      blocks: [
        {
          type: 'choice',
          id: 'scale',
          label: 'How are you?',
          options: [1, 2, 3, 4, 5].map((v) => ({ label: `${v}`, value: `${v}` })),
          initial: '3',
        },
        {
          type: 'input',
          id: 'note',
          label: 'Anything to add?',
          multiline: true,
          optional: true,
          maxLength: 5000,
        },
        { type: 'checkbox', id: 'share', label: 'Share anonymously', initial: true },
        {
          type: 'choice',
          id: 'many',
          label: 'Pick',
          options: Array.from({ length: 150 }, (_, i) => ({ label: `o${i}`, value: `${i}` })),
        },
      ],
    }).blocks;
    expect(out.map((b) => b.type)).toEqual(['input', 'input', 'input', 'input']);
    const [scale, note, share, many] = out as unknown as {
      block_id: string;
      element: Record<string, unknown>;
    }[];
    expect(scale?.block_id).toBe('scale');
    expect(scale?.element).toMatchObject({
      type: 'radio_buttons',
      action_id: 'scale',
      initial_option: { value: '3' },
    });
    expect(note?.element).toMatchObject({ type: 'plain_text_input', multiline: true, max_length: 3000 });
    expect(share?.element).toMatchObject({ type: 'checkboxes', initial_options: [{ value: 'true' }] });
    expect(many?.element.type).toBe('static_select');
    expect(many?.element.options).toHaveLength(100);
  });

  it('renders a form as a modal with callback_id, private_metadata and a title within 24 characters', () => {
    const modal = renderModal({
      formId: 'settings.me',
      title: 'My Roundtable settings and more',
      submitLabel: 'Save',
      context: 'ctx-1',
      blocks: [{ type: 'input', id: 'org', label: 'Organisation' }],
    });
    expect(modal).toMatchObject({ type: 'modal', callback_id: 'settings.me', private_metadata: 'ctx-1' });
    expect(modal.title.text.length).toBeLessThanOrEqual(24);
  });

  it('only makes web and mail links clickable', () => {
    const out = renderMessage({
      text: 't',
      blocks: [
        { type: 'link', text: 'Support', url: 'https://example.org/a|b' },
        { type: 'link', text: 'Bad', url: 'javascript:alert(1)' },
      ],
    }).blocks as { text: { text: string } }[];
    expect(out[0]?.text.text).toBe('<https://example.org/a%7Cb|Support>');
    expect(out[1]?.text.text).not.toContain('<javascript');
  });

  it('never splits an escaped entity', () => {
    for (const chunk of splitText(escapeText('&'.repeat(5000)), 3000)) {
      expect(chunk.length).toBeLessThanOrEqual(3000);
      expect(chunk).toMatch(/^(&amp;)*$/);
    }
  });
});
