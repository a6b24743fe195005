import { describe, expect, it } from 'vitest';
import { BANDS, GROUPS } from '../../../src/core/commands/command.js';
import {
  MIN_PROMPTS_FOR_EVERYONE,
  MIN_PROMPTS_IN_LIBRARY,
  MIN_PROMPTS_PER_THEME,
  MIN_WRITTEN_FOR,
  MODEL_STAGES,
  type Prompt,
  THEMES,
  chooseSessionReflection,
  findPrompt,
  findSendablePrompt,
  promptSignpost,
  promptsFor,
  suitsEveryone,
  validatePairingStarters,
  validatePromptLibrary,
  validateSessionReflections,
  wordingProblems,
} from '../../../src/core/checkins/index.js';
import { readPromptFile } from './helpers.js';

const realCheckins = readPromptFile('checkins.json');

function realLibrary() {
  const result = validatePromptLibrary(realCheckins);
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.library;
}

function prompt(overrides: Partial<Prompt> & { id: string }): Prompt {
  return {
    text: 'What is one small thing that went well for you lately?',
    model: 'appreciative-inquiry',
    stage: 'discover',
    bands: [...BANDS],
    themes: ['celebrating'],
    weight: 'light',
    shareable: true,
    strengths: true,
    ...overrides,
  };
}

const base = () => (realCheckins as Prompt[]).slice();

function expectInvalid(raw: unknown[], fragment: string): void {
  const result = validatePromptLibrary(raw);
  expect(result.ok).toBe(false);
  if (!result.ok) expect(result.errors.join('\n')).toContain(fragment);
}

