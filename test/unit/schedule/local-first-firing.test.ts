import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { nextOccurrences, parseSchedule, type Schedule } from '../../../src/core/schedule/index.js';

/**
 * An independent expansion of the few rules checked here, written from RFC 5545 and nothing else: step through
 * the member's local calendar days from the day the schedule was made, keep the days the rule names, put the time
 * on each and read it in the member's zone. A time in a spring-forward gap is read with the offset before the gap,
 * which moves it forward by the gap's length (RFC 5545 §3.3.5; Temporal's `compatible`). Firings are those after
 * the moment the schedule was made; "every 2 weeks" counts from the week of the first of them.
 */
interface Rule {
  text: string;
  /** ISO weekdays it fires on (1 = Monday). */
  days: number[];
  hour: number;
  minute: number;
  /** Every `weeks` weeks, counted in Monday-started weeks from the week the schedule was made. */
  weeks?: number;
}

function expand(rule: Rule, zone: string, made: Date, count: number): string[] {
  const madeAt = Temporal.Instant.fromEpochMilliseconds(made.getTime());
  const out: string[] = [];
  let anchorMonday: Temporal.PlainDate | undefined;
  // From the day before, in case a gap moves that day's time past the moment the schedule was made.
  const start = madeAt.toZonedDateTimeISO(zone).toPlainDate().subtract({ days: 1 });
  for (let day = start; out.length < count; day = day.add({ days: 1 })) {
    if (!rule.days.includes(day.dayOfWeek)) continue;
    const wall = day.toPlainDateTime({ hour: rule.hour, minute: rule.minute });
    const at = wall.toZonedDateTime(zone, { disambiguation: 'compatible' }).toInstant();
    // A firing before the moment the schedule was made is not one.
    if (Temporal.Instant.compare(at, madeAt) < 0) continue;
    const monday = day.subtract({ days: day.dayOfWeek - 1 });
    // "Every 2 weeks" counts from the week of its first firing.
    anchorMonday ??= monday;
    if (rule.weeks && (anchorMonday.until(monday).days / 7) % rule.weeks !== 0) continue;
    if (Temporal.Instant.compare(at, madeAt) === 0) continue;
    out.push(at.toString());
  }
  return out;
}

function schedule(text: string, now: Date): Schedule {
  const result = parseSchedule(text, { defaultZone: 'local', now });
  if ('kind' in result) throw new Error(result.message);
  return result;
}

const mine = (s: Schedule, zone: string, made: Date, count: number) =>
  nextOccurrences(s, zone, made, count).map((d) =>
    Temporal.Instant.fromEpochMilliseconds(d.getTime()).toString(),
  );

const RULES: Rule[] = [
  { text: 'every weekday at 09:30', days: [1, 2, 3, 4, 5], hour: 9, minute: 30 },
  { text: 'every day at 02:30', days: [1, 2, 3, 4, 5, 6, 7], hour: 2, minute: 30 },
  { text: 'every day at 23:45', days: [1, 2, 3, 4, 5, 6, 7], hour: 23, minute: 45 },
  { text: 'every week on monday and thursday at 07:00', days: [1, 4], hour: 7, minute: 0 },
  { text: 'every 2 weeks on friday at 16:00', days: [5], hour: 16, minute: 0, weeks: 2 },
];

/** West and east of UTC, half and quarter hours, both hemispheres' daylight saving, the date line. */
const ZONES = [
  'America/New_York',
  'America/Los_Angeles',
  'Pacific/Honolulu',
  'America/St_Johns',
  'America/Sao_Paulo',
  'Pacific/Pago_Pago',
  'UTC',
  'Europe/London',
  'Europe/Berlin',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Asia/Tokyo',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'Pacific/Kiritimati',
];

