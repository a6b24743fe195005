import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maxWeightMatching, type WeightedEdge } from '../../../src/core/pairing/blossom.js';

/** Every matching of the graph, by brute force: fine up to 10 vertices. */
function bruteForceBest(
  n: number,
  edges: readonly WeightedEdge[],
  maxCardinality: boolean,
): { size: number; weight: number } {
  const w = new Map<string, number>();
  for (const [i, j, wt] of edges) w.set(`${Math.min(i, j)}-${Math.max(i, j)}`, wt);
  let best = { size: 0, weight: 0 };
  const used = new Array<boolean>(n).fill(false);
  const visit = (v: number, size: number, weight: number): void => {
    while (v < n && used[v]) v++;
    if (v >= n) {
      const better = maxCardinality
        ? size > best.size || (size === best.size && weight > best.weight)
        : weight > best.weight;
      if (better) best = { size, weight };
      return;
    }
    used[v] = true;
    visit(v + 1, size, weight); // v stays single
    for (let u = v + 1; u < n; u++) {
      const wt = w.get(`${v}-${u}`);
      if (!used[u] && wt !== undefined) {
        used[u] = true;
        visit(v + 1, size + 1, weight + wt);
        used[u] = false;
      }
    }
    used[v] = false;
  };
  visit(0, 0, 0);
  return best;
}

function evaluate(mate: number[], edges: readonly WeightedEdge[]): { size: number; weight: number } {
  const w = new Map<string, number>();
  for (const [i, j, wt] of edges) w.set(`${Math.min(i, j)}-${Math.max(i, j)}`, wt);
  let size = 0;
  let weight = 0;
  mate.forEach((m, v) => {
    if (m > v) {
      const wt = w.get(`${v}-${m}`);
      expect(wt, `matched pair ${v}-${m} must be an edge`).toBeDefined();
      expect(mate[m]).toBe(v);
      size++;
      weight += wt!;
    }
  });
  return { size, weight };
}

