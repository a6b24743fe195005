import type { GroupSize, PoolMember } from './pairing-types.js';
import { mulberry32, shuffled } from './seeded-random.js';

export interface RandomGroupsResult {
  groups: string[][];
  /** The person dropped when one is left over. */
  unplaced: Array<{ memberId: string; reason: 'odd-one-out' }>;
}

/**
 * The baseline we measure {@link formGroups} against: shuffle the pool and cut it into groups, as the
 * open-source Icebreaker bot does for pairs. It ignores history, organisations, time zones and blocks, and
 * a person who does not fit a whole group is dropped (returned in `unplaced` as `odd-one-out`) — the
 * behaviour Roundtable exists to improve on. For benchmarks and tests only; never use it for a real round.
 *
 * A remainder of two or more people forms a smaller group; a remainder of one is dropped.
 *
 * @param input the pool, the group size and a seed.
 */
export function randomGroups(input: {
  members: readonly PoolMember[];
  size: GroupSize;
  seed: number;
}): RandomGroupsResult {
  const order = shuffled(input.members, mulberry32(input.seed));
  const groups: string[][] = [];
  for (let i = 0; i < order.length; i += input.size) {
    groups.push(order.slice(i, i + input.size).map((m) => m.id));
  }
  const last = groups.at(-1);
  if (last && last.length === 1) {
    groups.pop();
    return { groups, unplaced: [{ memberId: last[0]!, reason: 'odd-one-out' }] };
  }
  return { groups, unplaced: [] };
}