describe('a `local` schedule’s first firings, in each member’s zone', () => {
  it('every weekday at 09:30, made Friday 10:00 UTC, still fires that Friday at 09:30 in New York', () => {
    const made = new Date('2026-03-06T10:00:00Z');
    const fires = nextOccurrences(
      schedule('every weekday at 09:30 local', made),
      'America/New_York',
      made,
      2,
    );
    expect(fires.map((d) => d.toISOString())).toEqual([
      '2026-03-06T14:30:00.000Z',
      '2026-03-09T13:30:00.000Z',
    ]);
  });

  /** Two days before each 2026 change somewhere in ZONES, so made-before-the-change cases are all covered. */
  const STARTS = [
    '2026-03-05',
    '2026-03-07',
    '2026-03-28',
    '2026-04-04',
    '2026-09-26',
    '2026-10-03',
    '2026-10-24',
    '2026-10-31',
  ];

  it.each(ZONES)('matches the independent expansion in %s for each rule, made at many moments', (zone) => {
    for (const rule of RULES) {
      for (const start of STARTS) {
        for (let hour = 0; hour < 48; hour += 6) {
          const made = new Date(Date.parse(`${start}T00:17:00Z`) + hour * 3_600_000);
          expect(
            mine(schedule(rule.text, made), zone, made, 4),
            `${rule.text} made ${made.toISOString()}`,
          ).toEqual(expand(rule, zone, made, 4));
        }
      }
    }
  });

  it('made the day before the clocks go forward, the first firing is the moved one on the change day', () => {
    const made = new Date('2026-03-07T08:10:00Z'); // 03:10 EST on Saturday
    const fires = nextOccurrences(schedule('every day at 02:30', made), 'America/New_York', made, 2);
    expect(fires.map((d) => d.toISOString())).toEqual([
      '2026-03-08T07:30:00.000Z',
      '2026-03-09T06:30:00.000Z',
    ]);
  });

  it('matches the independent expansion for any zone, rule and moment (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.constantFrom(...RULES),
        fc.date({
          min: new Date('2025-01-01T00:00:00Z'),
          max: new Date('2028-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        (zone, rule, when) => {
          const made = new Date(Math.floor(when.getTime() / 60_000) * 60_000);
          expect(mine(schedule(rule.text, made), zone, made, 8)).toEqual(expand(rule, zone, made, 8));
        },
      ),
      { numRuns: 400, seed: 18 },
    );
  });
});

describe('a time inside the spring-forward gap arrives once, moved forward by the gap', () => {
  const made = new Date('2026-03-01T12:00:00Z');

  it('Europe/London, 29 March 2026: 01:30 does not exist, so it comes at 02:30 BST, once', () => {
    const s = schedule('every day at 01:30', made);
    const fires = nextOccurrences(s, 'Europe/London', new Date('2026-03-27T12:00:00Z'), 4);
    expect(fires.map((d) => d.toISOString())).toEqual([
      '2026-03-28T01:30:00.000Z',
      '2026-03-29T01:30:00.000Z', // 02:30 BST
      '2026-03-30T00:30:00.000Z',
      '2026-03-31T00:30:00.000Z',
    ]);
  });

  it('America/New_York, 8 March 2026: 02:30 does not exist, so it comes at 03:30 EDT, once', () => {
    const s = schedule('every day at 02:30', made);
    const fires = nextOccurrences(s, 'America/New_York', new Date('2026-03-06T12:00:00Z'), 4);
    expect(fires.map((d) => d.toISOString())).toEqual([
      '2026-03-07T07:30:00.000Z',
      '2026-03-08T07:30:00.000Z', // 03:30 EDT
      '2026-03-09T06:30:00.000Z',
      '2026-03-10T06:30:00.000Z',
    ]);
  });

  it('a time that happens twice when the clocks go back fires once, at the first', () => {
    const s = schedule('every day at 01:30', made);
    const fires = nextOccurrences(s, 'America/New_York', new Date('2026-10-31T12:00:00Z'), 3);
    expect(fires.map((d) => d.toISOString())).toEqual([
      '2026-11-01T05:30:00.000Z', // 01:30 EDT, not 01:30 EST an hour later
      '2026-11-02T06:30:00.000Z',
      '2026-11-03T06:30:00.000Z',
    ]);
  });
});
