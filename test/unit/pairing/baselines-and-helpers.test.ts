import { describe, expect, it } from 'vitest';
import { maxWeightMatching, type WeightedEdge } from '../../../src/core/pairing/blossom.js';
import type { PoolMember } from '../../../src/core/pairing/pairing-types.js';
import { randomGroups } from '../../../src/core/pairing/random-groups.js';
import { mulberry32, randomInt, shuffled } from '../../../src/core/pairing/seeded-random.js';
import { keepBestEdges } from '../../../src/core/pairing/sparsify.js';

const pool = (n: number): PoolMember[] =>
  Array.from({ length: n }, (_, i) => ({ id: `p${i}`, workspaceId: 'w', utcOffsetMinutes: 0 }));

describe('seeded random', () => {
  it('repeats exactly for a seed and differs between seeds', () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const first = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(first);
    expect(mulberry32(8)()).not.toBe(first[0]);
    for (const x of first) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });

  it('shuffles a copy, keeping every item', () => {
    const items = [1, 2, 3, 4, 5, 6, 7, 8];
    const out = shuffled(items, mulberry32(1));
    expect(items).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect([...out].sort()).toEqual(items);
    expect(out).not.toEqual(items);
    const r = mulberry32(2);
    for (let i = 0; i < 100; i++) expect(randomInt(r, 3)).toBeLessThan(3);
  });
});

describe('randomGroups (the Icebreaker-style baseline)', () => {
  it('shuffles into pairs and drops the odd person', () => {
    const result = randomGroups({ members: pool(7), size: 2, seed: 3 });
    expect(result.groups).toHaveLength(3);
    expect(result.groups.every((g) => g.length === 2)).toBe(true);
    expect(result.unplaced).toHaveLength(1);
    expect(result.unplaced[0]!.reason).toBe('odd-one-out');
    expect([...result.groups.flat(), result.unplaced[0]!.memberId].sort()).toEqual(
      pool(7)
        .map((m) => m.id)
        .sort(),
    );
  });

  it('makes a smaller last group from a remainder of two or more', () => {
    const result = randomGroups({ members: pool(10), size: 4, seed: 3 });
    expect(result.groups.map((g) => g.length)).toEqual([4, 4, 2]);
    expect(result.unplaced).toEqual([]);
  });
});

describe('keepBestEdges', () => {
  it('keeps each vertex its best edges, or all of them when it has few', () => {
    const edges: WeightedEdge[] = [];
    for (let i = 0; i < 10; i++) for (let j = i + 1; j < 10; j++) edges.push([i, j, (i * 7 + j * 3) % 11]);
    edges.push([10, 0, 1]);
    const kept = keepBestEdges(edges, 11, 3);
    expect(kept.length).toBeLessThan(edges.length);
    expect(kept).toContainEqual([10, 0, 1]);
    for (let v = 0; v < 10; v++) {
      const mine = edges.filter(([i, j]) => i === v || j === v).map((e) => e[2]);
      const best = [...mine].sort((x, y) => y - x).slice(0, 3);
      const keptMine = kept.filter(([i, j]) => i === v || j === v).map((e) => e[2]);
      for (const w of best) expect(keptMine).toContain(w);
    }
  });

  it('loses no weight on a realistic dense pool', () => {
    const r = mulberry32(4);
    const n = 120;
    const edges: WeightedEdge[] = [];
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const history = r() < 0.1 ? 10_000 + Math.floor(r() * 40_000) : 100_000;
        edges.push([i, j, history + (r() < 0.8 ? 60 : 0) + Math.floor(r() * 31) + Math.floor(r() * 10)]);
      }
    }
    const total = (mate: number[], list: WeightedEdge[]): number => {
      const w = new Map(list.map(([i, j, wt]) => [`${i}-${j}`, wt]));
      return mate.reduce((sum, m, v) => (m > v ? sum + w.get(`${v}-${m}`)! : sum), 0);
    };
    const full = maxWeightMatching(edges, { maxCardinality: true });
    const sparse = maxWeightMatching(keepBestEdges(edges, n, 24), { maxCardinality: true, vertexCount: n });
    expect(total(sparse, edges)).toBe(total(full, edges));
  });
});
