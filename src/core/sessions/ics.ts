/**
 * The calendar file for a session (RFC 5545, made with the `ics` package). The UID is stable per session and
 * SEQUENCE rises with every change, so a calendar replaces its copy instead of adding a second event.
 */
import { createEvent, type EventAttributes } from 'ics';
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
}

/** The stable UID of a session's calendar event. */
export function sessionUid(id: number): string {
  return `session-${id}@roundtable`;
}

/** The iCalendar text of one session. Throws if the package refuses the input (a bug, not a user error). */
export function buildSessionIcs(input: SessionIcsInput): string {
  const url = input.where && isWebLink(input.where) ? input.where : undefined;
  const attributes = {
    uid: sessionUid(input.id),
    sequence: input.sequence,
    productId: 'roundtable/sessions',
    method: input.cancelled ? 'CANCEL' : 'PUBLISH',
    status: input.cancelled ? 'CANCELLED' : 'CONFIRMED',
    title: oneLine(input.title),
    description: input.topic ? `Topic: ${oneLine(input.topic)}` : undefined,
    location: input.where ? oneLine(input.where) : undefined,
    url,
    start: input.startsAt.getTime(),
    startInputType: 'utc',
    startOutputType: 'utc',
    duration: { minutes: input.durationMinutes },
    // `timestamp` (DTSTAMP) is accepted by the package's schema but missing from its types.
    timestamp: input.now.getTime(),
  } as EventAttributes & { timestamp: number };
  const { error, value } = createEvent(attributes);
  if (error || !value) throw new Error(`calendar file not built: ${error?.message ?? 'no output'}`);
  return value;
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

function oneLine(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ').trim();
}
