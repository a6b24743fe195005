import { maxWeightMatching, type WeightedEdge } from './blossom.js';
import { buildGroups, fitWithGroup, type PairWeights } from './build-groups.js';
import { lastMetIndex, normaliseOrg, pairKey, SCORE, scorePair } from './pair-score.js';
import type { FormGroupsInput, FormGroupsResult, PoolMember, Unplaced } from './pairing-types.js';
import { mulberry32, randomInt, type RandomSource, shuffled } from './seeded-random.js';

/**
 * The largest set of people matched in one go. Blossom is O(n^3), so a large pool is cut into chunks and each
 * is matched on its own. With 200 (and the sparsified graph, see `sparsify.ts`) one chunk takes well under
 * 0.1 s once warm: 1,000 leaders (5 chunks) group in about 0.4 s and 5,000 (25 chunks) in about 1 s on a busy
 * 2-core machine. Larger chunks gave no better groups in our trials, only slower ones.
 *
 * The trade-off: nobody is grouped with someone from another chunk, so a large pool gets a very good grouping
 * within each chunk rather than the best one overall. Chunks are cut from the pool sorted by UTC offset (people
 * in similar hours stay together, which they would prefer anyway), and people with the same offset are in a
 * fresh seeded order each round, so over rounds everyone can still meet everyone in their hours. Leftovers
 * of a chunk get a second chance against every group in the pool.
 */
export const MAX_CHUNK = 200;

/**
 * Form this round's pairs or circles.
 *
 * Everyone is placed if at all possible: an odd person joins a trio. Someone is returned in `unplaced`, with
 * a reason, only when every group they could join would put them with someone blocked, on a "never with"
 * list, or from an organisation either of them chose to avoid (or nobody else is in the pool). People unplaced last round (`lastUnplaced`) get priority.
 * The result depends only on the input and the seed, not on the order of `members`.
 *
 * @param input the pool, their history and blocks, the group size, the clock and a seed.
 * @returns groups of member ids, and the people who could not be placed.
 * @throws RangeError when a member id appears twice or the size is not 2, 3 or 4.
 */
export function formGroups(input: FormGroupsInput): FormGroupsResult {
  const { size } = input;
  if (size !== 2 && size !== 3 && size !== 4)
    throw new RangeError(`group size must be 2, 3 or 4, not ${size}`);
  const ids = new Set<string>();
  for (const m of input.members) {
    if (ids.has(m.id)) throw new RangeError('a member appears twice in the pool');
    ids.add(m.id);
  }

  const random = mulberry32(input.seed);
  const byId = [...input.members].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const pool = shuffled(byId, random);
  const context: ScoringContext = {
    blocked: new Set(input.blocked.map(([a, b]) => pairKey(a, b))),
    lastMet: lastMetIndex(input.history),
    priority: new Set(input.lastUnplaced ?? []),
    now: input.now,
  };

  const groups: PoolMember[][] = [];
  const leftovers: PoolMember[] = [];
  for (const chunk of partition(pool)) {
    const built = buildGroups(chunkWeights(chunk, context, random), size);
    for (const g of built.groups) groups.push(g.map((i) => chunk[i]!));
    for (const i of built.leftover) leftovers.push(chunk[i]!);
  }

  const stillLeft = placeLeftovers(groups, leftovers, size + 1, context);
  const unplaced: Unplaced[] = stillLeft.map((m) => ({
    memberId: m.id,
    reason: reasonFor(m, pool, context),
  }));
  return { groups: groups.map((g) => g.map((m) => m.id)), unplaced };
}

interface ScoringContext {
  blocked: Set<string>;
  lastMet: Map<string, Date>;
  priority: Set<string>;
  now: Date;
}

function allowed(a: PoolMember, b: PoolMember, context: ScoringContext): boolean {
  return a.id !== b.id && !context.blocked.has(pairKey(a.id, b.id)) && !avoids(a, b) && !avoids(b, a);
}

/** `a` chose not to be grouped with people from `b`'s organisation. */
function avoids(a: PoolMember, b: PoolMember): boolean {
  if (!a.avoidOrgs?.length) return false;
  const org = normaliseOrg(b.org);
  return org !== undefined && a.avoidOrgs.some((o) => normaliseOrg(o) === org);
}

