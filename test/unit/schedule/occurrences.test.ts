import { CronExpressionParser } from 'cron-parser';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import {
  isValidZone,
  nextOccurrences,
  parseSchedule,
  previousOccurrence,
  type Schedule,
} from '../../../src/core/schedule/index.js';

const now = new Date('2026-03-04T12:00:00Z');

function schedule(text: string, defaultZone = 'Europe/London'): Schedule {
  const result = parseSchedule(text, { defaultZone, now });
  if ('kind' in result) throw new Error(result.message);
  return result;
}

function local(date: Date, zone: string): Temporal.ZonedDateTime {
  return Temporal.Instant.fromEpochMilliseconds(date.getTime()).toZonedDateTimeISO(zone);
}

function wallClock(dates: Date[], zone: string): string[] {
  return dates.map((d) => local(d, zone).toPlainDateTime().toString().slice(0, 16));
}

describe('nextOccurrences across UK daylight-saving changes (2026)', () => {
  const weekdays = schedule('every weekday at 09:30');

  it('stays 09:30 London time when the clocks go forward on 29 March', () => {
    const fires = nextOccurrences(weekdays, 'Europe/London', new Date('2026-03-26T00:00:00Z'), 4);
    expect(wallClock(fires, 'Europe/London')).toEqual([
      '2026-03-26T09:30',
      '2026-03-27T09:30',
      '2026-03-30T09:30',
      '2026-03-31T09:30',
    ]);
    expect(fires.map((d) => d.toISOString())).toEqual([
      '2026-03-26T09:30:00.000Z',
      '2026-03-27T09:30:00.000Z',
      '2026-03-30T08:30:00.000Z',
      '2026-03-31T08:30:00.000Z',
    ]);
  });

  it('stays 09:30 London time when the clocks go back on 25 October', () => {
    const fires = nextOccurrences(weekdays, 'Europe/London', new Date('2026-10-22T00:00:00Z'), 4);
    expect(fires.map((d) => d.toISOString())).toEqual([
      '2026-10-22T08:30:00.000Z',
      '2026-10-23T08:30:00.000Z',
      '2026-10-26T09:30:00.000Z',
      '2026-10-27T09:30:00.000Z',
    ]);
  });

  it('moves a daily time that does not exist on the night the clocks go forward on by the gap, without shifting later days', () => {
    const night = schedule('every day at 01:30');
    const fires = nextOccurrences(night, 'Europe/London', new Date('2026-03-27T12:00:00Z'), 4);
    expect(wallClock(fires, 'Europe/London')).toEqual([
      '2026-03-28T01:30',
      '2026-03-29T02:30',
      '2026-03-30T01:30',
      '2026-03-31T01:30',
    ]);
  });
});

describe('one local schedule, members in different zones', () => {
  const weekdays = schedule('every weekday at 09:30', 'local');

  it('fires at 09:30 in New York, following US daylight saving (8 March 2026)', () => {
    const fires = nextOccurrences(weekdays, 'America/New_York', new Date('2026-03-05T00:00:00Z'), 3);
    expect(wallClock(fires, 'America/New_York')).toEqual([
      '2026-03-05T09:30',
      '2026-03-06T09:30',
      '2026-03-09T09:30',
    ]);
    expect(fires.map((d) => d.toISOString())).toEqual([
      '2026-03-05T14:30:00.000Z',
      '2026-03-06T14:30:00.000Z',
      '2026-03-09T13:30:00.000Z',
    ]);
  });

  it('fires at 09:30 in Kolkata, which has no daylight saving', () => {
    const fires = nextOccurrences(weekdays, 'Asia/Kolkata', new Date('2026-03-05T00:00:00Z'), 3);
    expect(fires.map((d) => d.toISOString())).toEqual([
      '2026-03-05T04:00:00.000Z',
      '2026-03-06T04:00:00.000Z',
      '2026-03-09T04:00:00.000Z',
    ]);
  });
});