describe('maxWeightMatching', () => {
  it('handles empty and trivial graphs', () => {
    expect(maxWeightMatching([])).toEqual([]);
    expect(maxWeightMatching([], { vertexCount: 3 })).toEqual([-1, -1, -1]);
    expect(maxWeightMatching([[0, 1, 1]])).toEqual([1, 0]);
  });

  it('prefers weight, or cardinality when asked', () => {
    expect(
      maxWeightMatching([
        [1, 2, 5],
        [2, 3, 11],
        [3, 4, 5],
      ]),
    ).toEqual([-1, -1, 3, 2, -1]);
    expect(
      maxWeightMatching(
        [
          [1, 2, 5],
          [2, 3, 11],
          [3, 4, 5],
        ],
        { maxCardinality: true },
      ),
    ).toEqual([-1, 2, 1, 4, 3]);
  });

  it('handles negative weights', () => {
    const edges: WeightedEdge[] = [
      [1, 2, 2],
      [1, 3, -2],
      [2, 3, 1],
      [2, 4, -1],
      [3, 4, -6],
    ];
    expect(maxWeightMatching(edges)).toEqual([-1, 2, 1, -1, -1]);
    expect(maxWeightMatching(edges, { maxCardinality: true })).toEqual([-1, 3, 4, 1, 2]);
  });

  // Classic hand-built cases that exercise blossom creation, relabelling and expansion.
  const cases: Array<[string, WeightedEdge[], number[]]> = [
    [
      'S-blossom used for augmentation',
      [
        [1, 2, 8],
        [1, 3, 9],
        [2, 3, 10],
        [3, 4, 7],
        [1, 6, 5],
        [4, 5, 6],
      ],
      [-1, 6, 3, 2, 5, 4, 1],
    ],
    [
      'S-blossom relabelled as T',
      [
        [1, 2, 9],
        [1, 3, 8],
        [2, 3, 10],
        [1, 4, 5],
        [4, 5, 3],
        [3, 6, 4],
      ],
      [-1, 2, 1, 6, 5, 4, 3],
    ],
    [
      'nested S-blossom',
      [
        [1, 2, 9],
        [1, 3, 9],
        [2, 3, 10],
        [2, 4, 8],
        [3, 5, 8],
        [4, 5, 10],
        [5, 6, 6],
      ],
      [-1, 3, 4, 1, 2, 6, 5],
    ],
    [
      'nested S-blossom expanded recursively',
      [
        [1, 2, 8],
        [1, 3, 8],
        [2, 3, 10],
        [2, 4, 12],
        [3, 5, 12],
        [4, 5, 14],
        [4, 6, 12],
        [5, 7, 12],
        [6, 7, 14],
        [7, 8, 12],
      ],
      [-1, 2, 1, 5, 6, 3, 4, 8, 7],
    ],
    [
      'T-blossom expanded several ways',
      [
        [1, 2, 45],
        [1, 5, 45],
        [2, 3, 50],
        [3, 4, 45],
        [4, 5, 50],
        [1, 6, 30],
        [3, 9, 35],
        [4, 8, 35],
        [5, 7, 26],
        [9, 10, 5],
      ],
      [-1, 6, 3, 2, 8, 7, 1, 5, 4, 10, 9],
    ],
    [
      'nested blossom on an augmenting path after expansion',
      [
        [1, 2, 45],
        [1, 7, 45],
        [2, 3, 50],
        [3, 4, 45],
        [4, 5, 95],
        [4, 6, 94],
        [5, 6, 94],
        [6, 7, 50],
        [1, 8, 30],
        [3, 11, 35],
        [5, 9, 36],
        [7, 10, 26],
        [11, 12, 5],
      ],
      [-1, 8, 3, 2, 6, 9, 4, 10, 1, 5, 7, 12, 11],
    ],
    [
      'nested S-blossom relabelled and expanded',
      [
        [1, 2, 40],
        [1, 3, 40],
        [2, 3, 60],
        [2, 4, 55],
        [3, 5, 55],
        [4, 5, 50],
        [1, 8, 15],
        [5, 7, 30],
        [7, 6, 10],
        [8, 10, 10],
        [4, 9, 30],
      ],
      [-1, 2, 1, 5, 9, 3, 7, 6, 10, 4, 8],
    ],
  ];
  it.each(cases)('%s', (_name, edges, expected) => {
    expect(maxWeightMatching(edges)).toEqual(expected);
  });

  const graphArb = fc.integer({ min: 1, max: 10 }).chain((n) =>
    fc.record({
      n: fc.constant(n),
      edges: fc
        .uniqueArray(
          fc.tuple(
            fc.integer({ min: 0, max: n - 1 }),
            fc.integer({ min: 0, max: n - 1 }),
            fc.integer({ min: -5, max: 60 }),
          ),
          { selector: ([i, j]) => `${Math.min(i, j)}-${Math.max(i, j)}`, maxLength: 45 },
        )
        .map((es) => es.filter(([i, j]) => i !== j) as WeightedEdge[]),
      maxCardinality: fc.boolean(),
    }),
  );

  it('matches brute force on random graphs of up to 10 vertices', () => {
    fc.assert(
      fc.property(graphArb, ({ n, edges, maxCardinality }) => {
        const mate = maxWeightMatching(edges, { maxCardinality, vertexCount: n });
        expect(mate).toHaveLength(n);
        const got = evaluate(mate, edges);
        const best = bruteForceBest(n, edges, maxCardinality);
        if (maxCardinality) expect(got.size).toBe(best.size);
        expect(got.weight).toBe(best.weight);
      }),
      { numRuns: 600, seed: 20240611 },
    );
  });

  it('matches brute force on dense graphs with many equal weights', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 10 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 45, maxLength: 45 }),
        fc.boolean(),
        (n, weights, maxCardinality) => {
          const edges: WeightedEdge[] = [];
          let idx = 0;
          for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) edges.push([i, j, weights[idx++]!]);
          const mate = maxWeightMatching(edges, { maxCardinality });
          const got = evaluate(mate, edges);
          const best = bruteForceBest(n, edges, maxCardinality);
          if (maxCardinality) expect(got.size).toBe(best.size);
          expect(got.weight).toBe(best.weight);
        },
      ),
      { numRuns: 400, seed: 7 },
    );
  });

  it('rejects self-loops', () => {
    expect(() => maxWeightMatching([[2, 2, 1]])).toThrow(RangeError);
  });
});
