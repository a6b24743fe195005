/**
 * Action learning sets meet across organisations: two people of the same organisation are grouped only when no
 * grouping of the pool avoids it, whatever their history ("never met" used to outweigh it). Checked against a
 * brute force over every way to split small random pools into pairs (and one trio when the count is odd), and
 * with the big chunked pools the matcher cuts into parts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formGroups } from '../../../src/core/pairing/form-groups.js';
import type { PairHistory, PoolMember } from '../../../src/core/pairing/pairing-types.js';

const NOW = new Date('2026-03-03T09:00:00Z');
const DAY = 24 * 3600_000;

const norm = (o: string | undefined) => o?.trim().toLowerCase() || undefined;
function sameOrg(a: PoolMember, b: PoolMember): boolean {
  const x = norm(a.org);
  return x !== undefined && x === norm(b.org);
}

function sameOrgPairs(groups: readonly (readonly PoolMember[])[]): number {
  let n = 0;
  for (const g of groups)
    for (let i = 0; i < g.length; i++) for (let j = i + 1; j < g.length; j++) if (sameOrg(g[i]!, g[j]!)) n++;
  return n;
}

/** The fewest same-organisation pairs over every split into pairs, with one trio when the count is odd. */
function bruteForceMinimum(members: readonly PoolMember[]): number {
  let best = Number.POSITIVE_INFINITY;
  const walk = (rest: PoolMember[], trioLeft: boolean, cost: number) => {
    if (cost >= best) return;
    if (rest.length === 0) {
      best = cost;
      return;
    }
    const [first, ...others] = rest as [PoolMember, ...PoolMember[]];
    for (let j = 0; j < others.length; j++) {
      const b = others[j]!;
      const after = others.filter((_, k) => k !== j);
      const pairCost = cost + (sameOrg(first, b) ? 1 : 0);
      // A pair, unless it would leave one person with nobody (the trio needs three).
      if (!(trioLeft && after.length === 1)) walk(after, trioLeft, pairCost);
      if (trioLeft) {
        for (let k = 0; k < after.length; k++) {
          const c = after[k]!;
          walk(
            after.filter((_, m) => m !== k),
            false,
            pairCost + (sameOrg(first, c) ? 1 : 0) + (sameOrg(b, c) ? 1 : 0),
          );
        }
      }
    }
  };
  walk([...members], members.length % 2 === 1, 0);
  return best;
}

const memberArb = (n: number) =>
  fc.array(fc.constantFrom<string | undefined>('Council', 'council ', 'NHS Trust', 'Probation', undefined), {
    minLength: n,
    maxLength: n,
  });

describe('different organisations by default', () => {
  it('groups two people of one organisation only when no grouping avoids it (random pools, brute force)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 9 }).chain((n) =>
          fc.record({
            orgs: memberArb(n),
            met: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1), fc.integer({ min: 1, max: 400 })), {
              maxLength: 20,
            }),
            seed: fc.integer(),
          }),
        ),
        ({ orgs, met, seed }) => {
          const members: PoolMember[] = orgs.map((org, i) => ({
            id: `p${i}`,
            org,
            workspaceId: 'w1',
            utcOffsetMinutes: 0,
          }));
          const history: PairHistory[] = met
            .filter(([a, b]) => a !== b)
            .map(([a, b, days]) => ({ a: `p${a}`, b: `p${b}`, at: new Date(NOW.getTime() - days * DAY) }));
          const result = formGroups({ members, history, blocked: [], size: 2, now: NOW, seed });
          expect(result.unplaced).toEqual([]);
          const byId = new Map(members.map((m) => [m.id, m]));
          const got = sameOrgPairs(result.groups.map((g) => g.map((id) => byId.get(id)!)));
          expect(got).toBe(bruteForceMinimum(members));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('meets someone again across organisations rather than someone new from their own', () => {
    const members: PoolMember[] = [
      { id: 'a1', org: 'Council', workspaceId: 'w', utcOffsetMinutes: 0 },
      { id: 'a2', org: 'Council', workspaceId: 'w', utcOffsetMinutes: 0 },
      { id: 'b1', org: 'Charity', workspaceId: 'w', utcOffsetMinutes: 0 },
      { id: 'b2', org: 'Charity', workspaceId: 'w', utcOffsetMinutes: 0 },
    ];
    const at = (days: number) => new Date(NOW.getTime() - days * DAY);
    const history: PairHistory[] = [
      { a: 'a1', b: 'b1', at: at(7) },
      { a: 'a2', b: 'b2', at: at(7) },
      { a: 'a1', b: 'b2', at: at(200) },
      { a: 'a2', b: 'b1', at: at(200) },
    ];
    const result = formGroups({ members, history, blocked: [], size: 2, now: NOW, seed: 3 });
    const groups = result.groups.map((g) => [...g].sort().join('+')).sort();
    // Across organisations, and of those the pairs met longest ago.
    expect(groups).toEqual(['a1+b2', 'a2+b1']);
  });

  it('keeps to it in circles and in a large pool cut into chunks', () => {
    const orgs = ['Council', 'NHS Trust', 'Probation', 'Charity', 'Police'];
    const members: PoolMember[] = Array.from({ length: 1_000 }, (_, i) => ({
      id: `m${i}`,
      org: orgs[i % orgs.length],
      workspaceId: `w${i % 3}`,
      utcOffsetMinutes: [0, 60][i % 2]!,
    }));
    const byId = new Map(members.map((m) => [m.id, m]));
    for (const size of [2, 3, 4] as const) {
      const result = formGroups({ members, history: [], blocked: [], size, now: NOW, seed: 11 });
      expect(result.unplaced).toEqual([]);
      // Five organisations of 200 each: every group can be wholly mixed.
      expect(sameOrgPairs(result.groups.map((g) => g.map((id) => byId.get(id)!)))).toBe(0);
    }
  });

  it('never groups someone with an organisation they chose to avoid, either way round (random pools)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 14 }).chain((n) =>
          fc.record({
            orgs: memberArb(n),
            avoid: fc.array(fc.constantFrom('COUNCIL', 'nhs  trust', 'Police'), { maxLength: n }),
            size: fc.constantFrom<2 | 3 | 4>(2, 3, 4),
            seed: fc.integer(),
          }),
        ),
        ({ orgs, avoid, size, seed }) => {
          const members: PoolMember[] = orgs.map((org, i) => ({
            id: `p${i}`,
            org,
            workspaceId: 'w1',
            utcOffsetMinutes: 0,
            avoidOrgs: avoid[i] ? [avoid[i]!] : undefined,
          }));
          const result = formGroups({ members, history: [], blocked: [], size, now: NOW, seed });
          const byId = new Map(members.map((m) => [m.id, m]));
          const avoids = (a: PoolMember, b: PoolMember) =>
            (a.avoidOrgs ?? []).some(
              (o) => norm(o.replace(/\s+/g, ' ')) === norm(b.org?.replace(/\s+/g, ' ')),
            );
          for (const g of result.groups) {
            for (const a of g)
              for (const b of g) if (a !== b) expect(avoids(byId.get(a)!, byId.get(b)!)).toBe(false);
          }
          const placed = new Set([...result.groups.flat(), ...result.unplaced.map((u) => u.memberId)]);
          expect(placed.size).toBe(members.length);
        },
      ),
      { numRuns: 200 },
    );
  });
});