describe('the real prompt library', () => {
  const library = realLibrary();
  const drawn = library.prompts.filter((p) => !p.optIn);
  const writtenFor = (band: (typeof GROUPS)[number]) =>
    drawn.filter((p) => p.bands.includes(band) && !suitsEveryone(p));

  it(`validates, with at least ${MIN_PROMPTS_IN_LIBRARY} prompts`, () => {
    expect(library.prompts.length).toBeGreaterThanOrEqual(MIN_PROMPTS_IN_LIBRARY);
  });

  it(`has at least ${MIN_PROMPTS_FOR_EVERYONE} band-free prompts: a year of weekdays without a repeat`, () => {
    const forEveryone = promptsFor(library, undefined);
    expect(forEveryone.length).toBeGreaterThanOrEqual(262);
    expect(forEveryone.every(suitsEveryone)).toBe(true);
    for (const band of BANDS) expect(promptsFor(library, band).length).toBeGreaterThanOrEqual(262);
  });

  it.each(GROUPS)(
    'has at least 10 prompts written for %s (25 for community and lived experience)',
    (band) => {
      expect(writtenFor(band).length).toBeGreaterThanOrEqual(Math.max(10, MIN_WRITTEN_FOR[band] ?? 0));
    },
  );

  it('serves lived experience in both roles: panel and board members who support nobody, and peer workers', () => {
    const lived = writtenFor('lived-experience');
    expect(lived.filter((p) => !p.aboutPeopleSupported).length).toBeGreaterThanOrEqual(15);
    const peer = lived.filter((p) => p.aboutPeopleSupported);
    expect(peer.length).toBeGreaterThanOrEqual(5);
    // Conditional, so a panel member who supports nobody can pass it by.
    for (const p of peer) expect(p.text).toMatch(/^If /);
  });

  it.each(THEMES)(`has at least ${MIN_PROMPTS_PER_THEME} prompts on %s`, (theme) => {
    expect(library.prompts.filter((p) => p.themes.includes(theme)).length).toBeGreaterThanOrEqual(3);
  });

  it('tags every prompt with a model and one of its stages, a weight and a sharing rule', () => {
    for (const p of library.prompts) {
      expect(MODEL_STAGES[p.model] as readonly string[]).toContain(p.stage);
      expect(['light', 'heavy']).toContain(p.weight);
      expect(typeof p.shareable).toBe('boolean');
    }
  });

  it('shareable rules hold: never for a prompt about people supported, never for a prompt one band gets', () => {
    for (const p of library.prompts) {
      if (p.aboutPeopleSupported || p.bands.length === 1 || p.optIn) expect(p.shareable, p.id).toBe(false);
    }
  });

  it('grief prompts are opt-in, heavy, conditional and carry bereavement signposting', () => {
    const grief = library.prompts.filter((p) => p.themes.includes('grief'));
    expect(grief.length).toBeGreaterThanOrEqual(3);
    for (const p of grief) {
      expect(p.optIn).toBe('grief');
      expect(p.weight).toBe('heavy');
      expect(p.text).toMatch(/^If /);
      expect(promptSignpost(p)).toMatch(/bereavement/i);
    }
    for (const band of [...BANDS, undefined]) {
      expect(promptsFor(library, band).some((p) => p.optIn)).toBe(false);
      expect(promptsFor(library, band, ['grief']).some((p) => p.optIn === 'grief')).toBe(true);
    }
  });

  it('has at least as many light strengths-first prompts as heavy ones for every band', () => {
    for (const band of [...BANDS, undefined]) {
      const pool = promptsFor(library, band);
      const heavy = pool.filter((p) => p.weight === 'heavy').length;
      const strengths = pool.filter((p) => p.strengths && p.weight === 'light').length;
      expect(strengths).toBeGreaterThanOrEqual(heavy);
    }
  });

  it('keeps changes-in-the-area known as retired: never sent, still resolvable for history and records', () => {
    expect(library.prompts.some((p) => p.id === 'changes-in-the-area')).toBe(false);
    expect(findSendablePrompt(library, 'changes-in-the-area')).toBeUndefined();
    const retired = findPrompt(library, 'changes-in-the-area');
    expect(retired?.retired?.reason).toMatch(/informant/);
    expect(retired?.text).toContain('local area');
    for (const band of BANDS)
      expect(promptsFor(library, band).map((p) => p.id)).not.toContain('changes-in-the-area');
  });

  it('keeps the ids of reframed prompts, with the new wording', () => {
    expect(findSendablePrompt(library, 'felt-listened-to')?.text).toMatch(/^Was there a moment/);
    expect(findSendablePrompt(library, 'settled-after-speaking')?.text).toMatch(/^If you choose/);
    expect(findSendablePrompt(library, 'what-to-share')?.text).toMatch(/^You choose/);
    // Saying no is not the worker's own job: that prompt now goes to managers and leaders.
    expect(findSendablePrompt(library, 'room-to-breathe')?.bands).toEqual(['manager', 'leader']);
  });

  it('has no "this week" prompts and no presumptive openings left', () => {
    for (const p of library.prompts) {
      expect(p.text.toLowerCase(), p.id).not.toContain('this week');
      expect(p.text, p.id).not.toMatch(/(^|[.?] )When (did|was|were|have)\b/);
    }
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

describe('validatePromptLibrary refuses harmful prompts (banned phrases)', () => {
  it.each([
    ['Describe the incident that upset you most lately?', 'describe the incident'],
    ['What was the most traumatic thing you dealt with lately?', 'most traumatic'],
    ['Is there trauma you are carrying from work lately?', 'trauma you'],
    ["Why didn't you answer the last check-in we sent?", "why didn't you"],
    ['Why didn\u2019t you reply to the last check-in we sent you?', "why didn't you"],
    ['Rate your resilience from 1 to 10, where 10 is strong?', 'rate your resilience'],
    ['List three actions you will take to be more positive?', 'list three'],
    ['Did you find time to pray or reflect quietly lately?', 'pray'],
    ['What went well for you lately, however small!?', '"!"'],
    ['What went well for you this week, however small?', 'this week'],
    ['Looking at the week ahead, what might help you?', 'the week ahead'],
    ['What is one thing you learned this month at work?', 'this month'],
    ['When did you feel really listened to at work?', 'opens with "when did"'],
    ['Take a breath. When was the last time you rested well?', 'opens with "when was"'],
    ['Who made your work easier recently, and why?', 'opens with "who made"'],
    [
      'Have you noticed changes locally that services might want to know about?',
      'services might want to know',
    ],
    ['Could you share your story with the group next time?', 'your story'],
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

  it('does not read "when" inside a sentence as a presumptive opening', () => {
    expect(
      validatePromptLibrary([
        ...base(),
        prompt({ id: 'fine', text: 'What helps you when a day feels long?' }),
      ]).ok,
    ).toBe(true);
  });
});

describe('validatePromptLibrary checks tags and sharing rules', () => {
  it('refuses a stage that is not a stage of the model', () => {
    expectInvalid(
      [...base(), prompt({ id: 'odd-stage', model: 'rolfe', stage: 'feelings' })],
      'not a stage of rolfe',
    );
  });

  it('refuses an unknown model (the list is closed)', () => {
    expectInvalid([...base(), { ...prompt({ id: 'odd-model' }), model: 'open' }], 'odd-model": model');
  });

  it('requires a weight and a sharing rule', () => {
    const { weight: _w, ...noWeight } = prompt({ id: 'no-weight' });
    expectInvalid([...base(), noWeight], 'no-weight": weight');
    const { shareable: _s, ...noShare } = prompt({ id: 'no-share' });
    expectInvalid([...base(), noShare], 'no-share": shareable');
    expectInvalid([...base(), { ...prompt({ id: 'odd-weight' }), weight: 'medium' }], 'odd-weight": weight');
  });

  it('refuses a single-band prompt marked shareable (sharing would reveal the band)', () => {
    expectInvalid(
      [...base(), prompt({ id: 'one-band', bands: ['leader'] })],
      'only one band gets is never shareable',
    );
  });

  it('refuses a prompt about people supported marked shareable', () => {
    expectInvalid(
      [
        ...base(),
        prompt({
          id: 'about',
          bands: ['frontline', 'manager'],
          aboutPeopleSupported: true,
          strengths: false,
        }),
      ],
      'about people supported is never shareable',
    );
  });

  it('notices a prompt about people supported that is not marked as such', () => {
    expectInvalid(
      [
        ...base(),
        prompt({
          id: 'unmarked',
          bands: ['frontline', 'manager'],
          text: 'What small step have you seen someone you support take lately?',
        }),
      ],
      'mark it "aboutPeopleSupported"',
    );
  });

  it('requires a prompt about people supported to be conditional where its readers may support nobody', () => {
    expectInvalid(
      [
        ...base(),
        prompt({
          id: 'unconditional',
          bands: ['frontline', 'lived-experience'],
          shareable: false,
          aboutPeopleSupported: true,
          text: 'What small step have you seen someone you support take lately?',
        }),
      ],
      'start with "If..."',
    );
  });

  it('refuses a strengths-first prompt that is heavy', () => {
    expectInvalid(
      [...base(), prompt({ id: 'heavy-strength', weight: 'heavy' })],
      'strengths-first prompt must be light',
    );
  });

  it('refuses a grief prompt that is not opt-in, or an opt-in prompt without a signpost', () => {
    expectInvalid(
      [...base(), prompt({ id: 'grief-drawn', themes: ['grief'], weight: 'heavy', strengths: false })],
      'grief prompts are opt-in only',
    );
    expectInvalid(
      [
        ...base(),
        prompt({
          id: 'grief-bare',
          themes: ['grief'],
          optIn: 'grief',
          weight: 'heavy',
          strengths: false,
          shareable: false,
        }),
      ],
      'needs a signpost',
    );
  });

  it('refuses duplicate ids, unknown bands, themes and fields, and bad ids', () => {
    const first = base()[0]!;
    expectInvalid([...base(), { ...first }], `id "${first.id}" is used more than once`);
    expectInvalid([...base(), { ...prompt({ id: 'odd-band' }), bands: ['volunteer'] }], 'odd-band": bands.0');
    expectInvalid([...base(), { ...prompt({ id: 'theme' }), themes: ['wellbeeing'] }], 'theme": themes.0');
    expectInvalid([...base(), { ...prompt({ id: 'extra' }), author: 'someone' }], "'author'");
    expectInvalid([...base(), prompt({ id: 'Not_Kebab' })], 'kebab-case');
  });

  it('refuses text that is too short, too long, or not a question', () => {
    expectInvalid([...base(), prompt({ id: 'short', text: 'How are you?' })], 'at least 20');
    expectInvalid(
      [...base(), prompt({ id: 'long', text: `${'Is this too long '.repeat(15)}?` })],
      'at most 200',
    );
    expectInvalid(
      [...base(), prompt({ id: 'statement', text: 'Think about what went well lately.' })],
      'question mark',
    );
  });

  it('a retired prompt keeps the wording people were given and is exempt from the wording rules', () => {
    const retired = prompt({
      id: 'old-wording',
      text: 'What went well for you this week?',
      retired: { on: '2026-12-02', reason: 'Tied to a weekly cadence.' },
    });
    const result = validatePromptLibrary([...base(), retired]);
    if (!result.ok) throw new Error(result.errors.join('\n'));
    expect(findPrompt(result.library, 'old-wording')?.text).toBe(retired.text);
    expect(findSendablePrompt(result.library, 'old-wording')).toBeUndefined();
  });
});

describe('validatePromptLibrary checks counts per band and tag', () => {
  const library = realLibrary();

  it('requires enough band-free prompts for a year of weekdays', () => {
    const fewer = base().filter((p) => !(p.bands.length === GROUPS.length && !p.optIn));
    expectInvalid(fewer, 'prompts suit every band; at least 262 are needed');
  });

  it('requires 25 prompts written for community members', () => {
    const without = base().filter((p) => !(p.bands.includes('community') && p.bands.length < GROUPS.length));
    expectInvalid(without, 'band "community" has 0 prompts written for it; at least 25 are needed');
  });

  it('requires lived-experience prompts for panel members who support nobody', () => {
    const without = base().filter(
      (p) =>
        !(p.bands.includes('lived-experience') && p.bands.length < GROUPS.length && !p.aboutPeopleSupported),
    );
    expectInvalid(without, 'suit someone who supports nobody');
  });

  it('requires every theme to have prompts', () => {
    expectInvalid(
      base().filter((p) => !p.themes.includes('staff-safety')),
      'theme "staff-safety" has 0 prompts',
    );
  });

  it('requires as many strengths-first prompts as heavy ones, so rotation can keep its shape', () => {
    const strengths = new Set(library.prompts.filter((p) => p.strengths).map((p) => p.id));
    const lessStrength = base().map((p) => (strengths.has(p.id) ? { ...p, strengths: false } : p));
    expectInvalid(lessStrength, 'light strengths-first ones; at least as many are needed');
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

describe('prompts for people with lived experience, whatever their band', () => {
  const library = realLibrary();
  const leOnly = (bands: readonly string[]) =>
    bands.includes('lived-experience') && !bands.includes('leader');

  it('gives a leader who said so the leader prompts and the lived-experience ones', () => {
    const leader = promptsFor(library, 'leader');
    const director = promptsFor(library, 'leader', [], true);
    expect(leader.some((p) => leOnly(p.bands))).toBe(false);
    expect(director.some((p) => leOnly(p.bands))).toBe(true);
    for (const p of leader) expect(director).toContain(p);
  });

  it('gives someone without a band who said so the prompts for everyone and the lived-experience ones', () => {
    const none = promptsFor(library, undefined, [], true);
    expect(none.every((p) => suitsEveryone(p) || p.bands.includes('lived-experience'))).toBe(true);
    expect(none.length).toBeGreaterThan(promptsFor(library, undefined).length);
  });
});
