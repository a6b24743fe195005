import type { PairHistory, PoolMember } from './pairing-types.js';

/**
 * How much a pair is worth meeting. Scores are whole numbers (the matcher is exact on integers; they stay far
 * below 2^53) in four tiers, each far larger than everything below it, so the matcher's choice reads like a
 * sorted list:
 *
 * 1. organisation — two people of the same organisation are grouped only when no grouping avoids it, as action
 *    learning sets do: every pair not known to share an organisation gets `acrossOrgs` (20,000,000), more than
 *    the lower tiers can add up to over a whole chunk of 200 people (100 pairs × about 100,100), so one
 *    same-organisation pair fewer always wins, whatever the history;
 * 2. history — never met beats met long ago beats met recently. The gap between "never met" and "met a year
 *    or more ago" (50,000) is larger than what the lower tiers can add up to over a chunk (100 pairs × 99), so
 *    a repeat is only chosen when no repeat-free grouping exists with as few same-organisation pairs;
 * 3. organisation again, finer — a different organisation (or, when one of the two has not said, a different
 *    workspace) scores higher, for learning across sectors;
 * 4. working hours — closer UTC offsets share more of the working day.
 *
 * The seeded tie-breaking jitter and the priority boost for people left out last round (above every tier:
 * nobody is left out twice running to avoid a same-organisation pair) are added by the grouping step, not here,
 * so this stays a pure function of the two people.
 */
export const SCORE = {
  /** Tier 1: for every pair not known to share an organisation. */
  acrossOrgs: 20_000_000,
  neverMet: 100_000,
  /** A repeat with someone met a moment ago. */
  metRecently: 10_000,
  /** A repeat with someone met `forgetAfterDays` or more ago. */
  metLongAgo: 50_000,
  forgetAfterDays: 365,
  differentOrg: 60,
  differentWorkspaceOrgUnknown: 40,
  sameWorkspaceOrgUnknown: 20,
  sameOrg: 0,
  /** Score for identical offsets, falling to 0 at `workdayMinutes` apart. */
  sameHours: 30,
  workdayMinutes: 8 * 60,
  /** Tie-breaking jitter is a whole number below this. */
  jitter: 10,
  /**
   * Added per member who was unplaced last round, on every edge touching them: above the organisation tier
   * summed over a chunk (100 pairs × 20,100,000).
   */
  priorityBoost: 5_000_000_000,
} as const;

const DAY_MS = 24 * 60 * 60 * 1000;

/** A key for an unordered pair of ids. */
export function pairKey(a: string, b: string): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}

/**
 * The most recent meeting of each pair.
 * @param history past groupings, any order.
 * @returns a map from {@link pairKey} to the latest date they met.
 */
export function lastMetIndex(history: readonly PairHistory[]): Map<string, Date> {
  const index = new Map<string, Date>();
  for (const h of history) {
    if (h.a === h.b) continue;
    const key = pairKey(h.a, h.b);
    const seen = index.get(key);
    if (!seen || seen.getTime() < h.at.getTime()) index.set(key, h.at);
  }
  return index;
}

/** Minutes between two UTC offsets around the clock (UTC+12 and UTC−11 are an hour apart). */
export function offsetDistanceMinutes(a: number, b: number): number {
  const d = Math.abs(a - b) % 1440;
  return Math.min(d, 1440 - d);
}

/** An organisation name as compared: trimmed, spaces collapsed, lower case; undefined when empty. */
export function normaliseOrg(org: string | undefined | null): string | undefined {
  const n = org?.trim().replace(/\s+/g, ' ').toLowerCase();
  return n ? n : undefined;
}

function orgScore(a: PoolMember, b: PoolMember): number {
  const orgA = normaliseOrg(a.org);
  const orgB = normaliseOrg(b.org);
  if (orgA && orgB) return orgA === orgB ? SCORE.sameOrg : SCORE.acrossOrgs + SCORE.differentOrg;
  const unknown = SCORE.acrossOrgs;
  return (
    unknown +
    (a.workspaceId === b.workspaceId ? SCORE.sameWorkspaceOrgUnknown : SCORE.differentWorkspaceOrgUnknown)
  );
}

function historyScore(lastMetAt: Date | undefined, now: Date): number {
  if (!lastMetAt) return SCORE.neverMet;
  const days = Math.max(0, (now.getTime() - lastMetAt.getTime()) / DAY_MS);
  const faded = Math.min(1, days / SCORE.forgetAfterDays);
  return Math.round(SCORE.metRecently + (SCORE.metLongAgo - SCORE.metRecently) * faded);
}

function hoursScore(a: PoolMember, b: PoolMember): number {
  const apart = offsetDistanceMinutes(a.utcOffsetMinutes, b.utcOffsetMinutes);
  return Math.round((SCORE.sameHours * Math.max(0, SCORE.workdayMinutes - apart)) / SCORE.workdayMinutes);
}

/**
 * Score a possible pair (higher is better); always a positive whole number. Blocks are not considered here:
 * a blocked pair gets no edge at all.
 * @param a one member.
 * @param b another member.
 * @param context `now`, and when they last shared a group, if ever.
 */
export function scorePair(a: PoolMember, b: PoolMember, context: { now: Date; lastMetAt?: Date }): number {
  return historyScore(context.lastMetAt, context.now) + orgScore(a, b) + hoursScore(a, b);
}