/** Pair score plus the priority boost; no jitter (used outside a chunk, where order decides ties). */
function boostedScore(a: PoolMember, b: PoolMember, context: ScoringContext): number {
  const lastMetAt = context.lastMet.get(pairKey(a.id, b.id));
  const base = scorePair(a, b, lastMetAt ? { now: context.now, lastMetAt } : { now: context.now });
  const boosts = (context.priority.has(a.id) ? 1 : 0) + (context.priority.has(b.id) ? 1 : 0);
  return base + boosts * SCORE.priorityBoost;
}

/** Split a large pool into near-equal chunks of people in neighbouring time zones. */
function partition(pool: PoolMember[]): PoolMember[][] {
  if (pool.length <= MAX_CHUNK) return [pool];
  // Array.prototype.sort is stable, so equal offsets keep their seeded shuffled order.
  const sorted = [...pool].sort((a, b) => a.utcOffsetMinutes - b.utcOffsetMinutes);
  const count = Math.ceil(sorted.length / MAX_CHUNK);
  const chunks: PoolMember[][] = [];
  for (let c = 0; c < count; c++) {
    chunks.push(
      sorted.slice(Math.floor((c * sorted.length) / count), Math.floor(((c + 1) * sorted.length) / count)),
    );
  }
  return chunks;
}

/** A dense weight table for one chunk, with seeded jitter to break ties between equally good pairs. */
function chunkWeights(chunk: PoolMember[], context: ScoringContext, random: RandomSource): PairWeights {
  const n = chunk.length;
  // Float64: weights reach billions with the priority boost (exact below 2^53).
  const table = new Float64Array(n * n).fill(-1);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const a = chunk[i]!;
      const b = chunk[j]!;
      // Draw jitter for every pair, blocked or not, so one block does not reshuffle everyone else's ties.
      const jitter = randomInt(random, SCORE.jitter);
      if (!allowed(a, b, context)) continue;
      const w = boostedScore(a, b, context) + jitter;
      table[i * n + j] = w;
      table[j * n + i] = w;
    }
  }
  return { count: n, weight: (i, j) => table[i * n + j]! };
}

/**
 * Give each chunk's leftovers a second chance across the whole pool: join any group with room where every
 * pair is allowed (best average score first), then pair up with each other.
 */
function placeLeftovers(
  groups: PoolMember[][],
  leftovers: PoolMember[],
  cap: number,
  context: ScoringContext,
): PoolMember[] {
  if (leftovers.length === 0) return [];
  const people = [...groups.flat(), ...leftovers];
  const indexOf = new Map(people.map((m, i) => [m.id, i]));
  const weights: PairWeights = {
    count: people.length,
    weight: (i, j) =>
      allowed(people[i]!, people[j]!, context) ? boostedScore(people[i]!, people[j]!, context) : -1,
  };
  const asIndices = (list: PoolMember[]): number[] => list.map((m) => indexOf.get(m.id)!);

  // People with priority choose first.
  const ordered = [...leftovers].sort(
    (a, b) => Number(context.priority.has(b.id)) - Number(context.priority.has(a.id)),
  );
  const rest: PoolMember[] = [];
  for (const person of ordered) {
    const p = indexOf.get(person.id)!;
    let best = -1;
    let bestFit = -1;
    groups.forEach((group, gi) => {
      if (group.length >= cap) return;
      const fit = fitWithGroup(p, asIndices(group), weights);
      if (fit > bestFit) {
        bestFit = fit;
        best = gi;
      }
    });
    if (best >= 0) groups[best]!.push(person);
    else rest.push(person);
  }
  if (rest.length < 2) return rest;

  const edges: WeightedEdge[] = [];
  for (let a = 0; a < rest.length; a++) {
    for (let b = a + 1; b < rest.length; b++) {
      if (allowed(rest[a]!, rest[b]!, context)) edges.push([a, b, boostedScore(rest[a]!, rest[b]!, context)]);
    }
  }
  const mate = maxWeightMatching(edges, { maxCardinality: true, vertexCount: rest.length });
  const single: PoolMember[] = [];
  mate.forEach((m, a) => {
    if (m === -1) single.push(rest[a]!);
    else if (m > a) groups.push([rest[a]!, rest[m]!]);
  });
  return single;
}

function reasonFor(
  person: PoolMember,
  pool: readonly PoolMember[],
  context: ScoringContext,
): Unplaced['reason'] {
  if (pool.length < 2) return 'alone-in-pool';
  return pool.some((other) => allowed(person, other, context)) ? 'no-compatible-group' : 'no-allowed-partner';
}
