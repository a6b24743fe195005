/**
 * The data a pairing round works on. Ids are opaque member ids from the store, never platform ids shown to
 * anyone; nothing here names a person.
 */

/** A leader who has opted in to the peer-support pool. */
export interface PoolMember {
  id: string;
  /** The organisation they work for, as they typed it; compared case-insensitively. */
  org?: string;
  /** The workspace they joined from; a different workspace usually means a different organisation. */
  workspaceId: string;
  /** Current UTC offset of their IANA zone, in minutes (e.g. 60 for Europe/London in summer). */
  utcOffsetMinutes: number;
  /** Organisations they chose not to be grouped with ("not with people from …"), any case. */
  avoidOrgs?: readonly string[];
}

/** Two members were in the same group at `at` (the start of that round). */
export interface PairHistory {
  a: string;
  b: string;
  at: Date;
}

/** Group size the admin chose: pairs by default, or small circles of 3 or 4. */
export type GroupSize = 2 | 3 | 4;

export interface FormGroupsInput {
  members: readonly PoolMember[];
  history: readonly PairHistory[];
  /** Pairs who must never share a group: blocks and "never with" choices, in either order. */
  blocked: ReadonlyArray<readonly [string, string]>;
  size: GroupSize;
  now: Date;
  /** Seeds the tie-breaking jitter and the shuffle; the same input and seed give the same groups. */
  seed: number;
  /** Members who could not be placed last round; they get priority this round. */
  lastUnplaced?: readonly string[];
}

/**
 * Why someone could not be placed, so the caller can tell them kindly:
 * - `alone-in-pool`: nobody else is in the pool this round;
 * - `no-allowed-partner`: every other member is blocked or on a "never with" list (theirs or the other's);
 * - `no-compatible-group`: the people they could meet were all placed in groups they cannot join.
 */
export type UnplacedReason = 'alone-in-pool' | 'no-allowed-partner' | 'no-compatible-group';

export interface Unplaced {
  memberId: string;
  reason: UnplacedReason;
}

export interface FormGroupsResult {
  /** Member ids per group. */
  groups: string[][];
  unplaced: Unplaced[];
}
