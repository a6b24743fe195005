import fc from 'fast-check';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { buildSessionIcs, type SessionIcsInput } from '../../../src/core/sessions/index.js';

/**
 * The calendar file as an independent reader sees it: ical.js (Mozilla's, behind Thunderbird's calendar) parses
 * it, registers its VTIMEZONE and converts the start to UTC itself.
 */
function read(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const tz of calendar.getAllSubcomponents('vtimezone')) {
    ICAL.TimezoneService.register(new ICAL.Timezone(tz));
  }
  const vevent = calendar.getFirstSubcomponent('vevent')!;
  const event = new ICAL.Event(vevent);
  return { calendar, vevent, event };
}

const base: SessionIcsInput = {
  id: 42,
  title: 'Boundaries at work; a, b',
  topic: 'boundaries',
  startsAt: new Date('2026-05-14T11:30:00Z'),
  durationMinutes: 90,
  where: 'Room 2, Town Hall',
  sequence: 0,
  now: new Date('2026-05-01T09:00:00Z'),
  domain: 'roundtable.cymru.example',
  zone: 'Europe/London',
  recipient: { name: 'Siân Łukasiewicz', email: 'sian@example.org' },
};

const HOSTILE = [
  'Ymarfer myfyriol: gŵyl, dŵr; ŷd — a chroeso i bawb sy’n gweithio’r nos yng Nghaerdydd a’r Fro 🌙✨👩🏽‍⚕️',
  'Comma, semicolon; colon: backslash \\ and "quotes"',
  'Line one\nDTSTART:19700101T000000Z\r\nEND:VEVENT',
  '\\n is not a newline, \\, is not a comma',
  'شكرا لكم على الدعم — תודה רבה',
  `${'Łódź '.repeat(40)}end`,
];

/** Every physical line, as octets: no line over 75 octets, each one valid UTF-8 on its own, CRLF endings. */
function physicalLines(text: string): Buffer[] {
  expect(text.endsWith('\r\n')).toBe(true);
  expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  return text
    .slice(0, -2)
    .split('\r\n')
    .map((l) => Buffer.from(l, 'utf8'));
}

describe('the session calendar file, read by ical.js', () => {
  it.each(HOSTILE)('round-trips a hostile title and keeps lines within 75 octets: %s', (title) => {
    const text = buildSessionIcs({ ...base, title, topic: title, where: title });
    for (const line of physicalLines(text)) {
      expect(line.length).toBeLessThanOrEqual(75);
      // Folding never cuts a UTF-8 sequence: each physical line decodes without a replacement character.
      expect(new TextDecoder('utf-8', { fatal: true }).decode(line)).toBeTypeOf('string');
    }
    const { event } = read(text);
    const oneLine = title.replace(/[\r\n\t]+/g, ' ').trim();
    expect(event.summary).toBe(oneLine);
    expect(event.location).toBe(oneLine);
    expect(event.description).toBe(`Topic: ${oneLine}`);
    expect(event.startDate.toJSDate().toISOString()).toBe('2026-05-14T11:30:00.000Z');
  });

  it('any title survives (property): folding and escaping lose nothing', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (title) => {
        const text = buildSessionIcs({ ...base, title });
        for (const line of physicalLines(text)) expect(line.length).toBeLessThanOrEqual(75);
        // Line breaks become spaces (a title is one line); other control characters are dropped.
        const expected = title
          .replace(/[\r\n\t]+/g, ' ')
          .trim()
          .replace(/[\u0000-\u001f\u007f]/g, '');
        expect(read(text).event.summary).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('a download is METHOD:PUBLISH with an organizer, a deployment-wide UID and the zone it names', () => {
    const { calendar, vevent, event } = read(buildSessionIcs(base));
    expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(event.uid).toBe('session-42@roundtable.cymru.example');
    expect(event.organizer).toBe('mailto:noreply@roundtable.cymru.example');
    const start = vevent.getFirstProperty('dtstart')!;
    expect(start.getParameter('tzid')).toBe('Europe/London');
    const tzids = calendar.getAllSubcomponents('vtimezone').map((tz) => tz.getFirstPropertyValue('tzid'));
    expect(tzids).toEqual(['Europe/London']);
    // 11:30 UTC in May is 12:30 in London; ical.js works that out from our VTIMEZONE.
    expect(event.startDate.toString()).toBe('2026-05-14T12:30:00');
    expect(event.endDate.toJSDate().toISOString()).toBe('2026-05-14T13:00:00.000Z');
    expect(vevent.getFirstPropertyValue('status')).toBe('CONFIRMED');
  });

  it('a cancellation is METHOD:CANCEL, same UID, higher SEQUENCE, with the organizer and the attendee', () => {
    const { calendar, vevent, event } = read(buildSessionIcs({ ...base, sequence: 3, cancelled: true }));
    expect(calendar.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(event.uid).toBe('session-42@roundtable.cymru.example');
    expect(event.sequence).toBe(3);
    expect(vevent.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(event.organizer).toBe('mailto:noreply@roundtable.cymru.example');
    const attendee = vevent.getFirstProperty('attendee')!;
    expect(attendee.getFirstValue()).toBe('mailto:sian@example.org');
    expect(attendee.getParameter('cn')).toBe('Siân Łukasiewicz');
  });

  it('a cancellation for someone whose e-mail the platform did not give names them by an opaque address', () => {
    const recipient = { name: 'Mo', email: null, id: 'm-7' };
    const { vevent } = read(buildSessionIcs({ ...base, cancelled: true, sequence: 1, recipient }));
    const attendee = vevent.getFirstProperty('attendee')!;
    expect(attendee.getFirstValue()).toBe('urn:roundtable:roundtable.cymru.example:member:m-7');
    expect(attendee.getParameter('cn')).toBe('Mo');
  });

  it.each([
    ['America/New_York', '2026-03-08T06:30:00Z', '2026-03-08T01:30:00'],
    ['America/New_York', '2026-03-08T07:30:00Z', '2026-03-08T03:30:00'],
    ['Australia/Lord_Howe', '2026-10-04T15:00:00Z', '2026-10-05T02:00:00'],
    ['Asia/Kolkata', '2026-07-01T04:00:00Z', '2026-07-01T09:30:00'],
    ['UTC', '2026-07-01T04:00:00Z', '2026-07-01T04:00:00'],
    ['Europe/London', '2026-10-25T01:30:00Z', '2026-10-25T01:30:00'],
  ])('in %s, %s is local %s by the file’s own VTIMEZONE', (zone, utc, local) => {
    const { calendar, event } = read(buildSessionIcs({ ...base, zone, startsAt: new Date(utc) }));
    expect(calendar.getFirstSubcomponent('vtimezone')!.getFirstPropertyValue('tzid')).toBe(zone);
    expect(event.startDate.toString()).toBe(local);
    expect(event.startDate.toJSDate().toISOString()).toBe(new Date(utc).toISOString());
  });
});
