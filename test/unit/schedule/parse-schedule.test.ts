import { describe, expect, it } from 'vitest';
import { parseSchedule, SCHEDULE_USAGE, type Schedule } from '../../../src/core/schedule/index.js';

// Wednesday 4 March 2026, 12:00 UTC (GMT in London).
const now = new Date('2026-03-04T12:00:00Z');

function parse(text: string, defaultZone = 'Europe/London', at = now): Schedule {
  const result = parseSchedule(text, { defaultZone, now: at });
  if ('kind' in result) throw new Error(`${text} → ${result.message}`);
  return result;
}

describe('parseSchedule', () => {
  it.each([
    [
      'daily at 09:30',
      'DTSTART:20260305T093000\nRRULE:FREQ=DAILY;BYHOUR=9;BYMINUTE=30',
      'every day at 09:30',
    ],
    [
      'weekdays at 9:30am',
      'DTSTART:20260305T093000\nRRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9;BYMINUTE=30',
      'every weekday at 09:30',
    ],
    [
      'every day at 13:00',
      'DTSTART:20260304T130000\nRRULE:FREQ=DAILY;BYHOUR=13;BYMINUTE=0',
      'every day at 13:00',
    ],
    [
      'every 3 days at noon',
      'DTSTART:20260304T120000\nRRULE:FREQ=DAILY;INTERVAL=3;BYHOUR=12;BYMINUTE=0',
      'every 3 days at 12:00',
    ],
    [
      'every other week on fri at 4:15pm',
      'DTSTART:20260306T161500\nRRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=FR;BYHOUR=16;BYMINUTE=15',
      'every 2 weeks on Friday at 16:15',
    ],
    [
      'every monday and thursday at 08:00',
      'DTSTART:20260305T080000\nRRULE:FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=8;BYMINUTE=0',
      'every week on Monday and Thursday at 08:00',
    ],
    [
      'every week on wed, mon and fri at 4 pm',
      'DTSTART:20260304T160000\nRRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR;BYHOUR=16;BYMINUTE=0',
      'every week on Monday, Wednesday and Friday at 16:00',
    ],
    [
      'every week at 10:00',
      'DTSTART:20260311T100000\nRRULE:FREQ=WEEKLY;BYDAY=WE;BYHOUR=10;BYMINUTE=0',
      'every week on Wednesday at 10:00',
    ],
    [
      'every month on 1 and 15 at 09:00',
      'DTSTART:20260315T090000\nRRULE:FREQ=MONTHLY;BYMONTHDAY=1,15;BYHOUR=9;BYMINUTE=0',
      'every month on day 1 and day 15 at 09:00',
    ],
    [
      'every month on the 15th at 09:00',
      'DTSTART:20260315T090000\nRRULE:FREQ=MONTHLY;BYMONTHDAY=15;BYHOUR=9;BYMINUTE=0',
      'every month on day 15 at 09:00',
    ],
    [
      'every month on the last day at 17:00',
      'DTSTART:20260331T170000\nRRULE:FREQ=MONTHLY;BYMONTHDAY=-1;BYHOUR=17;BYMINUTE=0',
      'every month on the last day at 17:00',
    ],
    [
      'every 2 months on second wednesday at 10:00',
      'DTSTART:20260311T100000\nRRULE:FREQ=MONTHLY;INTERVAL=2;BYDAY=2WE;BYHOUR=10;BYMINUTE=0',
      'every 2 months on the second Wednesday at 10:00',
    ],
    [
      'every month on first monday and third monday at 10:00',
      'DTSTART:20260316T100000\nRRULE:FREQ=MONTHLY;BYDAY=1MO,3MO;BYHOUR=10;BYMINUTE=0',
      'every month on the first Monday and third Monday at 10:00',
    ],
    [
      'every month at 10:00',
      'DTSTART:20260404T100000\nRRULE:FREQ=MONTHLY;BYMONTHDAY=4;BYHOUR=10;BYMINUTE=0',
      'every month on day 4 at 10:00',
    ],
    [
      'weekly on tue at 12am',
      'DTSTART:20260310T000000\nRRULE:FREQ=WEEKLY;BYDAY=TU;BYHOUR=0;BYMINUTE=0',
      'every week on Tuesday at 00:00',
    ],
  ])('%s', (text, rrule, normalised) => {
    expect(parse(text)).toEqual({ rrule, zone: 'Europe/London', text: normalised });
  });

  it('keeps a typed zone in its canonical spelling and in the text', () => {
    expect(parse('every weekday at 09:30 america/new_york')).toMatchObject({
      zone: 'America/New_York',
      text: 'every weekday at 09:30 America/New_York',
    });
    expect(parse('every weekday at 09:30 Asia/Kolkata').zone).toBe('Asia/Kolkata');
    expect(parse('every weekday at 09:30 local')).toMatchObject({
      zone: 'local',
      text: 'every weekday at 09:30 local',
    });
  });

  it('uses the default zone when none is typed', () => {
    expect(parse('daily at 09:00', 'local').zone).toBe('local');
    expect(parse('daily at 09:00', 'Asia/Tokyo').zone).toBe('Asia/Tokyo');
  });

  it('anchors on the first firing at or after now, in the schedule zone', () => {
    // 12:00 UTC is 21:00 in Tokyo: 09:00 today has passed there.
    expect(parse('daily at 09:00', 'Asia/Tokyo').rrule).toContain('DTSTART:20260305T090000');
    // Monday 9 March 2026 at 08:00 London: "every 2 weeks on monday at 09:00" starts that same day.
    const monday = new Date('2026-03-09T08:00:00Z');
    expect(parse('every 2 weeks on monday at 09:00', 'Europe/London', monday).rrule).toContain(
      'DTSTART:20260309T090000',
    );
    const later = new Date('2026-03-09T09:30:00Z');
    expect(parse('every 2 weeks on monday at 09:00', 'Europe/London', later).rrule).toContain(
      'DTSTART:20260316T090000',
    );
  });

  it('converts crons', () => {
    expect(parse('cron "0 10 * * 2#1"').rrule).toBe(
      'DTSTART:20260407T100000\nRRULE:FREQ=MONTHLY;BYDAY=1TU;BYHOUR=10;BYMINUTE=0',
    );
    expect(parse('cron "0 16 * * 5L"').rrule).toBe(
      'DTSTART:20260327T160000\nRRULE:FREQ=MONTHLY;BYDAY=-1FR;BYHOUR=16;BYMINUTE=0',
    );
    expect(parse('cron "0 9 1 jan,jul *"').rrule).toBe(
      'DTSTART:20260701T090000\nRRULE:FREQ=MONTHLY;BYMONTHDAY=1;BYMONTH=1,7;BYHOUR=9;BYMINUTE=0',
    );
    expect(parse('cron "0,30 9-10 * * *" UTC')).toMatchObject({
      rrule: 'DTSTART:20260305T090000\nRRULE:FREQ=DAILY;BYHOUR=9,10;BYMINUTE=0,30',
      zone: 'UTC',
      text: 'cron "0,30 9-10 * * *" UTC',
    });
  });

  it('returns a ParseError with the schedule usage, never throws', () => {
    const result = parseSchedule('fortnightly at 9am', { defaultZone: 'local', now });
    expect(result).toMatchObject({ kind: 'error', word: 'fortnightly', usage: SCHEDULE_USAGE });
    expect(parseSchedule('"unclosed', { defaultZone: 'local', now })).toMatchObject({ kind: 'error' });
    expect(parseSchedule('', { defaultZone: 'local', now })).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('Say when'),
    });
    expect(parseSchedule('cron "0 9 31 4,6 *"', { defaultZone: 'UTC', now })).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('never comes round'),
    });
  });
});
