import { describe, expect, it } from 'vitest';
import { BANDS } from '../../../src/core/commands/command.js';
import {
  type Prompt,
  chooseSessionReflection,
  promptsFor,
  suitsEveryone,
  validatePairingStarters,
  validatePromptLibrary,
  validateSessionReflections,
  wordingProblems,
} from '../../../src/core/checkins/index.js';
import { readPromptFile } from './helpers.js';

const realCheckins = readPromptFile('checkins.json');

function prompt(overrides: Partial<Prompt> & { id: string }): Prompt {
  return {
    text: 'What is one small thing that went well for you this week?',
    model: 'open',
    bands: [...BANDS],
    themes: ['celebrating'],
    ...overrides,
  };
}

function expectInvalid(raw: unknown[], fragment: string): void {
  const result = validatePromptLibrary(raw);
  expect(result.ok).toBe(false);
  if (!result.ok) expect(result.errors.join('\n')).toContain(fragment);
}

describe('the real prompt library', () => {
  it('validates, with at least 70 prompts', () => {
    const result = validatePromptLibrary(realCheckins);
    if (!result.ok) throw new Error(result.errors.join('\n'));
    expect(result.library.prompts.length).toBeGreaterThanOrEqual(70);
  });

  it.each(BANDS)('has at least 10 prompts for %s', (band) => {
    const result = validatePromptLibrary(realCheckins);
    if (!result.ok) throw new Error(result.errors.join('\n'));
    expect(promptsFor(result.library, band).length).toBeGreaterThanOrEqual(10);
  });

  it('has at least 10 prompts for members without a band', () => {
    const result = validatePromptLibrary(realCheckins);
    if (!result.ok) throw new Error(result.errors.join('\n'));
    const forEveryone = promptsFor(result.library, undefined);
    expect(forEveryone.length).toBeGreaterThanOrEqual(10);
    expect(forEveryone.every(suitsEveryone)).toBe(true);
  });

  it('has at least 15 valid pairing starters', () => {
    const result = validatePairingStarters(readPromptFile('pairing-starters.json'));
    if (!result.ok) throw new Error(result.errors.join('\n'));
    expect(result.value.length).toBeGreaterThanOrEqual(15);
  });

  it('has valid session reflection sets, including a general one', () => {
    const result = validateSessionReflections(readPromptFile('session-reflection.json'));
    if (!result.ok) throw new Error(result.errors.join('\n'));
    expect(chooseSessionReflection(result.value, undefined)?.id).toBe('general');
    expect(chooseSessionReflection(result.value, 'Trauma-informed practice')?.id).toBe(
      'trauma-informed-practice',
    );
    expect(chooseSessionReflection(result.value, 'Co-production in practice')?.id).toBe('co-production');
    expect(chooseSessionReflection(result.value, 'Knitting')?.id).toBe('general');
  });
});

describe('validatePromptLibrary refuses harmful prompts', () => {
  const base = () => (realCheckins as Prompt[]).slice();

  it.each([
    ['Describe the incident that upset you most this week?', 'describe the incident'],
    ['What was the most traumatic thing you dealt with this week?', 'most traumatic'],
    ['Is there trauma you are carrying from this week?', 'trauma you'],
    ["Why didn't you answer last week's check-in?", "why didn't you"],
    ['Why didn\u2019t you reply to the last check-in we sent you?', "why didn't you"],
    ['Rate your resilience from 1 to 10, where 10 is strong?', 'rate your resilience'],
    ['List three actions you will take to be more positive?', 'list three'],
    ['Did you find time to pray or reflect quietly this week?', 'pray'],
    ['What went well for you this week, however small!?', '"!"'],
  ])('%s', (text, fragment) => {
    expectInvalid([...base(), prompt({ id: 'harmful', text })], fragment);
  });

  it('names the offending prompt in the error', () => {
    const result = validatePromptLibrary([
      ...base(),
      prompt({ id: 'harmful', text: 'Describe the incident in full?' }),
    ]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.some((error) => error.includes('"harmful"'))).toBe(true);
  });
});

describe('validatePromptLibrary checks structure', () => {
  const base = () => (realCheckins as Prompt[]).slice();

  it('refuses duplicate ids', () => {
    const first = base()[0]!;
    expectInvalid([...base(), { ...first }], `id "${first.id}" is used more than once`);
  });

  it('refuses an unknown band', () => {
    expectInvalid([...base(), { ...prompt({ id: 'odd-band' }), bands: ['volunteer'] }], 'odd-band": bands.0');
  });

  it('refuses an id that is not kebab-case', () => {
    expectInvalid([...base(), prompt({ id: 'Not_Kebab' })], 'kebab-case');
  });

  it('refuses text that is too short or too long', () => {
    expectInvalid([...base(), prompt({ id: 'short', text: 'How are you?' })], 'at least 20');
    expectInvalid(
      [...base(), prompt({ id: 'long', text: `${'Is this too long '.repeat(15)}?` })],
      'at most 200',
    );
  });

  it('refuses a prompt that is not a question', () => {
    expectInvalid(
      [...base(), prompt({ id: 'statement', text: 'Think about what went well this week.' })],
      'question mark',
    );
  });

  it('refuses unknown fields and themes', () => {
    expectInvalid([...base(), { ...prompt({ id: 'extra' }), author: 'someone' }], "'author'");
    expectInvalid([...base(), { ...prompt({ id: 'theme' }), themes: ['wellbeeing'] }], 'theme": themes.0');
  });

  it('requires at least 10 prompts per band', () => {
    const nine = Array.from({ length: 9 }, (_, i) => prompt({ id: `p-${i}`, bands: ['community'] }));
    const others = Array.from({ length: 12 }, (_, i) =>
      prompt({ id: `all-${i}`, bands: ['frontline', 'manager'] }),
    );
    const result = validatePromptLibrary([...nine, ...others]);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors.join('\n')).toContain('band "community" has 9 prompts');
      expect(result.errors.join('\n')).toContain('band "leader" has 0 prompts');
      expect(result.errors.join('\n')).toContain('suit every band');
    }
  });

  it('accepts exactly 10 prompts that suit everyone', () => {
    const ten = Array.from({ length: 10 }, (_, i) => prompt({ id: `p-${i}` }));
    expect(validatePromptLibrary(ten).ok).toBe(true);
  });
});

describe('pairing starters keep partners anonymous', () => {
  it('refuses a starter that asks who someone is', () => {
    const starters = readPromptFile('pairing-starters.json');
    const result = validatePairingStarters([
      ...starters,
      { id: 'identify', text: 'To start, which organisation are you from and what is your role?' },
    ]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.join('\n')).toContain('which organisation');
  });

  it('requires at least 15 starters', () => {
    const starters = readPromptFile('pairing-starters.json').slice(0, 14);
    expect(validatePairingStarters(starters).ok).toBe(false);
  });
});

describe('wordingProblems', () => {
  it('matches whole words only', () => {
    expect(wordingProblems('What moment helped you feel calmer, like a spray of fresh air?')).toEqual([]);
    expect(wordingProblems('Did you pray?')).toHaveLength(1);
  });

  it('ignores case, curly apostrophes and extra spaces', () => {
    expect(wordingProblems('WHY   DIDN\u2019T YOU answer?').join()).toContain("why didn't you");
  });
});
