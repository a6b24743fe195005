/**
 * ISO 8601 weeks (Monday to Sunday) in a given time zone: the only unit the check-in report counts in.
 * Whole weeks only, because a report of a week still in progress could be read twice and the difference would
 * single out whoever answered in between.
 */
import { Temporal } from 'temporal-polyfill';

/** A whole ISO week: its label and the instants it spans in the zone (`end` exclusive). */
export interface IsoWeekRange {
  /** e.g. `2026-W47`. */
  isoWeek: string;
  /** Monday 00:00 in the zone. */
  start: Date;
  /** The next Monday 00:00 in the zone (exclusive). */
  end: Date;
}

const ISO_WEEK = /^(\d{4})-W(\d{2})$/;

function label(yearOfWeek: number, weekOfYear: number): string {
  return `${yearOfWeek}-W${String(weekOfYear).padStart(2, '0')}`;
}

/**
 * The ISO week (`YYYY-Www`) that `date` falls in, as seen in `zone` (an IANA zone).
 * 2027-01-01 is a Friday, so it belongs to `2026-W53`; 2024-12-30 is a Monday in `2025-W01`.
 * @throws RangeError for an unknown zone
 */
export function isoWeek(date: Date, zone: string): string {
  const local = Temporal.Instant.fromEpochMilliseconds(date.getTime()).toZonedDateTimeISO(zone);
  return label(local.yearOfWeek!, local.weekOfYear!);
}

/**
 * The `n` whole ISO weeks before the week containing `now` (in `zone`), oldest first. The current, unfinished
 * week is never included.
 * @throws RangeError when `n` is not a positive whole number, or for an unknown zone
 */
export function wholeWeeksBefore(now: Date, n: number, zone: string): IsoWeekRange[] {
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError(`weeks must be a whole number of at least 1, not ${n}`);
  const today = Temporal.Instant.fromEpochMilliseconds(now.getTime()).toZonedDateTimeISO(zone).toPlainDate();
  const thisMonday = today.subtract({ days: today.dayOfWeek - 1 });
  const weeks: IsoWeekRange[] = [];
  for (let back = n; back >= 1; back--) {
    const monday = thisMonday.subtract({ weeks: back });
    // toZonedDateTime without a time gives the start of that day in the zone, even across a clock change.
    const start = monday.toZonedDateTime({ timeZone: zone });
    const end = monday.add({ weeks: 1 }).toZonedDateTime({ timeZone: zone });
    weeks.push({
      isoWeek: label(monday.yearOfWeek!, monday.weekOfYear!),
      start: new Date(start.epochMilliseconds),
      end: new Date(end.epochMilliseconds),
    });
  }
  return weeks;
}

/**
 * The ISO week containing `now` (in `zone`), still in progress: Monday 00:00 to the next Monday 00:00 (exclusive).
 * @throws RangeError for an unknown zone
 */
export function currentWeek(now: Date, zone: string): IsoWeekRange {
  const today = Temporal.Instant.fromEpochMilliseconds(now.getTime()).toZonedDateTimeISO(zone).toPlainDate();
  const monday = today.subtract({ days: today.dayOfWeek - 1 });
  return {
    isoWeek: label(monday.yearOfWeek!, monday.weekOfYear!),
    start: new Date(monday.toZonedDateTime({ timeZone: zone }).epochMilliseconds),
    end: new Date(monday.add({ weeks: 1 }).toZonedDateTime({ timeZone: zone }).epochMilliseconds),
  };
}

/** True for a well-formed `YYYY-Www` label of a week that exists (W53 only in long years). */
export function isIsoWeek(value: string): boolean {
  const match = ISO_WEEK.exec(value);
  if (!match) return false;
  const week = Number(match[2]);
  return week >= 1 && week <= weeksInYear(Number(match[1]));
}

/** The Monday of an ISO week, as a calendar date (for showing "week of 16 Nov 2026"). */
export function isoWeekMonday(value: string): Temporal.PlainDate {
  const match = ISO_WEEK.exec(value);
  if (!match || !isIsoWeek(value)) throw new RangeError(`not an ISO week: ${value}`);
  const year = Number(match[1]);
  // 4 January is always in week 1; its Monday starts the ISO year.
  const jan4 = Temporal.PlainDate.from({ year, month: 1, day: 4 });
  return jan4.subtract({ days: jan4.dayOfWeek - 1 }).add({ weeks: Number(match[2]) - 1 });
}

/**
 * The instants an ISO week spans in `zone` (Monday 00:00 to the next Monday 00:00, exclusive).
 * @throws RangeError for a malformed week or an unknown zone
 */
export function isoWeekRange(value: string, zone: string): IsoWeekRange {
  const monday = isoWeekMonday(value);
  return {
    isoWeek: value,
    start: new Date(monday.toZonedDateTime({ timeZone: zone }).epochMilliseconds),
    end: new Date(monday.add({ weeks: 1 }).toZonedDateTime({ timeZone: zone }).epochMilliseconds),
  };
}

function weeksInYear(year: number): number {
  // 28 December is always in the last ISO week of its year.
  return Temporal.PlainDate.from({ year, month: 12, day: 28 }).weekOfYear!;
}
