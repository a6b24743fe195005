/**
 * The calendar file for a session (iCalendar, RFC 5545; METHOD as in iTIP, RFC 5546). Written here rather than
 * with a generator package: the `ics` package we used folded long lines by characters rather than octets and
 * wrote no VTIMEZONE, and the well-kept alternative (ical-generator) needs a newer Node than this project runs;
 * the format is a few lines.
 *
 * - The UID is stable per session and unique across deployments (`session-<id>@<the deployment's host>`), and
 *   SEQUENCE rises with every change, so a calendar replaces its copy instead of adding a second event.
 * - A download is `METHOD:PUBLISH`; a cancellation is `METHOD:CANCEL` with `STATUS:CANCELLED`, the same ORGANIZER
 *   and the person as ATTENDEE, which is what calendar clients check before they remove the event.
 * - Times are local times in the person's zone (`DTSTART;TZID=…`) with a VTIMEZONE built from the same time zone
 *   data the bot uses, so the event shows at the hour the message said.
 */
import { Temporal } from 'temporal-polyfill';
import type { Attachment } from '../messages/message.js';

export interface SessionIcsInput {
  id: number;
  title: string;
  topic?: string | null;
  startsAt: Date;
  durationMinutes: number;
  where?: string | null;
  sequence: number;
  /** DTSTAMP: the injected clock's now. */
  now: Date;
  /** A cancelled session: METHOD:CANCEL and STATUS:CANCELLED remove it from calendars. */
  cancelled?: boolean;
  /** The deployment's own host name (from `PUBLIC_URL`): the UID's and the organizer's domain. */
  domain: string;
  /** The IANA zone the times are written in: the person's. */
  zone: string;
  /** The person the file is for: the ATTENDEE of a cancellation. */
  recipient?: { name?: string | null; email?: string | null; id?: string };
}

/** The stable UID of a session's calendar event, unique across deployments by the deployment's host. */
export function sessionUid(id: number, domain: string): string {
  return `session-${id}@${domain}`;
}

/** The organizer of every session event: the deployment itself. No mail is sent to or from this address. */
export function organizerAddress(domain: string): string {
  return `mailto:noreply@${domain}`;
}

/** The iCalendar text of one session, CRLF line endings, folded at 75 octets. */
export function buildSessionIcs(input: SessionIcsInput): string {
  const zone = input.zone;
  const start = Temporal.Instant.fromEpochMilliseconds(input.startsAt.getTime());
  const end = start.add({ minutes: input.durationMinutes });
  const url = input.where && isWebLink(input.where) ? input.where.trim() : undefined;
  const lines: string[] = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Roundtable//Sessions//EN',
    'CALSCALE:GREGORIAN',
    `METHOD:${input.cancelled ? 'CANCEL' : 'PUBLISH'}`,
    ...vtimezone(zone, start, end),
    'BEGIN:VEVENT',
    `UID:${sessionUid(input.id, input.domain)}`,
    `DTSTAMP:${utcStamp(Temporal.Instant.fromEpochMilliseconds(input.now.getTime()))}`,
    `SEQUENCE:${input.sequence}`,
    `DTSTART;TZID=${zone}:${localStamp(start.toZonedDateTimeISO(zone).toPlainDateTime())}`,
    `DTEND;TZID=${zone}:${localStamp(end.toZonedDateTimeISO(zone).toPlainDateTime())}`,
    `SUMMARY:${text(oneLine(input.title))}`,
  ];
  if (input.topic) lines.push(`DESCRIPTION:${text(`Topic: ${oneLine(input.topic)}`)}`);
  if (input.where) lines.push(`LOCATION:${text(oneLine(input.where))}`);
  if (url) lines.push(`URL:${url}`);
  lines.push(
    `STATUS:${input.cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    `ORGANIZER;CN=Roundtable:${organizerAddress(input.domain)}`,
  );
  if (input.cancelled && input.recipient) lines.push(attendee(input.recipient, input.domain));
  lines.push('END:VEVENT', 'END:VCALENDAR');
  return `${lines.map(fold).join('\r\n')}\r\n`;
}

/** The calendar file as a message attachment. */
export function sessionIcsAttachment(input: SessionIcsInput): Attachment {
  return {
    filename: `session-${input.id}.ics`,
    contentType: 'text/calendar',
    content: buildSessionIcs(input),
  };
}

/** True for an http(s) link, the only kind shown as a link. */
export function isWebLink(text: string): boolean {
  try {
    const url = new URL(text.trim());
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

function oneLine(value: string): string {
  return value.replace(/[\r\n\t]+/g, ' ').trim();
}

/** A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newline escaped; other controls dropped. */
function text(value: string): string {
  return value
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r?\n/g, '\\n');
}

/** A parameter value (§3.1): always quoted; a double quote cannot be escaped there, so it becomes a single one. */
function param(value: string): string {
  return `"${value.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/"/g, "'")}"`;
}

