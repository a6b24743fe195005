/**
 * How a session is shown: the same few lines in the announcement, the menu, reminders and notices. Title, topic
 * and place are admin-written plain text; adapters escape all text, and a place is a link only when it is an
 * http(s) URL.
 */
import type { Block, Button } from '../messages/message.js';
import { isWebLink } from './ics.js';
import { isBitesize } from './session-steps.js';

/** Action and input ids the session handlers read back. Button values carry ids only. */
export const SESSION_IDS = {
  rsvp: 'session.rsvp',
  reflect: 'session.reflect',
  what: 'what',
  soWhat: 'soWhat',
  nowWhat: 'nowWhat',
} as const;

export type RsvpAnswer = 'going' | 'not-going' | 'waitlist';
export const RSVP_ANSWERS: readonly RsvpAnswer[] = ['going', 'not-going', 'waitlist'];

/** What the messages need to know about a session. */
export interface SessionSummary {
  id: number;
  title: string;
  topic?: string | null;
  startsAt: Date;
  durationMinutes: number;
  where?: string | null;
  capacity?: number | null;
  going: number;
  /** The zone times are shown in (the person's, else the workspace's). */
  zone: string;
}

/** `<sessionId>:<answer>`, the value of an RSVP button. */
export function rsvpValue(sessionId: number, answer: RsvpAnswer): string {
  return `${sessionId}:${answer}`;
}

/** Read an RSVP (or reflection) button value back; undefined when it is not one. */
export function parseSessionValue<T extends string>(
  value: string,
  allowed: readonly T[],
): { sessionId: number; verb: T } | undefined {
  const m = /^(\d{1,10}):([a-z-]+)$/.exec(value);
  if (!m) return undefined;
  const verb = m[2] as T;
  if (!allowed.includes(verb)) return undefined;
  return { sessionId: Number(m[1]), verb };
}

/** "Thu 14 May, 12:30–13:30 BST" in `zone`. */
export function formatSessionWhen(startsAt: Date, durationMinutes: number, zone: string): string {
  const end = new Date(startsAt.getTime() + durationMinutes * 60_000);
  const day = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
  }).format(startsAt);
  const time = (d: Date, withZone: boolean) =>
    new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      hour: '2-digit',
      minute: '2-digit',
      ...(withZone ? { timeZoneName: 'short' as const } : {}),
    }).format(d);
  return `${day}, ${time(startsAt, false)}–${time(end, true)}`;
}

/** "45 minutes", "1 hour", "1 hour 30 minutes". */
export function formatLength(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const parts: string[] = [];
  if (h > 0) parts.push(`${h} hour${h === 1 ? '' : 's'}`);
  if (m > 0) parts.push(`${m} minute${m === 1 ? '' : 's'}`);
  return parts.join(' ');
}

/** Places left, or undefined for a session without a capacity. */
export function placesLeft(s: Pick<SessionSummary, 'capacity' | 'going'>): number | undefined {
  return s.capacity ? Math.max(0, s.capacity - s.going) : undefined;
}

/** The heading of a session: its title, marked when bitesize. */
export function sessionHeading(s: Pick<SessionSummary, 'title' | 'durationMinutes'>): string {
  return isBitesize(s.durationMinutes) ? `${s.title} (bitesize)` : s.title;
}

/** The session's details as blocks: when, how long, where, topic, places. */
export function sessionBlocks(s: SessionSummary, options: { places?: boolean } = {}): Block[] {
  const lines = [
    `When: ${formatSessionWhen(s.startsAt, s.durationMinutes, s.zone)} (${formatLength(s.durationMinutes)})`,
  ];
  const where = s.where?.trim();
  if (where && !isWebLink(where)) lines.push(`Where: ${where}`);
  if (s.topic?.trim()) lines.push(`Topic: ${s.topic.trim()}`);
  const left = placesLeft(s);
  if (options.places !== false && left !== undefined) {
    lines.push(left > 0 ? `Places left: ${left} of ${s.capacity}` : 'Full: you can join the waitlist');
  }
  const blocks: Block[] = [{ type: 'section', title: sessionHeading(s), text: lines.join('\n') }];
  if (where && isWebLink(where)) blocks.push({ type: 'link', text: 'Where: join online', url: where.trim() });
  return blocks;
}

/** Going / Not this time, and Join the waitlist when the session is full. */
export function rsvpButtons(s: SessionSummary): Button[] {
  const full = placesLeft(s) === 0;
  const buttons: Button[] = [];
  if (full) {
    buttons.push({
      actionId: SESSION_IDS.rsvp,
      label: 'Join the waitlist',
      value: rsvpValue(s.id, 'waitlist'),
      style: 'primary',
    });
  } else {
    buttons.push({
      actionId: SESSION_IDS.rsvp,
      label: 'Going',
      value: rsvpValue(s.id, 'going'),
      style: 'primary',
    });
  }
  buttons.push({ actionId: SESSION_IDS.rsvp, label: 'Not this time', value: rsvpValue(s.id, 'not-going') });
  return buttons;
}
