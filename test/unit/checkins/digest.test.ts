import { describe, expect, it } from 'vitest';
import { DIGEST_FRAMING, renderDigest, shuffle } from '../../../src/core/checkins/index.js';
import { allText, seededRandom } from './helpers.js';

const reflections = [
  'I noticed how much a cup of tea and ten quiet minutes changed the conversation.',
  'Offering a choice of where to meet made a real difference.',
  'Our team asked for help earlier this week, and it worked.',
  'I am learning to leave work at work.',
  'The housing and probation teams finally sat in the same room.',
  'Someone with lived experience reshaped our referral form, and it is much better.',
];

/** Each text shared by a different person. */
function byDifferentPeople(texts: readonly string[]) {
  return texts.map((text, i) => ({ person: `person-${i}`, text }));
}

function quotes(text: string): string[] {
  return [...text.matchAll(/“([^”]*)”/g)].map((match) => match[1]!);
}

describe('renderDigest', () => {
  it('returns null when k - 1 shared', () => {
    expect(
      renderDigest({
        reflections: byDifferentPeople(reflections.slice(0, 4)),
        k: 5,
        random: seededRandom(1),
      }),
    ).toBeNull();
  });

  it('renders all reflections, with the framing line, when k shared', () => {
    const message = renderDigest({
      reflections: byDifferentPeople(reflections.slice(0, 5)),
      k: 5,
      random: seededRandom(1),
    });
    expect(message).not.toBeNull();
    const text = allText(message!);
    expect(text).toContain(DIGEST_FRAMING);
    expect(quotes(text).sort()).toEqual(reflections.slice(0, 5).sort());
  });

  it('does not count blank reflections towards k', () => {
    const input = [...reflections.slice(0, 4), '   ', ''];
    expect(renderDigest({ reflections: byDifferentPeople(input), k: 5, random: seededRandom(1) })).toBeNull();
  });

  it('counts people, not reflections, and shows each person once: their latest', () => {
    // One person sharing five times, with three others: four people, under k = 5.
    const one = reflections.slice(0, 5).map((text) => ({ person: 'same', text }));
    const others = byDifferentPeople(reflections.slice(1, 4));
    expect(renderDigest({ reflections: [...one, ...others], k: 5, random: seededRandom(1) })).toBeNull();
    const message = renderDigest({
      reflections: [...one, ...byDifferentPeople(reflections.slice(1, 5))],
      k: 5,
      random: seededRandom(1),
    })!;
    const shown = quotes(allText(message));
    expect(shown).toHaveLength(5);
    expect(shown.filter((q) => q === reflections[4])).toHaveLength(2); // the latest of 'same', and person-3's
    expect(shown).not.toContain(reflections[0]);
  });

  it('never uses a k below 3', () => {
    expect(
      renderDigest({
        reflections: byDifferentPeople(reflections.slice(0, 2)),
        k: 1,
        random: seededRandom(1),
      }),
    ).toBeNull();
    expect(
      renderDigest({
        reflections: byDifferentPeople(reflections.slice(0, 3)),
        k: 1,
        random: seededRandom(1),
      }),
    ).not.toBeNull();
  });

  it('shuffles deterministically with a seed, and differently with another', () => {
    const order = (seed: number) =>
      quotes(
        allText(
          renderDigest({ reflections: byDifferentPeople(reflections), k: 5, random: seededRandom(seed) })!,
        ),
      );
    expect(order(11)).toEqual(order(11));
    const orders = new Set([1, 2, 3, 4, 5].map((seed) => order(seed).join('|')));
    expect(orders.size).toBeGreaterThan(1);
  });

  it('shows a random selection and counts the rest when too many were shared', () => {
    const many = Array.from({ length: 60 }, (_, i) => `Reflection number ${i} about what helped this week.`);
    const message = renderDigest({ reflections: byDifferentPeople(many), k: 5, random: seededRandom(3) })!;
    const shown = quotes(allText(message));
    expect(shown.length).toBe(40);
    expect(allText(message)).toContain('About 20 more people shared');
  });
});

describe('shuffle', () => {
  it('keeps every item and leaves the input alone', () => {
    const input = [1, 2, 3, 4, 5, 6, 7];
    const output = shuffle(input, seededRandom(2));
    expect([...output].sort()).toEqual(input);
    expect(input).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});
