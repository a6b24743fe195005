/**
 * When a stored schedule fires. The rule's wall-clock times are read in a concrete IANA zone, so 09:30 stays
 * 09:30 local across daylight-saving changes. For `local` schedules the caller passes the member's own zone.
 *
 * The rule is expanded on the wall clock alone (as floating times, where no day has a gap or an overlap) and
 * each wall-clock time is then placed in the zone the RFC 5545 way (§3.3.5): a time that does not exist because
 * the clocks went forward is read with the offset from before the change, which moves it forward by the gap
 * (02:30 becomes 03:30), so it still arrives, once; a time that happens twice when the clocks go back is the
 * first of the two. (`rrule-temporal` on its own would skip the gap time.)
 */
import { RRuleTemporal } from 'rrule-temporal';
import { Temporal } from 'temporal-polyfill';
import type { Schedule } from './schedule.js';
import { isValidZone } from './zone.js';

/** How far back a catch-up looks for a missed firing. */
export const LOOKBACK_DAYS = 400;
const MAX_COUNT = 1000;
/** Wall-clock and real time differ near a change by at most a day (Samoa skipped one in 2011). */
const SLACK = { days: 1 };

/**
 * The next `count` firings strictly after `after`, in time order.
 * @param zone A concrete IANA zone: the schedule's own, or the member's zone when `schedule.zone` is `local`.
 * @throws Error when `zone` is not a concrete zone or the stored rule cannot be read (a programming error).
 */
export function nextOccurrences(schedule: Schedule, zone: string, after: Date, count: number): Date[] {
  const n = Math.min(Math.max(0, Math.floor(count)), MAX_COUNT);
  const rule = ruleFor(schedule.rrule, zone);
  return rule ? forward(rule, zone, after, false, n).map((f) => f.at) : [];
}

/**
 * The latest firing strictly before `before`, looking back at most {@link LOOKBACK_DAYS} days; for catching
 * up on a firing missed while the app was down.
 */
export function previousOccurrence(schedule: Schedule, zone: string, before: Date): Date | undefined {
  const rule = ruleFor(schedule.rrule, zone);
  if (!rule) return undefined;
  const limit = before.getTime() - LOOKBACK_DAYS * 24 * 60 * 60 * 1000;
  let cursor = floatingDate(wallAt(before, zone).add(SLACK));
  for (;;) {
    const prev = rule.previous(cursor, false);
    if (!prev) return undefined;
    const at = placeIn(wallOf(prev), zone);
    if (at.getTime() < limit) return undefined;
    if (at.getTime() < before.getTime()) return at;
    cursor = new Date(prev.epochMilliseconds);
  }
}

/**
 * The first firing at or after `now` of a rule body (no DTSTART) that starts on `from`'s day, as a wall-clock
 * time in `zone`. The schedule parser anchors DTSTART on it, so "every 2 weeks" counts from a day it fires.
 */
export function firstOnOrAfter(
  rruleBody: string,
  from: Temporal.PlainDate,
  zone: string,
  now: Date,
): Temporal.PlainDateTime | undefined {
  const rule = floating(`${formatDtstart(from.toPlainDateTime())}\nRRULE:${rruleBody}`);
  // The rule's own wall-clock time, not the instant read back: a gap time (02:30) is its DTSTART, not 03:30.
  return forward(rule, zone, now, true, 1)[0]?.wall;
}

/** `DTSTART:20260105T093000` for a floating local date-time. */
export function formatDtstart(dt: Temporal.PlainDateTime): string {
  return `DTSTART:${stamp(dt)}`;
}

/**
 * `DTSTART:20260306T100000Z`: the moment a `local` schedule was made. Each member's firings count from that
 * moment seen in their own zone, so no member loses a firing for being behind or ahead of UTC.
 */
export function formatMadeAt(now: Date): string {
  return `DTSTART:${stamp(wallAt(now, 'UTC'))}Z`;
}

function stamp(dt: Temporal.PlainDateTime): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(dt.year, 4)}${p(dt.month)}${p(dt.day)}T${p(dt.hour)}${p(dt.minute)}${p(dt.second)}`;
}

/**
 * The rule to expand for one zone, on floating wall-clock times. A stored DTSTART with `Z` is the moment a
 * `local` schedule was made: the rule then starts at its first firing at or after that moment in this zone
 * (undefined when it never fires). A floating DTSTART is used as it is.
 */
function ruleFor(rrule: string, zone: string): RRuleTemporal | undefined {
  if (!isValidZone(zone)) throw new Error(`not a concrete time zone: ${zone}`);
  const made = /^DTSTART:(\d{8}T\d{6})Z$/m.exec(rrule);
  if (!made) return floating(rrule);
  const at = new Date(Temporal.PlainDateTime.from(made[1]!).toZonedDateTime('UTC').epochMilliseconds);
  const body = /^RRULE:(.*)$/m.exec(rrule)?.[1] ?? '';
  const everyOne = body
    .split(';')
    .filter((part) => !part.startsWith('INTERVAL='))
    .join(';');
  const first = firstOnOrAfter(everyOne, wallAt(at, zone).toPlainDate(), zone, at);
  return first ? floating(`${formatDtstart(first)}\nRRULE:${body}`) : undefined;
}

/** A rule whose times are plain wall-clock times (floating, expanded as if in UTC, which has no changes). */
function floating(rrule: string): RRuleTemporal {
  return new RRuleTemporal({ rruleString: rrule, tzid: 'UTC' });
}

interface Firing {
  /** The rule's wall-clock time. */
  wall: Temporal.PlainDateTime;
  /** When that is in the zone. */
  at: Date;
}

/** Firings after (or, `inclusive`, at) `after`, placed in `zone`; the wall-clock search starts a day early. */
function forward(
  rule: RRuleTemporal,
  zone: string,
  after: Date,
  inclusive: boolean,
  count: number,
): Firing[] {
  const out: Firing[] = [];
  let cursor = floatingDate(wallAt(after, zone).subtract(SLACK));
  let first = true;
  while (out.length < count) {
    let next: ReturnType<RRuleTemporal['next']>;
    try {
      next = rule.next(cursor, first);
    } catch {
      // The library gives up after its iteration cap: a rule that (almost) never fires.
      break;
    }
    first = false;
    if (!next) break;
    cursor = new Date(next.epochMilliseconds);
    const wall = wallOf(next);
    const at = placeIn(wall, zone);
    const late = inclusive ? at.getTime() >= after.getTime() : at.getTime() > after.getTime();
    // Two wall times can land on one instant (02:30 moved to 03:30 when 03:30 also fires): one firing.
    if (late && at.getTime() !== out[out.length - 1]?.at.getTime()) out.push({ wall, at });
  }
  return out;
}

/** A wall-clock time in `zone`: a gap time moves forward by the gap, a repeated time is the earlier one. */
function placeIn(wall: Temporal.PlainDateTime, zone: string): Date {
  return new Date(wall.toZonedDateTime(zone, { disambiguation: 'compatible' }).epochMilliseconds);
}

function wallAt(instant: Date, zone: string): Temporal.PlainDateTime {
  return Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO(zone).toPlainDateTime();
}

function wallOf(z: { toPlainDateTime(): { toString(): string } }): Temporal.PlainDateTime {
  return Temporal.PlainDateTime.from(z.toPlainDateTime().toString());
}

/** The floating rule's cursor for a wall-clock time (that time read as UTC). */
function floatingDate(wall: Temporal.PlainDateTime): Date {
  return new Date(wall.toZonedDateTime('UTC').epochMilliseconds);
}