describe('cadences', () => {
  it('every 2 weeks: 14 days apart, on the anchored Monday', () => {
    const s = schedule('every 2 weeks on monday at 09:00');
    const fires = nextOccurrences(s, 'Europe/London', now, 6);
    const days = fires.map((d) => local(d, 'Europe/London').toPlainDate());
    expect(days[0]!.toString()).toBe('2026-03-09');
    for (let i = 1; i < days.length; i++) {
      expect(days[i - 1]!.until(days[i]!).days).toBe(14);
      expect(days[i]!.dayOfWeek).toBe(1);
    }
    expect(wallClock(fires, 'Europe/London').every((t) => t.endsWith('T09:00'))).toBe(true);
  });

  it('first Tuesday of every month', () => {
    const fires = nextOccurrences(
      schedule('every month on first tuesday at 10:00'),
      'Europe/London',
      now,
      12,
    );
    const days = fires.map((d) => local(d, 'Europe/London'));
    expect(days[0]!.toPlainDate().toString()).toBe('2026-04-07');
    for (const d of days) {
      expect(d.dayOfWeek).toBe(2);
      expect(d.day).toBeLessThanOrEqual(7);
      expect(d.hour).toBe(10);
    }
    expect(new Set(days.map((d) => d.month)).size).toBe(12);
  });

  it('last Friday of every month', () => {
    const fires = nextOccurrences(schedule('every month on last friday at 16:00'), 'Europe/London', now, 12);
    for (const d of fires.map((f) => local(f, 'Europe/London'))) {
      expect(d.dayOfWeek).toBe(5);
      expect(d.day + 7).toBeGreaterThan(d.daysInMonth);
      expect(d.hour).toBe(16);
    }
    expect(wallClock(fires, 'Europe/London')[0]).toBe('2026-03-27T16:00');
  });

  it('returns nothing for count 0 and stays strictly after `after`', () => {
    const s = schedule('every day at 13:00');
    expect(nextOccurrences(s, 'Europe/London', now, 0)).toEqual([]);
    const exact = new Date('2026-03-05T13:00:00Z');
    expect(nextOccurrences(s, 'Europe/London', exact, 1)[0]!.toISOString()).toBe('2026-03-06T13:00:00.000Z');
  });

  it('refuses a zone that is not concrete', () => {
    expect(() => nextOccurrences(schedule('daily at 09:00', 'local'), 'local', now, 1)).toThrow(/time zone/);
  });
});

describe('cron conversion gives the same firings as cron itself', () => {
  const crons = [
    '30 9 * * 1-5',
    '0 16 * * 5',
    '15 8,17 * * mon,wed',
    '0 10 1,15 * *',
    '0 9 L * *',
    '0 10 * * 2#1',
    '0 16 * * 5L',
    '0 9 1 jan,jul *',
    '45 23 * * *',
  ];

  it.each(crons)('%s in Europe/London across both 2026 changes', (expr) => {
    const s = schedule(`cron "${expr}" Europe/London`);
    const from = new Date('2026-03-05T00:00:00Z');
    const mine = nextOccurrences(s, 'Europe/London', from, 40);
    expect(mine).toHaveLength(40);
    const it = CronExpressionParser.parse(expr, { currentDate: from, tz: 'Europe/London' });
    const theirs = mine.map(() => it.next().toDate().toISOString());
    expect(mine.map((d) => d.toISOString())).toEqual(theirs);
  });
});

describe('previousOccurrence', () => {
  const weekdays = schedule('every weekday at 09:30');

  it('finds the latest firing before an instant, for catch-up', () => {
    const monday = new Date('2026-03-30T07:00:00Z');
    expect(previousOccurrence(weekdays, 'Europe/London', monday)?.toISOString()).toBe(
      '2026-03-27T09:30:00.000Z',
    );
    const justAfter = new Date('2026-03-30T08:31:00Z');
    expect(previousOccurrence(weekdays, 'Europe/London', justAfter)?.toISOString()).toBe(
      '2026-03-30T08:30:00.000Z',
    );
  });

  it('is strictly before', () => {
    const exact = new Date('2026-03-30T08:30:00Z');
    expect(previousOccurrence(weekdays, 'Europe/London', exact)?.toISOString()).toBe(
      '2026-03-27T09:30:00.000Z',
    );
  });

  it('finds nothing before the schedule began', () => {
    expect(previousOccurrence(weekdays, 'Europe/London', new Date('2026-03-01T00:00:00Z'))).toBeUndefined();
  });

  it('looks back at most 400 days', () => {
    const leapDay: Schedule = {
      rrule: 'DTSTART:20200101T090000\nRRULE:FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=29;BYHOUR=9;BYMINUTE=0',
      zone: 'UTC',
      text: 'every 29 February at 09:00',
    };
    expect(previousOccurrence(leapDay, 'UTC', new Date('2024-06-01T00:00:00Z'))?.toISOString()).toBe(
      '2024-02-29T09:00:00.000Z',
    );
    expect(previousOccurrence(leapDay, 'UTC', new Date('2027-06-01T00:00:00Z'))).toBeUndefined();
  });
});

describe('isValidZone', () => {
  it.each([
    ['Europe/London', true],
    ['europe/london', true],
    ['Asia/Kolkata', true],
    ['UTC', true],
    ['local', false],
    ['Mars/Olympus', false],
    ['+01:00', false],
    ['', false],
  ])('%s → %s', (zone, valid) => {
    expect(isValidZone(zone)).toBe(valid);
  });
});
