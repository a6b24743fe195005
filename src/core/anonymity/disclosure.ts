/**
 * The disclosure rule: the one place that decides whether a figure about people may be shown to an admin, and
 * how. Every admin-visible count (check-in reports, `session mix`, `pairing status`, `checkin list`, `status`)
 * is made here, so the promise "admins only ever see totals over at least k people" is one piece of code.
 *
 * The rule, and why each part is there:
 * 1. **k counts distinct people, never rows.** The functions here take people (opaque ids) and count each once,
 *    so one person with many deliveries, answers or RSVPs is still one person ({@link distinctPeople}).
 * 2. **Suppression below k.** A figure over fewer than k people is not shown at all ("fewer than k"), and k is
 *    never below `MIN_K` (3), whatever is configured.
 * 3. **Rounding to the nearest {@link ROUNDING_BASE}.** Every shown count is a multiple of 5 (3 and 4 show as
 *    5, 7 as 5, 8 as 10), as UK official statistics round small counts. So adding or removing one person changes
 *    a shown count by 0 or by 5, never by exactly 1: two reads around one person's change (an RSVP, a pause, a
 *    "not this time") cannot be subtracted to learn what that person did. A figure derived from counts (a
 *    response rate, places left) is computed from the rounded counts only, so it says nothing more.
 * 4. **Frozen closed periods** (applied by the callers that own a period: check-in weeks, pairing rounds): once
 *    a period is closed and read, its figures are stored and never recomputed, so a later deletion (retention,
 *    `forget me`) or a late answer cannot be subtracted from a fresh report.
 *
 * Rounding is deterministic on purpose: the same people always give the same figure, so asking again gains
 * nothing (random noise would average away over repeated reads).
 */
import { effectiveK } from '../checkins/k-rule.js';

/** Shown counts are multiples of this (UK statistical disclosure control rounds to 5). */
export const ROUNDING_BASE = 5;

/** A count after the rule: a rounded number, or suppressed because fewer than k people are in it. */
export type Disclosed = { shown: true; value: number } | { shown: false };

/** How many different people, counting each once however many rows they have. */
export function distinctPeople(people: Iterable<string>): number {
  return new Set(people).size;
}

/** Round to the nearest {@link ROUNDING_BASE}, halves up; a positive count never rounds to 0. */
export function roundCount(n: number): number {
  if (!Number.isFinite(n) || n <= 0) return 0;
  return Math.max(ROUNDING_BASE, Math.round(n / ROUNDING_BASE) * ROUNDING_BASE);
}

/**
 * A count of distinct people (already distinct: count in SQL with `count(distinct member_id)`, or use
 * {@link disclosePeople}). Suppressed below k; otherwise rounded.
 */
export function discloseCount(distinctCount: number, k: number): Disclosed {
  if (!Number.isFinite(distinctCount) || distinctCount < effectiveK(k)) return { shown: false };
  return { shown: true, value: roundCount(distinctCount) };
}

/** {@link discloseCount} over people given by id: each person counts once. */
export function disclosePeople(people: Iterable<string>, k: number): Disclosed {
  return discloseCount(distinctPeople(people), k);
}

/**
 * Counts of distinct people per value (each person in one cell only), disclosed together: shown only when at
 * least k people are in the whole table; each cell is then rounded. A cell may show 0, and a small cell is never
 * suppressed on its own: suppressing only the small cells would itself point at them. Returns null when
 * suppressed.
 */
export function discloseCells<V>(
  cells: ReadonlyArray<{ value: V; count: number }>,
  k: number,
): Array<{ value: V; count: number }> | null {
  const total = cells.reduce((sum, c) => sum + Math.max(0, c.count), 0);
  if (total < effectiveK(k)) return null;
  return cells.map((c) => ({ value: c.value, count: roundCount(c.count) }));
}

/**
 * One value per person (say, their latest scale answer), disclosed as a count per value with
 * {@link discloseCells}. Returns null when fewer than k distinct people gave a value.
 * @param entries in order; a person listed more than once keeps their last value only.
 */
export function discloseDistribution<V extends string | number>(
  entries: Iterable<{ person: string; value: V }>,
  values: readonly V[],
  k: number,
): Array<{ value: V; count: number }> | null {
  const byPerson = new Map<string, V>();
  for (const e of entries) if (values.includes(e.value)) byPerson.set(e.person, e.value);
  const raw = new Map<V, number>();
  for (const v of byPerson.values()) raw.set(v, (raw.get(v) ?? 0) + 1);
  return discloseCells(
    values.map((value) => ({ value, count: raw.get(value) ?? 0 })),
    k,
  );
}

/** A whole percent from two disclosed counts only (never from the exact ones), or null when either is hidden. */
export function disclosedPercent(part: Disclosed, whole: Disclosed): number | null {
  if (!part.shown || !whole.shown || whole.value === 0) return null;
  return Math.min(100, Math.round((part.value / whole.value) * 100));
}

/** Words for a disclosed count: "about 10", or "fewer than 5" when suppressed. */
export function countWords(d: Disclosed, k: number): string {
  return d.shown ? `about ${d.value}` : `fewer than ${effectiveK(k)}`;
}

/** The sentence every report carries under its figures. */
export function roundingNote(k: number): string {
  return `Figures count people, not messages, are rounded to the nearest ${ROUNDING_BASE}, and are shown only when at least ${effectiveK(k)} people are in them.`;
}
