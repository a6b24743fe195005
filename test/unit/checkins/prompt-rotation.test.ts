import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BANDS, type Band } from '../../../src/core/commands/command.js';
import {
  type OptIn,
  type Prompt,
  type PromptLibrary,
  THEMES,
  choosePrompt,
  findPrompt,
  promptsFor,
  validatePromptLibrary,
} from '../../../src/core/checkins/index.js';
import { readPromptFile, seededRandom } from './helpers.js';

function realLibrary(): PromptLibrary {
  const result = validatePromptLibrary(readPromptFile('checkins.json'));
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.library;
}

/** Give a member `count` prompts in a row after `prior`, as the service would; returns only the new ids. */
function simulate(
  library: PromptLibrary,
  band: Band | undefined,
  count: number,
  seed: number,
  { prior = [] as string[], optIns = [] as OptIn[] } = {},
): string[] {
  const random = seededRandom(seed);
  const history = [...prior];
  for (let i = 0; i < count; i++) history.push(choosePrompt(library, band, history, random, { optIns }).id);
  return history.slice(prior.length);
}

const library = realLibrary();
const weightOf = (lib: PromptLibrary, id: string) => findPrompt(lib, id)?.weight ?? 'heavy';

/** A random library as validation allows it: light, strengths-first and heavy prompts, strengths >= heavy. */
const libraryArb = fc
  .record({
    strengths: fc.integer({ min: 1, max: 8 }),
    otherLight: fc.integer({ min: 0, max: 6 }),
    heavyShare: fc.integer({ min: 0, max: 100 }),
    grief: fc.integer({ min: 0, max: 3 }),
  })
  .map(({ strengths, otherLight, heavyShare, grief }): PromptLibrary => {
    const heavy = Math.floor((strengths * heavyShare) / 100);
    const make = (kind: string, n: number, extra: Partial<Prompt>): Prompt[] =>
      Array.from({ length: n }, (_, i) => ({
        id: `${kind}-${i}`,
        text: 'What is one small thing that went well for you lately?',
        model: 'kolb',
        stage: 'noticing',
        bands: [...BANDS],
        themes: [THEMES[i % 5]!],
        weight: 'light',
        shareable: true,
        ...extra,
      }));
    return {
      prompts: [
        ...make('strength', strengths, { strengths: true }),
        ...make('light', otherLight, {}),
        ...make('heavy', heavy, { weight: 'heavy' }),
        ...make('grief', grief, { weight: 'heavy', optIn: 'grief', themes: ['grief'], shareable: false }),
      ],
      retired: [
        { ...make('retired', 1, { weight: 'heavy' })[0]!, retired: { on: '2026-12-02', reason: 'gone' } },
      ],
    };
  });

/** A history the rotation did not shape: any ids, including retired, opt-in and never-known ones, in any order. */
const historyArb = (lib: PromptLibrary) =>
  fc.array(fc.constantFrom(...lib.prompts.map((p) => p.id), 'retired-0', 'never-known'), { maxLength: 40 });

describe('choosePrompt: no repeat until every suitable prompt was sent', () => {
  it.each([...BANDS, undefined])('never repeats within a cycle, over 2 cycles (band %s)', (band) => {
    const suitable = promptsFor(library, band).map((prompt) => prompt.id);
    const n = suitable.length;
    const history = simulate(library, band, 2 * n, 7);
    for (let cycle = 0; cycle < 2; cycle++) {
      const slice = history.slice(cycle * n, (cycle + 1) * n);
      expect([...slice].sort()).toEqual([...suitable].sort());
    }
    expect(history[n]).not.toBe(history[n - 1]);
  });

  it('gives only prompts that suit the band, and never a retired one', () => {
    for (const band of BANDS) {
      for (const id of simulate(library, band, 60, 3)) {
        const prompt = library.prompts.find((p) => p.id === id);
        expect(prompt?.bands).toContain(band);
      }
    }
  });

  it('is deterministic for a seed and varies between seeds', () => {
    expect(simulate(library, 'leader', 40, 42)).toEqual(simulate(library, 'leader', 40, 42));
    expect(simulate(library, 'leader', 40, 42)).not.toEqual(simulate(library, 'leader', 40, 43));
  });

  it('ignores retired ids and ids from a previous band when counting the cycle', () => {
    const frontline = simulate(library, 'frontline', 20, 5);
    const history = ['changes-in-the-area', ...frontline];
    const leaderIds = new Set(promptsFor(library, 'leader').map((prompt) => prompt.id));
    const alreadyHad = new Set(history.filter((id) => leaderIds.has(id)));
    const next = simulate(library, 'leader', leaderIds.size - alreadyHad.size, 9, { prior: history });
    expect(new Set(next).size).toBe(next.length);
    expect(next.some((id) => alreadyHad.has(id))).toBe(false);
  });

  it('keeps giving the only prompt when just one suits', () => {
    const single: PromptLibrary = { prompts: [library.prompts[0]!] };
    expect(simulate(single, undefined, 3, 1)).toEqual(Array(3).fill(library.prompts[0]!.id));
  });

  it('throws when nothing suits the band', () => {
    const leadersOnly: PromptLibrary = { prompts: [{ ...library.prompts[0]!, bands: ['leader'] }] };
    expect(() => choosePrompt(leadersOnly, 'community', [], () => 0)).toThrow(/no prompt suits/);
  });

  it('property: a history the rotation made has no repeat within any cycle, for any library and seed', () => {
    fc.assert(
      fc.property(libraryArb, fc.integer(), fc.integer({ min: 1, max: 4 }), (lib, seed, cycles) => {
        const n = promptsFor(lib, undefined).length;
        const history = simulate(lib, undefined, n * cycles, seed);
        for (let start = 0; start + n <= history.length; start += n) {
          expect(new Set(history.slice(start, start + n)).size).toBe(n);
        }
      }),
    );
  });
});

