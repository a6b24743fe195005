/**
 * Converts a 5-field cron expression into an equivalent RFC 5545 RRULE (without DTSTART).
 * `cron-parser` validates and expands the fields; the conversion refuses what a RRULE cannot say exactly.
 */
import { CronExpressionParser } from 'cron-parser';
import { Fail } from '../commands/cursor.js';

const RRULE_DAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;

/** Roundtable is a reflection tool: more than hourly is a mistake, not a cadence. */
export const MAX_FIRINGS_PER_DAY = 24;

/**
 * The RRULE body for `expr`, e.g. `FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9;BYMINUTE=30`.
 * Throws `Fail` (with a plain reason) for invalid crons and for crons a RRULE cannot express.
 */
export function cronToRrule(expr: string): string {
  const fields = expr.trim().split(/\s+/);
  if (fields.length !== 5 || fields[0] === '') {
    throw new Fail(
      `A cron needs exactly 5 fields (minute hour day-of-month month day-of-week), like "30 9 * * 1-5". "${expr}" has ${fields[0] === '' ? 0 : fields.length}.`,
      expr,
    );
  }
  // `H` picks a random value and `W` the nearest weekday: neither has an RRULE equivalent.
  if (/(^|[^A-Z])H([^A-Z]|$)/i.test(expr)) {
    throw new Fail(
      `"H" in a cron picks a time at random, which I cannot schedule. Give the exact number.`,
      expr,
    );
  }
  let parsed: ReturnType<typeof CronExpressionParser.parse>;
  try {
    parsed = CronExpressionParser.parse(expr);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Fail(`"${expr}" is not a cron I can read (${reason}).`, expr);
  }
  const f = parsed.fields;
  const minutes = f.minute.values.map(Number);
  const hours = f.hour.values.map(Number);
  if (minutes.length * hours.length > MAX_FIRINGS_PER_DAY) {
    throw new Fail(
      `"${expr}" would run ${minutes.length * hours.length} times a day. A schedule can run at most once an hour.`,
      expr,
    );
  }
  const domRestricted = !f.dayOfMonth.isWildcard;
  const dowRestricted = !f.dayOfWeek.isWildcard;
  if (domRestricted && dowRestricted) {
    // Cron joins these with OR ("the 1st, or any Tuesday"); an RRULE can only say AND.
    throw new Fail(
      `In "${expr}" the day of the month and the day of the week are both set, which cron reads as "either". ` +
        'I cannot schedule that as one rule. Set only one of them, or make two schedules.',
      expr,
    );
  }
  const parts: string[] = [];
  let freq = 'DAILY';
  if (dowRestricted) {
    const nth = f.dayOfWeek.nthDay;
    const days = f.dayOfWeek.values.map((v) => {
      const s = String(v);
      if (s.endsWith('L')) return `-1${RRULE_DAYS[Number(s.slice(0, -1)) % 7]}`;
      const code = RRULE_DAYS[Number(s) % 7]!;
      return nth > 0 ? `${nth}${code}` : code;
    });
    freq = days.some((d) => /^-?\d/.test(d)) ? 'MONTHLY' : 'WEEKLY';
    // In a MONTHLY rule a plain day means every such day of the month, so a mix like "1,5L" stays exact.
    parts.push(`BYDAY=${unique(days).join(',')}`);
  } else if (domRestricted) {
    freq = 'MONTHLY';
    const days = f.dayOfMonth.values.map((v) => (String(v) === 'L' ? -1 : Number(v)));
    parts.push(`BYMONTHDAY=${unique(days).join(',')}`);
  }
  const months = f.month.values.map(Number);
  if (months.length < 12) parts.push(`BYMONTH=${months.join(',')}`);
  parts.push(`BYHOUR=${hours.join(',')}`, `BYMINUTE=${minutes.join(',')}`);
  return [`FREQ=${freq}`, ...parts].join(';');
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
