import { maxWeightMatching, type WeightedEdge } from './blossom.js';
import type { GroupSize } from './pairing-types.js';
import { BEST_EDGES_PER_PERSON, keepBestEdges, SPARSIFY_ABOVE } from './sparsify.js';

/**
 * Pair weights over local indices 0..count-1: a whole number, or a negative number when the two must never
 * share a group (blocked, "never with").
 */
export interface PairWeights {
  count: number;
  weight(i: number, j: number): number;
}

export interface BuiltGroups {
  groups: number[][];
  /** Indices that fit nowhere in this set of people. */
  leftover: number[];
}

/**
 * Group people of one chunk. The design, in four steps:
 *
 * 1. **Pairs.** A maximum-cardinality, maximum-weight matching over the allowed pairs, so as many people as
 *    possible get a partner, and among those groupings the best-scoring one.
 * 2. **Cores.** For pairs (size 2) every matched pair is a group. For circles of 3 or 4 we need fewer groups:
 *    about `n / 3` (rounded down, so leftovers make circles of 4 rather than pairs) or `n / 4` (rounded, so
 *    circles stay within 3–5), and never fewer than `n / (size + 1)` rounded up, so everyone fits. The
 *    best-scoring pairs become the cores; the others are split up again. Examples (no blocks): size 3 with
 *    7 → 4+3, 8 → 4+4, 5 → 3+2; size 4 with 6 → 3+3, 9 → 5+4, 10 → 4+3+3.
 * 3. **Fill.** Unplaced people join cores by a bipartite matching (again the blossom matcher) whose weight is
 *    their *average* score with the core's members — the average, not the sum, so a repeat meeting in a bigger
 *    group never outweighs a fresh one in a smaller group. A person joins a group only if every pair inside it is
 *    allowed. Rounds repeat up to the target size, then once more up to one over it: that is how an odd person
 *    joins a trio instead of being left out.
 * 4. **Leftovers.** People still unplaced try to pair with each other, then to fill again; whoever is left fits
 *    nowhere in this chunk and is handed back.
 *
 * @param weights the chunk's pair weights (already including jitter and priority boosts).
 * @param size the target group size.
 */
export function buildGroups(weights: PairWeights, size: GroupSize): BuiltGroups {
  const everyone = Array.from({ length: weights.count }, (_, i) => i);
  const { pairs, singles } = matchPairs(everyone, weights);

  const n = weights.count;
  const wanted = size === 2 ? pairs.length : size === 3 ? Math.floor(n / 3) : Math.round(n / 4);
  // Enough groups that nobody is left over once every group holds one more than the target.
  const coreCount = Math.min(pairs.length, Math.max(1, wanted, Math.ceil(n / (size + 1))));
  // Strongest pairs first; ties keep matching order so the result stays deterministic.
  const ranked = pairs
    .map((pair, order) => ({ pair, order }))
    .sort((x, y) => y.pair.weight - x.pair.weight || x.order - y.order);
  const groups = ranked.slice(0, coreCount).map(({ pair }) => [pair.i, pair.j]);
  let rest = singles.concat(ranked.slice(coreCount).flatMap(({ pair }) => [pair.i, pair.j]));

  rest = fillUpTo(groups, rest, size, weights);
  rest = fillUpTo(groups, rest, size + 1, weights);
  if (rest.length >= 2) {
    const late = matchPairs(rest, weights);
    groups.push(...late.pairs.map((p) => [p.i, p.j]));
    rest = fillUpTo(groups, late.singles, size + 1, weights);
  }
  return { groups, leftover: rest };
}

interface WeightedPair {
  i: number;
  j: number;
  weight: number;
}

function matchPairs(
  candidates: readonly number[],
  weights: PairWeights,
): { pairs: WeightedPair[]; singles: number[] } {
  const edges: WeightedEdge[] = [];
  for (let a = 0; a < candidates.length; a++) {
    for (let b = a + 1; b < candidates.length; b++) {
      const w = weights.weight(candidates[a]!, candidates[b]!);
      if (w >= 0) edges.push([a, b, w]);
    }
  }
  const mate = match(edges, candidates.length);
  const pairs: WeightedPair[] = [];
  const singles: number[] = [];
  mate.forEach((m, a) => {
    const i = candidates[a]!;
    if (m === -1) singles.push(i);
    else if (m > a) {
      const j = candidates[m]!;
      pairs.push({ i, j, weight: weights.weight(i, j) });
    }
  });
  // A sparsified graph can strand people whose best edges all lead into one clique (e.g. one time zone
  // with an odd head count); match the few stranded people again over all their edges.
  if (candidates.length > SPARSIFY_ABOVE && singles.length >= 2 && singles.length < candidates.length) {
    const again = matchPairs(singles, weights);
    return { pairs: pairs.concat(again.pairs), singles: again.singles };
  }
  return { pairs, singles };
}

/** Maximum-cardinality, maximum-weight matching; large graphs are sparsified first for speed. */
function match(edges: WeightedEdge[], vertexCount: number): number[] {
  const used =
    vertexCount > SPARSIFY_ABOVE ? keepBestEdges(edges, vertexCount, BEST_EDGES_PER_PERSON) : edges;
  return maxWeightMatching(used, { maxCardinality: true, vertexCount });
}

/** Average weight of `person` with everyone in `group`, or -1 when any pair is not allowed. */
export function fitWithGroup(person: number, group: readonly number[], weights: PairWeights): number {
  let sum = 0;
  for (const member of group) {
    const w = weights.weight(person, member);
    if (w < 0) return -1;
    sum += w;
  }
  return Math.round(sum / group.length);
}

/** Repeat fill rounds (each adds at most one person per group) until nobody more fits under `cap`. */
function fillUpTo(groups: number[][], singles: number[], cap: number, weights: PairWeights): number[] {
  let rest = singles;
  while (rest.length > 0) {
    const next = fillRound(groups, rest, cap, weights);
    if (next.length === rest.length) break;
    rest = next;
  }
  return rest;
}

function fillRound(
  groups: number[][],
  singles: readonly number[],
  cap: number,
  weights: PairWeights,
): number[] {
  const g = groups.length;
  const edges: WeightedEdge[] = [];
  for (let gi = 0; gi < g; gi++) {
    const group = groups[gi]!;
    if (group.length >= cap) continue;
    for (let si = 0; si < singles.length; si++) {
      const fit = fitWithGroup(singles[si]!, group, weights);
      if (fit >= 0) edges.push([gi, g + si, fit]);
    }
  }
  if (edges.length === 0) return singles.slice();
  const mate = match(edges, g + singles.length);
  const rest: number[] = [];
  singles.forEach((person, si) => {
    const gi = mate[g + si]!;
    if (gi === -1) rest.push(person);
    else groups[gi]!.push(person);
  });
  return rest;
}
