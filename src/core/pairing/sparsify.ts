import type { WeightedEdge } from './blossom.js';

/**
 * Above this many people, the matcher sees only each person's best edges (see {@link keepBestEdges}).
 * Below it, matching is exact over every allowed pair.
 */
export const SPARSIFY_ABOVE = 64;

/** How many of each person's best edges are kept when sparsifying. */
export const BEST_EDGES_PER_PERSON = 24;

/**
 * Keep an edge only if it is among the `perVertex` heaviest edges of at least one of its two ends.
 *
 * Why: blossom's running time grows with the number of edges, and a complete graph of 300 people has 44,850.
 * A maximum-weight matching almost only uses edges near the top of each person's list, so keeping each
 * person's best 24 gave the same total weight as the full graph in every pool we tried, in a tenth of the
 * time. It is a heuristic, not a guarantee, which is why small pools (and all tests of exactness) skip it.
 * Everyone keeps min(perVertex, their degree) edges, so nobody loses their only allowed partners.
 *
 * @param edges the full edge list.
 * @param vertexCount number of vertices.
 * @param perVertex how many best edges each vertex keeps.
 * @returns a sub-list of `edges`, in their original order.
 */
export function keepBestEdges(
  edges: readonly WeightedEdge[],
  vertexCount: number,
  perVertex: number,
): WeightedEdge[] {
  const incident: number[][] = Array.from({ length: vertexCount }, () => []);
  edges.forEach(([i, j], k) => {
    incident[i]!.push(k);
    incident[j]!.push(k);
  });
  const keep = new Uint8Array(edges.length);
  for (const list of incident) {
    if (list.length <= perVertex) {
      for (const k of list) keep[k] = 1;
      continue;
    }
    // Ties broken by edge order, so the result is deterministic.
    list.sort((x, y) => edges[y]![2] - edges[x]![2] || x - y);
    for (let t = 0; t < perVertex; t++) keep[list[t]!] = 1;
  }
  return edges.filter((_, k) => keep[k] === 1);
}
