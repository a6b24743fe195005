/**
 * A synthetic but plausible pool of leaders: 20 organisations of uneven size, 4 workspaces, mostly UK hours with
 * a spread of other zones, a few blocked pairs, and who is available each round. Seeded, so every run and both
 * algorithms see exactly the same people.
 */
import type { PoolMember } from '../../src/core/pairing/pairing-types.js';
import { mulberry32, type RandomSource } from '../../src/core/pairing/seeded-random.js';

/** UTC offsets (minutes) and how common they are: most leaders in the UK, some across Europe, Africa, Asia, the Americas. */
const OFFSETS: ReadonlyArray<readonly [number, number]> = [
  [0, 55],
  [60, 12],
  [120, 5],
  [180, 4],
  [330, 6],
  [480, 3],
  [600, 4],
  [780, 2],
  [-300, 6],
  [-360, 2],
  [-480, 1],
];

export const ORGANISATIONS = 20;
export const WORKSPACES = 4;

function weighted<T>(random: RandomSource, items: ReadonlyArray<readonly [T, number]>): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let r = random() * total;
  for (const [v, w] of items) {
    r -= w;
    if (r < 0) return v;
  }
  return items.at(-1)![0];
}

export interface Population {
  members: PoolMember[];
  /** Pairs who must never be grouped (about one per 200 members). */
  blocked: Array<[string, string]>;
  /** `available[round]` is the set of ids in that round's pool. */
  available: Array<Set<string>>;
}

/**
 * @param size number of leaders.
 * @param rounds number of simulated rounds before the measured one; each member is in a given round's pool with
 *   probability 0.9 (leave, caseload), and everyone is in the final, measured round.
 * @param seed makes it reproducible.
 */
export function makePopulation(size: number, rounds: number, seed: number): Population {
  const random = mulberry32(seed);
  // Organisation sizes follow 1/k: a few big providers and many small ones.
  const orgWeights: Array<readonly [string, number]> = Array.from({ length: ORGANISATIONS }, (_, k) => [
    `org-${String(k + 1).padStart(2, '0')}`,
    1 / (k + 1),
  ]);
  const members: PoolMember[] = [];
  for (let i = 0; i < size; i++) {
    members.push({
      id: `m${String(i).padStart(5, '0')}`,
      org: weighted(random, orgWeights),
      workspaceId: `w${Math.floor(random() * WORKSPACES)}`,
      utcOffsetMinutes: weighted(random, OFFSETS),
    });
  }
  const blocked: Array<[string, string]> = [];
  for (let b = 0; b < Math.max(1, Math.floor(size / 200)); b++) {
    const x = members[Math.floor(random() * size)]!.id;
    const y = members[Math.floor(random() * size)]!.id;
    if (x !== y) blocked.push([x, y]);
  }
  const available: Array<Set<string>> = [];
  for (let r = 0; r < rounds; r++) {
    available.push(new Set(members.filter(() => random() < 0.9).map((m) => m.id)));
  }
  available.push(new Set(members.map((m) => m.id)));
  return { members, blocked, available };
}