describe('choosePrompt: rotation with shape', () => {
  it('never sends two heavy prompts in a row, and follows a heavy one with a light strengths-first one (real library)', () => {
    for (const band of [...BANDS, undefined]) {
      const history = simulate(library, band, 2 * promptsFor(library, band).length, 11);
      for (let i = 1; i < history.length; i++) {
        if (weightOf(library, history[i - 1]!) === 'heavy') {
          const next = findPrompt(library, history[i]!)!;
          expect(next.weight).toBe('light');
          expect(next.strengths).toBe(true);
        }
      }
    }
  });

  it('property: over random histories, never heavy after heavy, and always strengths-first after heavy', () => {
    fc.assert(
      fc.property(
        libraryArb.chain((lib) => fc.tuple(fc.constant(lib), historyArb(lib))),
        fc.integer(),
        fc.integer({ min: 1, max: 40 }),
        ([lib, prior], seed, count) => {
          const next = simulate(lib, undefined, count, seed, { prior });
          const sequence = [...prior.slice(-1), ...next];
          for (let i = 1; i < sequence.length; i++) {
            if (weightOf(lib, sequence[i - 1]!) === 'heavy') {
              const prompt = findPrompt(lib, sequence[i]!)!;
              expect(prompt.weight).toBe('light');
              expect(prompt.strengths).toBe(true);
            }
          }
        },
      ),
    );
  });

  it('property: grief is never drawn unless the member opted in, over random histories', () => {
    fc.assert(
      fc.property(
        libraryArb.chain((lib) => fc.tuple(fc.constant(lib), historyArb(lib))),
        fc.integer(),
        ([lib, prior], seed) => {
          const next = simulate(lib, undefined, 30, seed, { prior });
          expect(next.filter((id) => findPrompt(lib, id)?.optIn).length).toBe(0);
        },
      ),
    );
  });

  it('draws grief prompts for a member who opted in, still never heavy after heavy', () => {
    const n = promptsFor(library, 'frontline', ['grief']).length;
    const history = simulate(library, 'frontline', n, 4, { optIns: ['grief'] });
    const grief = library.prompts.filter((p) => p.optIn === 'grief').map((p) => p.id);
    for (const id of grief) expect(history).toContain(id);
    for (let i = 1; i < history.length; i++) {
      if (weightOf(library, history[i - 1]!) === 'heavy')
        expect(weightOf(library, history[i]!)).toBe('light');
    }
    expect(simulate(library, 'frontline', n, 4).some((id) => grief.includes(id))).toBe(false);
  });

  it('treats a last prompt the library never knew as heavy: the next is light and strengths-first', () => {
    const next = findPrompt(
      library,
      simulate(library, 'community', 1, 2, { prior: ['deleted-long-ago'] })[0]!,
    )!;
    expect(next.weight).toBe('light');
    expect(next.strengths).toBe(true);
  });

  it('property: themes stay balanced over a quarter when themes are evenly represented', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 4 }), fc.integer(), (themeCount, seed) => {
        const themes = THEMES.slice(0, themeCount);
        const prompts: Prompt[] = themes.flatMap((theme) =>
          Array.from({ length: 13 }, (_, i) => ({
            id: `${theme}-${i}`,
            text: 'What is one small thing that went well for you lately?',
            model: 'kolb' as const,
            stage: 'noticing' as const,
            bands: [...BANDS],
            themes: [theme],
            weight: 'light' as const,
            shareable: true,
          })),
        );
        const lib: PromptLibrary = { prompts };
        const quarter = simulate(lib, undefined, 13, seed);
        const counts = themes.map((theme) => quarter.filter((id) => id.startsWith(`${theme}-`)).length);
        expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
      }),
    );
  });
});
