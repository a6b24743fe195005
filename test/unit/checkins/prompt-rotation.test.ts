import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BANDS, type Band } from '../../../src/core/commands/command.js';
import {
  type Prompt,
  type PromptLibrary,
  choosePrompt,
  promptsFor,
  validatePromptLibrary,
} from '../../../src/core/checkins/index.js';
import { readPromptFile, seededRandom } from './helpers.js';

function realLibrary(): PromptLibrary {
  const result = validatePromptLibrary(readPromptFile('checkins.json'));
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.library;
}

/** Give a member `count` prompts in a row, as the service would, and return the ids in order. */
function simulate(library: PromptLibrary, band: Band | undefined, count: number, seed: number): string[] {
  const random = seededRandom(seed);
  const history: string[] = [];
  for (let i = 0; i < count; i++) history.push(choosePrompt(library, band, history, random).id);
  return history;
}

const library = realLibrary();

describe('choosePrompt', () => {
  it.each([...BANDS, undefined])('never repeats within a cycle, over 3 cycles (band %s)', (band) => {
    const suitable = promptsFor(library, band).map((prompt) => prompt.id);
    const n = suitable.length;
    const history = simulate(library, band, 3 * n, 7);
    for (let cycle = 0; cycle < 3; cycle++) {
      const slice = history.slice(cycle * n, (cycle + 1) * n);
      expect(new Set(slice).size).toBe(n);
      expect([...slice].sort()).toEqual([...suitable].sort());
    }
    // The first prompt of a new cycle is never the last prompt of the one before.
    expect(history[n]).not.toBe(history[n - 1]);
    expect(history[2 * n]).not.toBe(history[2 * n - 1]);
  });

  it('gives only prompts that suit the band', () => {
    for (const band of BANDS) {
      for (const id of simulate(library, band, 30, 3)) {
        expect(library.prompts.find((prompt) => prompt.id === id)?.bands).toContain(band);
      }
    }
  });

  it('is deterministic for a seed and varies between seeds', () => {
    expect(simulate(library, 'leader', 40, 42)).toEqual(simulate(library, 'leader', 40, 42));
    expect(simulate(library, 'leader', 40, 42)).not.toEqual(simulate(library, 'leader', 40, 43));
  });

  it('ignores retired ids and ids from a previous band', () => {
    const frontline = simulate(library, 'frontline', 20, 5);
    const history = ['retired-prompt', ...frontline];
    const leaderIds = new Set(promptsFor(library, 'leader').map((prompt) => prompt.id));
    const alreadyHad = new Set(history.filter((id) => leaderIds.has(id)));
    const random = seededRandom(9);
    const next: string[] = [];
    for (let i = 0; i < leaderIds.size - alreadyHad.size; i++) {
      next.push(choosePrompt(library, 'leader', [...history, ...next], random).id);
    }
    // The rest of the leader cycle: every leader prompt not yet had, each once.
    expect(new Set(next).size).toBe(next.length);
    expect(next.some((id) => alreadyHad.has(id))).toBe(false);
  });

  it('keeps giving the only prompt when just one suits', () => {
    const single: PromptLibrary = { prompts: [library.prompts[0]!] };
    expect(simulate(single, undefined, 3, 1)).toEqual(Array(3).fill(library.prompts[0]!.id));
  });

  it('copes with a random source that returns 0 or nearly 1', () => {
    expect(choosePrompt(library, 'community', [], () => 0).id).toBe(promptsFor(library, 'community')[0]!.id);
    expect(choosePrompt(library, 'community', [], () => 0.9999999999).id).toBe(
      promptsFor(library, 'community').at(-1)!.id,
    );
  });

  it('throws when nothing suits the band', () => {
    const leadersOnly: PromptLibrary = { prompts: [{ ...library.prompts[0]!, bands: ['leader'] }] };
    expect(() => choosePrompt(leadersOnly, 'community', [], () => 0)).toThrow(/no prompt suits/);
  });

  it('property: any window of n consecutive prompts has no repeat, for any library size and seed', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer(),
        fc.integer({ min: 1, max: 4 }),
        (n, seed, cycles) => {
          const prompts: Prompt[] = Array.from({ length: n }, (_, i) => ({
            id: `p-${i}`,
            text: 'What is one small thing that went well for you this week?',
            model: 'open',
            bands: [...BANDS],
            themes: ['celebrating'],
          }));
          const history = simulate({ prompts }, undefined, n * cycles, seed);
          for (let start = 0; start + n <= history.length; start += n) {
            expect(new Set(history.slice(start, start + n)).size).toBe(n);
          }
          for (let i = 1; n > 1 && i < history.length; i++) expect(history[i]).not.toBe(history[i - 1]);
        },
      ),
    );
  });
});
