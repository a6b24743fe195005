import { describe, expect, it } from 'vitest';
import {
  CAPACITY_SCALE,
  type CapacityValue,
  capacityLabel,
  checkinMessage,
  isLowCapacity,
  lowCapacityMessage,
  NOT_SHAREABLE_LINE,
  PREFER_NOT_TO_SAY,
  parseCapacity,
  privacyLine,
  reminderMessage,
  thankYouMessage,
  wordingProblems,
} from '../../../src/core/checkins/index.js';
import type { Block, ButtonsBlock, Message } from '../../../src/core/messages/message.js';
import { allText } from './helpers.js';

const prompt = { text: 'What is a small thing that made a difference to you this week?' };
const signpost = 'Call the staff support line on 0800 000 000, or visit https://example.org/support';

function find<T extends Block['type']>(message: Message, type: T): Extract<Block, { type: T }>[] {
  return message.blocks.filter((block): block is Extract<Block, { type: T }> => block.type === type);
}

function buttons(message: Message): ButtonsBlock['buttons'] {
  return find(message, 'buttons').flatMap((block) => block.buttons);
}

describe('checkinMessage for a prompt that is never shareable', () => {
  const notShareable = {
    text: 'If you support people, what small step forward have you seen lately?',
    shareable: false,
  };
  const message = checkinMessage({ prompt: notShareable, signpost, deliveryId: 'd-9' });

  it('offers no share box and says the answer is never shared', () => {
    expect(find(message, 'checkbox')).toHaveLength(0);
    expect(allText(message)).toContain(NOT_SHAREABLE_LINE);
    expect(allText(message)).not.toContain('learning digest without your name');
  });

  it('keeps the share box for a shareable prompt', () => {
    const shareable = checkinMessage({
      prompt: { ...notShareable, shareable: true },
      signpost,
      deliveryId: 'd-9',
    });
    expect(find(shareable, 'checkbox')).toHaveLength(1);
  });

  it("shows an opt-in prompt's own signpost as well as the workspace's", () => {
    const grief = checkinMessage({
      prompt: {
        ...notShareable,
        signpost: 'Cruse Bereavement Support is free on 0808 808 1677 (cruse.org.uk).',
      },
      signpost,
      deliveryId: 'd-9',
    });
    expect(allText(grief)).toContain('Cruse Bereavement Support');
    expect(allText(grief)).toContain(signpost);
    expect(wordingProblems(NOT_SHAREABLE_LINE)).toEqual([]);
  });
});

describe('checkinMessage', () => {
  const message = checkinMessage({ prompt, signpost, deliveryId: 'd-123' });

  it('shows the prompt', () => {
    expect(find(message, 'section')[0]?.text).toBe(prompt.text);
    expect(message.text).toContain(prompt.text);
  });

  it('offers an optional five-step scale with values 1 to 5, and "Prefer not to say"', () => {
    const [scale] = find(message, 'choice');
    expect(scale?.id).toBe('scale');
    expect(scale?.optional).toBe(true);
    expect(scale?.options.map((option) => option.value)).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      PREFER_NOT_TO_SAY,
    ]);
    expect(scale?.options[0]?.label).toBe('1 · Very little energy');
    expect(scale?.options[4]?.label).toBe('5 · Plenty of energy');
    expect(scale?.options[5]?.label).toBe('Prefer not to say');
    // "Prefer not to say" is no point on the scale: saved as none, so it is in no step of a report.
    expect(parseCapacity(PREFER_NOT_TO_SAY)).toBeUndefined();
  });

  it('says who sees what above the inputs', () => {
    const privacy = message.blocks.findIndex((b) => b.type === 'context' && b.text === privacyLine(5));
    const firstInput = message.blocks.findIndex((b) => b.type === 'choice' || b.type === 'input');
    expect(privacy).toBeGreaterThan(-1);
    expect(privacy).toBeLessThan(firstInput);
  });

  it('has no scale for a person who turned it off', () => {
    const off = checkinMessage({ prompt, signpost, deliveryId: 'd-123', scale: false });
    expect(find(off, 'choice')).toEqual([]);
    expect(find(off, 'input')).toHaveLength(1);
  });

  it('uses plain words on the scale, no idioms', () => {
    for (const step of CAPACITY_SCALE) {
      expect(step.label).toMatch(/energy/);
      expect(step.label).not.toMatch(/empty|tank|getting by|running/i);
    }
  });

  it('offers an optional private multiline reflection and an anonymous share box', () => {
    const [input] = find(message, 'input');
    expect(input).toMatchObject({ id: 'reflection', multiline: true, optional: true });
    expect(input?.label).toMatch(/only you see it/i);
    const [share] = find(message, 'checkbox');
    expect(share).toMatchObject({
      id: 'share',
      label: 'Share this reflection anonymously in the learning digest',
    });
  });

  it('has submit, skip and "This didn\'t land" buttons that carry only the delivery id', () => {
    const all = buttons(message);
    expect(all.map((button) => button.actionId).sort()).toEqual([
      'checkin.skip',
      'checkin.submit',
      'prompts.flag',
    ]);
    for (const button of all) expect(button.value).toBe('d-123');
  });

  it('says who sees what, that skipping is fine, and carries the signpost', () => {
    const context = find(message, 'context').map((block) => block.text);
    expect(context).toContain(
      'Only you see your words. Admins see totals of at least 5 people, never names.',
    );
    expect(context).toContain('Skipping is always fine.');
    expect(context.some((line) => line.includes(signpost))).toBe(true);
  });

  it('states the workspace k, never below 3', () => {
    expect(allText(checkinMessage({ prompt, deliveryId: '1', k: 8 }))).toContain('at least 8 people');
    expect(allText(checkinMessage({ prompt, deliveryId: '1', k: 1 }))).toContain('at least 3 people');
  });

  it('leaves out the signpost line when there is none', () => {
    const plain = checkinMessage({ prompt, deliveryId: 'd-1', signpost: '  ' });
    expect(allText(plain)).not.toMatch(/support, if you would like it/i);
  });

  it('adds one gentle line for the reminder, without guilt', () => {
    const reminder = reminderMessage({ prompt, signpost, deliveryId: 'd-123' });
    const first = reminder.blocks[0];
    expect(first?.type).toBe('text');
    expect(first && 'text' in first ? first.text : '').toMatch(/still here if you would like it/);
    expect(allText(reminder)).not.toMatch(/why|missed|forgot|haven't|still not/i);
    expect(reminder.blocks.length).toBe(message.blocks.length + 1);
    expect(checkinMessage({ prompt, deliveryId: 'd-123', reminder: true })).toEqual(
      reminderMessage({ prompt, deliveryId: 'd-123' }),
    );
  });
});

