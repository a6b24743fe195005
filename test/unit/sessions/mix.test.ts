import { describe, expect, it } from 'vitest';
import { evaluateMix, invitationsPerBand } from '../../../src/core/sessions/index.js';

describe('evaluateMix', () => {
  it('turns a share into people of the capacity and a count into itself', () => {
    const e = evaluateMix({
      mix: [
        { band: 'frontline', percent: 40 },
        { band: 'leader', count: 2 },
      ],
      capacity: 20,
      goingByBand: { frontline: 3, leader: 2, manager: 5 },
    });
    expect(e.totalGoing).toBe(10);
    expect(e.placesLeft).toBe(10);
    expect(e.bands).toEqual([
      { band: 'frontline', targetText: '40%', target: 8, going: 3, shortfall: 5 },
      { band: 'leader', targetText: '2', target: 2, going: 2, shortfall: 0 },
    ]);
    expect(e.under.map((b) => b.band)).toEqual(['frontline']);
  });

  it('without a capacity, judges a share against the people going', () => {
    const e = evaluateMix({
      mix: [{ band: 'lived-experience', percent: 25 }],
      capacity: null,
      goingByBand: { manager: 7, frontline: 1 },
      // Lived experience is not a band: the frontline person going said they have it.
      livedExperienceGoing: 1,
    });
    // 25% of 8 is 2: one short.
    expect(e.bands[0]).toMatchObject({ target: 2, going: 1, shortfall: 1 });
    expect(e.placesLeft).toBeNull();
  });

  it('with nobody going, every band with a target is under it', () => {
    const e = evaluateMix({
      mix: [
        { band: 'frontline', percent: 10 },
        { band: 'community', count: 1 },
      ],
      capacity: null,
      goingByBand: {},
    });
    expect(e.under.map((b) => b.band)).toEqual(['frontline', 'community']);
    expect(e.bands[0]!.target).toBe(1);
  });

  it('rounds a share up, so 30% of 10 is exactly 3 and 33% of 10 needs 4', () => {
    const thirty = evaluateMix({
      mix: [{ band: 'leader', percent: 30 }],
      capacity: 10,
      goingByBand: { leader: 3 },
    });
    expect(thirty.bands[0]).toMatchObject({ target: 3, shortfall: 0 });
    const third = evaluateMix({
      mix: [{ band: 'leader', percent: 33 }],
      capacity: 10,
      goingByBand: { leader: 3 },
    });
    expect(third.bands[0]).toMatchObject({ target: 4, shortfall: 1 });
  });

  it('counts a band over its target as met, not negative', () => {
    const e = evaluateMix({ mix: [{ band: 'manager', count: 1 }], capacity: 5, goingByBand: { manager: 4 } });
    expect(e.bands[0]!.shortfall).toBe(0);
    expect(e.under).toEqual([]);
  });
});

describe('invitationsPerBand', () => {
  const e = evaluateMix({
    mix: [
      { band: 'frontline', count: 3 },
      { band: 'leader', count: 2 },
      { band: 'manager', count: 1 },
    ],
    capacity: 12,
    goingByBand: { manager: 1 },
  });

  it('invites up to the limit of each band under target, never more than the people available', () => {
    expect(invitationsPerBand(e, { frontline: 9, leader: 2 }, 5)).toEqual([
      { band: 'frontline', count: 5 },
      { band: 'leader', count: 2 },
    ]);
  });

  it('invites nobody when the session is full', () => {
    const full = evaluateMix({
      mix: [{ band: 'frontline', count: 3 }],
      capacity: 2,
      goingByBand: { leader: 2 },
    });
    expect(full.under).toHaveLength(1);
    expect(invitationsPerBand(full, { frontline: 10 }, 5)).toEqual([{ band: 'frontline', count: 0 }]);
  });
});
