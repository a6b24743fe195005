/**
 * Who gets a mix nudge: for each band, a seeded random choice among the people who could be asked. Candidates
 * are sorted by id first, so the choice depends only on the seed, not on the order rows came back in.
 */
import type { Group } from '../commands/command.js';

/**
 * One way a person could be asked: by their band, or (`lived-experience`) because they said they have lived
 * experience. A person may be listed once per group they are in; they are still picked at most once.
 */
export interface NudgeCandidate {
  memberId: string;
  band: Group;
}

/**
 * Pick up to `count` candidates of each planned band. Nobody is picked twice, and a candidate whose band is not
 * in the plan is never picked.
 * @param random a seeded source of numbers in [0, 1)
 */
export function selectNudges(
  candidates: readonly NudgeCandidate[],
  plan: ReadonlyArray<{ band: Group; count: number }>,
  random: () => number,
): NudgeCandidate[] {
  const picked: NudgeCandidate[] = [];
  const seen = new Set<string>();
  for (const { band, count } of plan) {
    if (count <= 0) continue;
    const pool = candidates
      .filter((c) => c.band === band && !seen.has(c.memberId))
      .sort((a, b) => (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0));
    // Partial Fisher–Yates: the first `count` slots are a uniform random choice.
    for (let i = 0; i < Math.min(count, pool.length); i++) {
      const j = i + Math.min(pool.length - 1 - i, Math.floor(random() * (pool.length - i)));
      [pool[i], pool[j]] = [pool[j]!, pool[i]!];
      seen.add(pool[i]!.memberId);
      picked.push(pool[i]!);
    }
  }
  return picked;
}
