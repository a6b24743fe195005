import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src/clock.js';
import { type NudgeCandidate, selectNudges } from '../../../src/core/sessions/index.js';

const candidates: NudgeCandidate[] = [
  ...Array.from({ length: 12 }, (_, i) => ({
    memberId: `f${String(i).padStart(2, '0')}`,
    band: 'frontline' as const,
  })),
  ...Array.from({ length: 3 }, (_, i) => ({ memberId: `l${i}`, band: 'lived-experience' as const })),
  ...Array.from({ length: 6 }, (_, i) => ({ memberId: `m${i}`, band: 'manager' as const })),
];
const rnd = (seed: number) => {
  const r = seededRandom(seed);
  return () => r.next();
};

describe('selectNudges', () => {
  it('picks the planned number from each planned band only, nobody twice', () => {
    const picked = selectNudges(
      candidates,
      [
        { band: 'frontline', count: 5 },
        { band: 'lived-experience', count: 5 },
      ],
      rnd(1),
    );
    expect(picked.filter((p) => p.band === 'frontline')).toHaveLength(5);
    // Only three people with lived experience exist: all are invited.
    expect(
      picked
        .filter((p) => p.band === 'lived-experience')
        .map((p) => p.memberId)
        .sort(),
    ).toEqual(['l0', 'l1', 'l2']);
    expect(picked.some((p) => p.band === 'manager')).toBe(false);
    expect(new Set(picked.map((p) => p.memberId)).size).toBe(picked.length);
  });

  it('is deterministic for a seed, whatever order the candidates come in', () => {
    const plan = [{ band: 'frontline' as const, count: 4 }];
    const a = selectNudges(candidates, plan, rnd(7));
    const b = selectNudges([...candidates].reverse(), plan, rnd(7));
    expect(b).toEqual(a);
  });

  it('varies with the seed (over many seeds, more than one choice appears)', () => {
    const plan = [{ band: 'frontline' as const, count: 3 }];
    const choices = new Set(
      Array.from({ length: 20 }, (_, s) =>
        selectNudges(candidates, plan, rnd(s))
          .map((p) => p.memberId)
          .sort()
          .join(','),
      ),
    );
    expect(choices.size).toBeGreaterThan(5);
  });

  it('picks nobody for a zero count or an empty pool', () => {
    expect(selectNudges(candidates, [{ band: 'frontline', count: 0 }], rnd(1))).toEqual([]);
    expect(selectNudges(candidates, [{ band: 'leader', count: 5 }], rnd(1))).toEqual([]);
  });

  it('copes with a random source that returns its upper edge', () => {
    const picked = selectNudges(candidates, [{ band: 'manager', count: 6 }], () => 0.999999999);
    expect(picked.map((p) => p.memberId).sort()).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5']);
  });
});
