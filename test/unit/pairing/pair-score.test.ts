import { describe, expect, it } from 'vitest';
import {
  lastMetIndex,
  offsetDistanceMinutes,
  pairKey,
  scorePair,
} from '../../../src/core/pairing/pair-score.js';
import type { PoolMember } from '../../../src/core/pairing/pairing-types.js';

const NOW = new Date('2025-06-01T09:00:00Z');
const DAY = 24 * 60 * 60 * 1000;
const member = (id: string, extra: Partial<PoolMember> = {}): PoolMember => ({
  id,
  workspaceId: 'w1',
  utcOffsetMinutes: 0,
  ...extra,
});

describe('scorePair', () => {
  const a = member('a', { org: 'Council' });
  const b = member('b', { org: 'NHS Trust' });

  it('ranks never met above met long ago above met recently', () => {
    const never = scorePair(a, b, { now: NOW });
    const longAgo = scorePair(a, b, { now: NOW, lastMetAt: new Date(NOW.getTime() - 400 * DAY) });
    const halfYear = scorePair(a, b, { now: NOW, lastMetAt: new Date(NOW.getTime() - 180 * DAY) });
    const recently = scorePair(a, b, { now: NOW, lastMetAt: new Date(NOW.getTime() - 7 * DAY) });
    expect(never).toBeGreaterThan(longAgo);
    expect(longAgo).toBeGreaterThan(halfYear);
    expect(halfYear).toBeGreaterThan(recently);
  });

  it('scores a different organisation above the same one, case-insensitively', () => {
    const sameOrg = scorePair(a, member('c', { org: ' council ' }), { now: NOW });
    expect(scorePair(a, b, { now: NOW })).toBeGreaterThan(sameOrg);
  });

  it('uses the workspace when an organisation is unknown', () => {
    const otherWorkspace = scorePair(member('x'), member('y', { workspaceId: 'w2' }), { now: NOW });
    const sameWorkspace = scorePair(member('x'), member('y'), { now: NOW });
    expect(otherWorkspace).toBeGreaterThan(sameWorkspace);
  });

  it('scores closer working hours higher, around the clock', () => {
    const london = member('l', { org: 'A', utcOffsetMinutes: 0 });
    const paris = member('p', { org: 'B', utcOffsetMinutes: 60 });
    const newYork = member('n', { org: 'B', utcOffsetMinutes: -300 });
    const auckland = member('k', { org: 'B', utcOffsetMinutes: 780 });
    const hawaii = member('h', { org: 'A', utcOffsetMinutes: -600 });
    expect(scorePair(london, paris, { now: NOW })).toBeGreaterThan(scorePair(london, newYork, { now: NOW }));
    expect(scorePair(london, newYork, { now: NOW })).toBeGreaterThanOrEqual(
      scorePair(london, auckland, { now: NOW }),
    );
    expect(offsetDistanceMinutes(780, -600)).toBe(60);
    expect(scorePair(auckland, hawaii, { now: NOW })).toBeGreaterThan(
      scorePair(london, auckland, { now: NOW }),
    );
  });

  it('gives whole, positive numbers', () => {
    const s = scorePair(a, b, { now: NOW, lastMetAt: new Date(NOW.getTime() - 33.3 * DAY) });
    expect(Number.isInteger(s)).toBe(true);
    expect(s).toBeGreaterThan(0);
  });
});

describe('lastMetIndex', () => {
  it('keeps the latest meeting of each unordered pair', () => {
    const index = lastMetIndex([
      { a: 'x', b: 'y', at: new Date('2025-01-01') },
      { a: 'y', b: 'x', at: new Date('2025-03-01') },
      { a: 'x', b: 'y', at: new Date('2025-02-01') },
      { a: 'z', b: 'z', at: new Date('2025-02-01') },
    ]);
    expect(index.size).toBe(1);
    expect(index.get(pairKey('y', 'x'))).toEqual(new Date('2025-03-01'));
  });
});
