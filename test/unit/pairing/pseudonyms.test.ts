import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assignPseudonyms,
  PSEUDONYM_ADJECTIVES,
  PSEUDONYM_BIRDS,
  shortPseudonym,
} from '../../../src/core/pairing/pseudonyms.js';
import { mulberry32 } from '../../../src/core/pairing/seeded-random.js';

describe('assignPseudonyms', () => {
  it('draws from at least 40 distinct adjectives and 40 distinct one-word birds', () => {
    expect(new Set(PSEUDONYM_ADJECTIVES).size).toBe(PSEUDONYM_ADJECTIVES.length);
    expect(new Set(PSEUDONYM_BIRDS).size).toBe(PSEUDONYM_BIRDS.length);
    expect(PSEUDONYM_ADJECTIVES.length).toBeGreaterThanOrEqual(40);
    expect(PSEUDONYM_BIRDS.length).toBeGreaterThanOrEqual(40);
    for (const word of [...PSEUDONYM_ADJECTIVES, ...PSEUDONYM_BIRDS]) expect(word).toMatch(/^[A-Z][a-z]+$/);
  });

  it('gives unique names and unique short names within a group', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer(), (size, seed) => {
        const names = assignPseudonyms(size, mulberry32(seed));
        expect(names).toHaveLength(size);
        expect(new Set(names).size).toBe(size);
        expect(new Set(names.map(shortPseudonym)).size).toBe(size);
        for (const name of names) expect(name).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/);
      }),
      { numRuns: 300, seed: 12 },
    );
  });

  it('never contains a member id, whatever the ids look like', () => {
    // The function is not given ids at all; check that no output could be mistaken for one.
    const ids = ['U0123ABC', 'member-42', '29:1abcDEF', 'a1b2c3d4-e5f6-7890-abcd-ef1234567890'];
    for (let seed = 0; seed < 200; seed++) {
      for (const name of assignPseudonyms(4, mulberry32(seed))) {
        expect(name).not.toMatch(/\d/);
        for (const id of ids) expect(name.toLowerCase()).not.toContain(id.toLowerCase());
      }
    }
  });

  it('is reproducible for a seed and varies between seeds', () => {
    expect(assignPseudonyms(3, mulberry32(5))).toEqual(assignPseudonyms(3, mulberry32(5)));
    const many = new Set(Array.from({ length: 20 }, (_, s) => assignPseudonyms(2, mulberry32(s)).join('/')));
    expect(many.size).toBeGreaterThan(15);
  });

  it('refuses impossible group sizes', () => {
    expect(() => assignPseudonyms(-1, mulberry32(1))).toThrow(RangeError);
    expect(() => assignPseudonyms(1000, mulberry32(1))).toThrow(RangeError);
    expect(assignPseudonyms(0, mulberry32(1))).toEqual([]);
  });

  it('shortens to the bird', () => {
    expect(shortPseudonym('Misty Kestrel')).toBe('Kestrel');
  });
});
