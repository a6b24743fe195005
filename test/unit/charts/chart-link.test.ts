import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/clock.js';
import { CHART_LINK_TTL_SECONDS, createChartLinks } from '../../../src/services/charts/chart-link.js';

function parse(link: string) {
  const url = new URL(link, 'http://localhost');
  const id = url.pathname.replace(/^\/charts\//, '').replace(/\.png$/, '');
  return { id, exp: url.searchParams.get('exp') ?? '', sig: url.searchParams.get('sig') ?? '' };
}

describe('signed chart links', () => {
  const key = Buffer.alloc(32, 7);

  it('verifies its own link and refuses a bad signature, a tampered id or expiry, and an expired link', () => {
    const clock = new ManualClock(new Date('2026-12-02T10:00:00Z'));
    const links = createChartLinks(key, clock);
    const { id, exp, sig } = parse(links.sign('chartAbc123'));
    expect(links.verify(id, exp, sig)).toBe(true);
    const flipped = `${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`;
    expect(links.verify(id, exp, flipped)).toBe(false);
    expect(links.verify('chartAbc124', exp, sig)).toBe(false);
    expect(links.verify(id, String(Number(exp) + 60), sig)).toBe(false);
    expect(createChartLinks(Buffer.alloc(32, 8), clock).verify(id, exp, sig)).toBe(false);
    clock.set(new Date(clock.now().getTime() + CHART_LINK_TTL_SECONDS * 1000));
    expect(links.verify(id, exp, sig)).toBe(false);
  });
});