/**
 * The person as ATTENDEE. Their e-mail when the platform gave one (clients match it to their own account);
 * otherwise an opaque URN of this deployment, which still makes the cancellation well formed.
 */
function attendee(recipient: NonNullable<SessionIcsInput['recipient']>, domain: string): string {
  const address = recipient.email
    ? `mailto:${recipient.email}`
    : `urn:roundtable:${domain}:member:${encodeURIComponent(recipient.id ?? 'unknown')}`;
  const cn = recipient.name ? `;CN=${param(recipient.name)}` : '';
  return `ATTENDEE${cn};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION:${address}`;
}

/**
 * Content lines longer than 75 octets are folded (§3.1): CRLF and one space, the continuation at most 74 octets
 * after the space. Cuts fall between code points, never inside a UTF-8 sequence.
 */
export function fold(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  let limit = 75;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (octets + size > limit) {
      out.push(current);
      current = '';
      octets = 0;
      limit = 74;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function localStamp(t: Temporal.PlainDateTime): string {
  return `${pad(t.year, 4)}${pad(t.month)}${pad(t.day)}T${pad(t.hour)}${pad(t.minute)}${pad(t.second)}`;
}

function utcStamp(i: Temporal.Instant): string {
  return `${localStamp(i.toZonedDateTimeISO('UTC').toPlainDateTime())}Z`;
}

/** `+0100`, `-0430`, `+1030`: an offset as TZOFFSETFROM/TO write it. */
function offsetText(nanoseconds: number): string {
  const minutes = Math.round(nanoseconds / 60e9);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`;
}

const YEAR = { hours: 24 * 366 };

/**
 * A VTIMEZONE for the zone (§3.6.5): every offset change from a year before the event to a year after it, each as
 * a STANDARD or DAYLIGHT observance starting at the local time it happens, and the observance already in force
 * before that window. A zone that never changes gets one STANDARD observance.
 */
function vtimezone(zone: string, start: Temporal.Instant, end: Temporal.Instant): string[] {
  const from = start.subtract(YEAR).toZonedDateTimeISO(zone);
  const until = end.add(YEAR);
  const transitions: Temporal.ZonedDateTime[] = [];
  const before = from.getTimeZoneTransition('previous');
  if (before) transitions.push(before);
  for (let t = from.getTimeZoneTransition('next'); t; t = t.getTimeZoneTransition('next')) {
    if (Temporal.Instant.compare(t.toInstant(), until) > 0) break;
    transitions.push(t);
  }
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`];
  if (transitions.length === 0) {
    const offset = offsetText(from.offsetNanoseconds);
    lines.push('BEGIN:STANDARD', 'DTSTART:19700101T000000');
    lines.push(`TZOFFSETFROM:${offset}`, `TZOFFSETTO:${offset}`, 'END:STANDARD');
  }
  for (const t of transitions) {
    const previous = t.toInstant().subtract({ nanoseconds: 1 }).toZonedDateTimeISO(zone).offsetNanoseconds;
    const next = t.offsetNanoseconds;
    const kind = next > previous ? 'DAYLIGHT' : 'STANDARD';
    // DTSTART is the wall-clock time the change happens at, read in the offset before it.
    const wall = t.toInstant().toZonedDateTimeISO(offsetId(previous)).toPlainDateTime();
    lines.push(`BEGIN:${kind}`, `DTSTART:${localStamp(wall)}`);
    lines.push(`TZOFFSETFROM:${offsetText(previous)}`, `TZOFFSETTO:${offsetText(next)}`, `END:${kind}`);
  }
  lines.push('END:VTIMEZONE');
  return lines;
}

function offsetId(nanoseconds: number): string {
  const t = offsetText(nanoseconds);
  return `${t.slice(0, 3)}:${t.slice(3)}`;
}
