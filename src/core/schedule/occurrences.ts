/**
 * When a stored schedule fires. The rule's wall-clock times are read in a concrete IANA zone, so 09:30 stays
 * 09:30 local across daylight-saving changes. For `local` schedules the caller passes the member's own zone.
 */
import { RRuleTemporal } from 'rrule-temporal';
import { Temporal } from 'temporal-polyfill';
import type { Schedule } from './schedule.js';
import { isValidZone } from './zone.js';

/** How far back a catch-up looks for a missed firing. */
export const LOOKBACK_DAYS = 400;
const MAX_COUNT = 1000;

/**
 * The next `count` firings strictly after `after`, in time order.
 * @param zone A concrete IANA zone: the schedule's own, or the member's zone when `schedule.zone` is `local`.
 * @throws Error when `zone` is not a concrete zone or the stored rule cannot be read (a programming error).
 */
export function nextOccurrences(schedule: Schedule, zone: string, after: Date, count: number): Date[] {
  const rule = ruleFor(schedule.rrule, zone);
  const out: Date[] = [];
  let cursor: Date = after;
  const n = Math.min(Math.max(0, Math.floor(count)), MAX_COUNT);
  while (out.length < n) {
    const next = rule.next(cursor, false);
    if (!next) break;
    const date = new Date(next.epochMilliseconds);
    out.push(date);
    cursor = date;
  }
  return out;
}

/**
 * The latest firing strictly before `before`, looking back at most {@link LOOKBACK_DAYS} days; for catching
 * up on a firing missed while the app was down.
 */
export function previousOccurrence(schedule: Schedule, zone: string, before: Date): Date | undefined {
  const rule = ruleFor(schedule.rrule, zone);
  const prev = rule.previous(before, false);
  if (!prev) return undefined;
  const limit = before.getTime() - LOOKBACK_DAYS * 24 * 60 * 60 * 1000;
  return prev.epochMilliseconds >= limit ? new Date(prev.epochMilliseconds) : undefined;
}

/**
 * The first firing at or after `now` of a rule body (no DTSTART) anchored at the start of `from`'s day.
 * Used by the schedule parser to anchor DTSTART on a day the rule really fires.
 */
export function firstOnOrAfter(
  rruleBody: string,
  from: Temporal.PlainDate,
  zone: string,
  now: Date,
): Temporal.PlainDateTime | undefined {
  const rule = new RRuleTemporal({
    rruleString: rruleBody,
    dtstart: from.toZonedDateTime({ timeZone: zone }),
  });
  try {
    const hit = rule.next(now, true);
    return hit ? Temporal.PlainDateTime.from(hit.toPlainDateTime().toString()) : undefined;
  } catch {
    // The library gives up after its iteration cap: a rule that (almost) never fires.
    return undefined;
  }
}

/** `DTSTART:20260105T093000` for a floating local date-time. */
export function formatDtstart(dt: Temporal.PlainDateTime): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `DTSTART:${p(dt.year, 4)}${p(dt.month)}${p(dt.day)}T${p(dt.hour)}${p(dt.minute)}${p(dt.second)}`;
}

function ruleFor(rrule: string, zone: string): RRuleTemporal {
  if (!isValidZone(zone)) throw new Error(`not a concrete time zone: ${zone}`);
  // The stored DTSTART is floating (no TZID): `tzid` places its wall-clock time in the zone asked for.
  return new RRuleTemporal({ rruleString: rrule, tzid: zone });
}