describe('thankYouMessage', () => {
  it.each([
    [true, false],
    [false, false],
    [false, true],
  ])('skipped %s, shared %s: no inputs or buttons, so it cannot be answered twice', (skipped, shared) => {
    const message = thankYouMessage({ skipped, shared });
    expect(
      message.blocks.some((block) => ['buttons', 'choice', 'input', 'checkbox'].includes(block.type)),
    ).toBe(false);
  });

  it('after a written reflection, says how to add how it changed your practice, still with no inputs', () => {
    const message = thankYouMessage({ skipped: false, shared: false, wrote: true });
    expect(allText(message)).toContain('me record add last changed');
    expect(message.blocks.some((b) => ['buttons', 'choice', 'input', 'checkbox'].includes(b.type))).toBe(
      false,
    );
    expect(allText(thankYouMessage({ skipped: false, shared: false }))).not.toContain('me record add');
  });

  it('says the right thing for each case', () => {
    expect(allText(thankYouMessage({ skipped: true, shared: true }))).toMatch(/always fine/);
    expect(allText(thankYouMessage({ skipped: true, shared: true }))).not.toMatch(/digest/);
    expect(allText(thankYouMessage({ skipped: false, shared: true }))).toMatch(/digest, without your name/);
    expect(allText(thankYouMessage({ skipped: false, shared: false }))).toMatch(
      /only you can see your words/,
    );
  });
});

describe('lowCapacityMessage', () => {
  it('is kind and private, with the signpost', () => {
    const text = allText(lowCapacityMessage({ signpost }));
    expect(text).toContain(signpost);
    expect(text).toMatch(/Nobody else has been told/);
  });

  it('still points to support without a signpost', () => {
    expect(allText(lowCapacityMessage())).toMatch(/support your organisation offers/);
  });
});

describe('the bot voice', () => {
  const messages: [string, Message][] = [
    ['check-in', checkinMessage({ prompt, signpost, deliveryId: 'd' })],
    ['reminder', reminderMessage({ prompt, signpost, deliveryId: 'd' })],
    ['thank you (skipped)', thankYouMessage({ skipped: true, shared: false })],
    ['thank you (shared)', thankYouMessage({ skipped: false, shared: true })],
    ['thank you', thankYouMessage({ skipped: false, shared: false })],
    ['low capacity', lowCapacityMessage({ signpost })],
    ['low capacity, no signpost', lowCapacityMessage()],
  ];

  it.each(messages)('%s has no exclamation marks or banned wording', (_, message) => {
    expect(wordingProblems(allText(message))).toEqual([]);
  });
});

describe('capacity scale', () => {
  it('has five steps from very little energy to plenty of energy', () => {
    expect(CAPACITY_SCALE.map((step) => step.value)).toEqual([1, 2, 3, 4, 5]);
    expect(capacityLabel(1)).toBe('Very little energy');
    expect(capacityLabel(5)).toBe('Plenty of energy');
  });

  it('parses only 1 to 5', () => {
    expect(parseCapacity('3')).toBe(3);
    expect(parseCapacity(' 1 ')).toBe(1);
    for (const raw of ['0', '6', '2.5', 'three', '', undefined, null])
      expect(parseCapacity(raw)).toBeUndefined();
  });

  it('treats only the lowest step as low', () => {
    expect(([1, 2, 3, 4, 5] as CapacityValue[]).filter(isLowCapacity)).toEqual([1]);
    expect(isLowCapacity(undefined)).toBe(false);
  });
});
