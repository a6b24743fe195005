import { describe, expect, it } from 'vitest';
import { buildSessionIcs, sessionIcsAttachment } from '../../../src/core/sessions/index.js';

/**
 * A tiny iCalendar reader: unfolds continuation lines and maps each property name to its value(s), leaving out the
 * VTIMEZONE (ics-clients.test.ts reads that with ical.js).
 */
function parseIcs(text: string): Map<string, string[]> {
  const unfolded = text.replace(/\r?\n[ \t]/g, '').replace(/BEGIN:VTIMEZONE[\s\S]*?END:VTIMEZONE\r?\n/, '');
  const props = new Map<string, string[]>();
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).split(';')[0]!.toUpperCase();
    props.set(name, [...(props.get(name) ?? []), line.slice(colon + 1)]);
  }
  return props;
}

function one(props: Map<string, string[]>, name: string): string | undefined {
  return props.get(name)?.[0];
}

/** `20260514T113000Z`, or a local time in a UTC-named zone → Date. */
function icsDate(value: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z?$/.exec(value)!;
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}

/** `PT1H30M` → minutes. */
function durationMinutes(value: string): number {
  const m = /^PT?(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/.exec(value)!;
  return Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0);
}

const base = {
  id: 42,
  title: 'Boundaries at work; a, b',
  topic: 'boundaries',
  startsAt: new Date('2026-05-14T11:30:00Z'),
  durationMinutes: 90,
  where: 'Room 2, Town Hall',
  sequence: 0,
  now: new Date('2026-05-01T09:00:00Z'),
  domain: 'roundtable.example',
  zone: 'UTC',
};

describe('buildSessionIcs', () => {
  it('parses back to the session: UID, start, length, summary, sequence', () => {
    const props = parseIcs(buildSessionIcs(base));
    expect(one(props, 'UID')).toBe('session-42@roundtable.example');
    expect(icsDate(one(props, 'DTSTART')!).toISOString()).toBe('2026-05-14T11:30:00.000Z');
    const duration = one(props, 'DURATION');
    const end = one(props, 'DTEND');
    const minutes = duration
      ? durationMinutes(duration)
      : (icsDate(end!).getTime() - icsDate(one(props, 'DTSTART')!).getTime()) / 60_000;
    expect(minutes).toBe(90);
    // Commas and semicolons are escaped in text values.
    expect(one(props, 'SUMMARY')!.replace(/\\([,;\\])/g, '$1')).toBe('Boundaries at work; a, b');
    expect(one(props, 'SEQUENCE')).toBe('0');
    expect(one(props, 'DTSTAMP')).toBe('20260501T090000Z');
    expect(one(props, 'METHOD')).toBe('PUBLISH');
    expect(props.get('BEGIN')).toEqual(['VCALENDAR', 'VEVENT']);
  });

  it('keeps the UID and raises the SEQUENCE for an update, and cancels with METHOD:CANCEL', () => {
    const cancelled = parseIcs(buildSessionIcs({ ...base, sequence: 1, cancelled: true }));
    expect(one(cancelled, 'UID')).toBe('session-42@roundtable.example');
    expect(one(cancelled, 'SEQUENCE')).toBe('1');
    expect(one(cancelled, 'METHOD')).toBe('CANCEL');
    expect(one(cancelled, 'STATUS')).toBe('CANCELLED');
  });

  it('keeps a title with a line break on one line', () => {
    const props = parseIcs(buildSessionIcs({ ...base, title: 'Line one\nDTSTART:19700101T000000Z' }));
    expect(props.get('DTSTART')).toHaveLength(1);
    expect(one(props, 'SUMMARY')).toContain('Line one DTSTART');
  });

  it('is a text/calendar attachment named after the session', () => {
    const a = sessionIcsAttachment(base);
    expect(a).toMatchObject({ filename: 'session-42.ics', contentType: 'text/calendar' });
    expect(a.content).toContain('BEGIN:VEVENT');
  });

  it('adds the link as URL when the place is a web link', () => {
    const props = parseIcs(buildSessionIcs({ ...base, where: 'https://meet.example.org/abc' }));
    expect(one(props, 'URL')).toBe('https://meet.example.org/abc');
  });
});
