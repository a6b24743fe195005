/**
 * Child process of the matching benchmark: simulate 26 rounds of one algorithm on one pool, then the measured
 * 27th round with everyone in it and 26 rounds of history. Reports timing, memory, CPU and quality figures.
 */
import { formGroups } from '../../src/core/pairing/form-groups.js';
import type { PairHistory } from '../../src/core/pairing/pairing-types.js';
import { pairKey } from '../../src/core/pairing/pair-score.js';
import { randomGroups } from '../../src/core/pairing/random-groups.js';
import { childInput, reportResult } from '../lib/child.js';
import { selfPeakRssMb } from '../lib/proc.js';
import { makePopulation } from './population.js';

export interface MatchingInput {
  size: number;
  algorithm: 'form' | 'random';
  seed: number;
  /** Rounds of history before the measured round. */
  rounds: number;
}

export interface MatchingOutput {
  finalRoundMs: number;
  finalRoundCpuMs: number;
  slowestRoundMs: number;
  peakRssMb: number;
  /** Pairs in the measured round's groups who had met before. */
  finalRepeats: number;
  /** The fewest repeats possible in the measured round: 0 when a repeat-free grouping provably exists, else null (unknown). */
  finalMinRepeats: number | null;
  /** Pairs grouped that had met before, over every round. */
  totalRepeats: number;
  /** Blocked pairs put in one group, over every round. */
  blockedGrouped: number;
  /** Share of grouped pairs from different organisations, over every round (%). */
  crossOrgPct: number;
  /** Share of available members who were grouped, over every round (%). */
  groupedPct: number;
  /** Available but left out, summed over every round. */
  leftOut: number;
  /** Std-dev over members of the number of times grouped in the simulated rounds. */
  timesGroupedStd: number;
}

const DAY = 86_400_000;

function pairsOf(group: string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i < group.length; i++)
    for (let j = i + 1; j < group.length; j++) out.push([group[i]!, group[j]!]);
  return out;
}

/**
 * With pairs and an even pool, a repeat-free grouping exists when every member has at most n/2 − 1 people they
 * cannot meet afresh (met before or blocked): the complement graph then has minimum degree ≥ n/2, so by Dirac's
 * theorem it has a Hamiltonian cycle, and every other edge of that cycle is a perfect matching.
 */
function repeatFreeExists(ids: string[], met: Set<string>, blocked: Set<string>): boolean {
  if (ids.length % 2 !== 0) return false;
  const degree = new Map<string, number>();
  for (const key of new Set([...met, ...blocked])) {
    const [a, b] = key.split('\u0000') as [string, string];
    degree.set(a, (degree.get(a) ?? 0) + 1);
    degree.set(b, (degree.get(b) ?? 0) + 1);
  }
  const limit = ids.length / 2 - 1;
  return ids.every((id) => (degree.get(id) ?? 0) <= limit);
}

function main(): void {
  const input = childInput<MatchingInput>();
  const population = makePopulation(input.size, input.rounds, input.seed);
  const blocked = new Set(population.blocked.map(([a, b]) => pairKey(a, b)));
  const orgOf = new Map(population.members.map((m) => [m.id, m.org]));
  const history: PairHistory[] = [];
  const met = new Set<string>();
  const timesGrouped = new Map(population.members.map((m) => [m.id, 0]));
  let lastUnplaced: string[] = [];
  let totalRepeats = 0;
  let blockedGrouped = 0;
  let pairs = 0;
  let crossOrg = 0;
  let availableSum = 0;
  let groupedSum = 0;
  let slowest = 0;
  const out = {
    finalRoundMs: 0,
    finalRoundCpuMs: 0,
    finalRepeats: 0,
    finalMinRepeats: null as number | null,
  };

  for (let round = 0; round <= input.rounds; round++) {
    const now = new Date(Date.UTC(2025, 5, 2) + round * 14 * DAY);
    const pool = population.members.filter((m) => population.available[round]!.has(m.id));
    const final = round === input.rounds;
    if (final)
      out.finalMinRepeats = repeatFreeExists(
        pool.map((m) => m.id),
        met,
        blocked,
      )
        ? 0
        : null;
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    const result =
      input.algorithm === 'form'
        ? formGroups({
            members: pool,
            history,
            blocked: population.blocked,
            size: 2,
            now,
            seed: input.seed * 1000 + round,
            lastUnplaced,
          })
        : randomGroups({ members: pool, size: 2, seed: input.seed * 1000 + round });
    const ms = performance.now() - t0;
    const used = process.cpuUsage(cpu);
    slowest = Math.max(slowest, ms);
    lastUnplaced = result.unplaced.map((u) => u.memberId);

    let roundRepeats = 0;
    let grouped = 0;
    for (const g of result.groups) {
      grouped += g.length;
      if (!final) for (const id of g) timesGrouped.set(id, timesGrouped.get(id)! + 1);
      for (const [a, b] of pairsOf(g)) {
        const key = pairKey(a, b);
        if (met.has(key)) roundRepeats++;
        if (blocked.has(key)) blockedGrouped++;
        pairs++;
        if (orgOf.get(a) !== orgOf.get(b)) crossOrg++;
      }
    }
    for (const g of result.groups) {
      for (const [a, b] of pairsOf(g)) {
        met.add(pairKey(a, b));
        history.push({ a, b, at: now });
      }
    }
    totalRepeats += roundRepeats;
    availableSum += pool.length;
    groupedSum += grouped;
    if (final) {
      out.finalRoundMs = ms;
      out.finalRoundCpuMs = (used.user + used.system) / 1000;
      out.finalRepeats = roundRepeats;
    }
  }

  const counts = [...timesGrouped.values()];
  const mean = counts.reduce((s, c) => s + c, 0) / counts.length;
  const std = Math.sqrt(counts.reduce((s, c) => s + (c - mean) ** 2, 0) / counts.length);
  reportResult({
    ...out,
    slowestRoundMs: slowest,
    peakRssMb: selfPeakRssMb(),
    totalRepeats,
    blockedGrouped,
    crossOrgPct: (100 * crossOrg) / pairs,
    groupedPct: (100 * groupedSum) / availableSum,
    leftOut: availableSum - groupedSum,
    timesGroupedStd: std,
  } satisfies MatchingOutput);
}

main();
