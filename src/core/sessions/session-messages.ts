/**
 * The session messages: announcement and menu (with RSVP buttons), the replies to an RSVP, the calendar
 * message, the mix nudge, reminders, cancellation, waitlist promotion and the after-session reflection.
 * Plain UK English, warm, no exclamation marks; every invitation can be declined.
 */
import type { SessionReflection } from '../checkins/prompt-library.js';
import type { Block, Message } from '../messages/message.js';
import {
  SESSION_IDS,
  type SessionSummary,
  rsvpButtons,
  rsvpValue,
  sessionBlocks,
  sessionHeading,
} from './session-view.js';

/** The first message about a new session, sent to each person in its audience. */
export function announcementMessage(s: SessionSummary): Message {
  return {
    text: `A new learning session: ${s.title}`,
    blocks: [
      { type: 'text', text: 'A new learning session is on the menu. You would be very welcome.' },
      ...sessionBlocks(s),
      { type: 'buttons', buttons: rsvpButtons(s) },
      { type: 'context', text: 'You can change your answer at any time with `/roundtable menu`.' },
    ],
  };
}

/**
 * `/roundtable menu` and `session list`: upcoming sessions, each with RSVP buttons and the person's own answer.
 * Admins also see each session's id, the one `session cancel` and `session mix` take; members are not shown
 * ids they have no use for.
 */
export function menuMessage(
  sessions: readonly SessionSummary[],
  answers: ReadonlyMap<number, 'going' | 'not-going' | 'waitlist'>,
  options: { admin?: boolean } = {},
): Message {
  if (sessions.length === 0) {
    return {
      text: 'No sessions are planned yet.',
      blocks: [{ type: 'text', text: 'No sessions are planned yet. New ones will be announced here.' }],
    };
  }
  const blocks: Block[] = [
    { type: 'text', text: 'Upcoming learning sessions. Bitesize ones last an hour or less.' },
  ];
  for (const s of sessions) {
    blocks.push({ type: 'divider' }, ...sessionBlocks(s));
    const answer = answers.get(s.id);
    if (answer) blocks.push({ type: 'context', text: `Your answer: ${answerText(answer)}` });
    if (options.admin) {
      blocks.push({
        type: 'context',
        text: `Session id ${s.id} · \`session cancel ${s.id}\` · \`session mix ${s.id}\``,
      });
    }
    blocks.push({ type: 'buttons', buttons: rsvpButtons(s) });
  }
  return { text: `${sessions.length} upcoming session${sessions.length === 1 ? '' : 's'}`, blocks };
}

function answerText(answer: 'going' | 'not-going' | 'waitlist'): string {
  return { going: 'going', 'not-going': 'not this time', waitlist: 'on the waitlist' }[answer];
}

export type RsvpOutcome =
  | { kind: 'going' }
  | { kind: 'waitlisted'; position: number }
  | { kind: 'not-going' }
  | { kind: 'unchanged-going' }
  | { kind: 'unchanged-waitlist'; position: number };

/** The private reply to an RSVP click. */
export function rsvpReplyMessage(s: Pick<SessionSummary, 'title'>, outcome: RsvpOutcome): Message {
  switch (outcome.kind) {
    case 'going':
    case 'unchanged-going':
      return text(
        `You're going to ${s.title}. The details for your calendar are on their way, and I'll send a reminder the day before and an hour before.`,
      );
    case 'waitlisted':
    case 'unchanged-waitlist':
      return text(
        `${s.title} is full at the moment, so you're number ${outcome.position} on the waitlist. If a place opens up, I'll let you know straight away.`,
      );
    case 'not-going':
      return text(
        `Thanks for letting me know. Maybe another time: \`/roundtable menu\` shows what is coming up.`,
      );
  }
}

/** Sent with the calendar file once someone is going. */
export function calendarMessage(s: SessionSummary): Message {
  return {
    text: `Calendar file for ${s.title}`,
    blocks: [
      { type: 'text', text: `Here is a calendar file for ${s.title}, so it is in your diary.` },
      ...sessionBlocks(s, { places: false }),
    ],
  };
}

/**
 * The mix nudge: an invitation, not a chase. The same words go to every role, so nobody is singled out;
 * everyone comes as an equal.
 */
export function nudgeMessage(s: SessionSummary): Message {
  return {
    text: `You're invited: ${s.title}`,
    blocks: [
      {
        type: 'text',
        text: 'We would love this session to bring together people from different roles and backgrounds, and you would be very welcome.',
      },
      ...sessionBlocks(s),
      {
        type: 'context',
        text: 'Everyone comes as an equal: what you know from your own work or experience matters here. If it is not for you, that is completely fine, and I will not ask again about this session.',
      },
      { type: 'buttons', buttons: rsvpButtons(s) },
    ],
  };
}

/** A reminder to someone going, `hours` before the start. */
export function sessionReminderMessage(s: SessionSummary, hours: number): Message {
  const when = hours >= 24 ? 'tomorrow' : hours === 1 ? 'in an hour' : `in ${hours} hours`;
  return {
    text: `Reminder: ${s.title} starts ${when}`,
    blocks: [
      { type: 'text', text: `A gentle reminder: ${s.title} starts ${when}.` },
      ...sessionBlocks(s, { places: false }),
      {
        type: 'context',
        text: 'If you can no longer come, press "Not this time" and your place goes to someone on the waitlist.',
      },
      {
        type: 'buttons',
        buttons: [
          { actionId: SESSION_IDS.rsvp, label: 'Not this time', value: rsvpValue(s.id, 'not-going') },
        ],
      },
    ],
  };
}

/** Sent to everyone who was going or waiting when a session is cancelled. */
export function cancellationMessage(s: SessionSummary): Message {
  return {
    text: `Cancelled: ${s.title}`,
    blocks: [
      {
        type: 'text',
        text: `I'm sorry: ${sessionHeading(s)} has been cancelled. There is nothing you need to do.`,
      },
      ...sessionBlocks(s, { places: false }),
      { type: 'context', text: '`/roundtable menu` shows the sessions that are still planned.' },
    ],
  };
}

/** Sent to the first person on the waitlist when a place opens. */
export function promotionMessage(s: SessionSummary): Message {
  return {
    text: `A place opened up: ${s.title}`,
    blocks: [
      {
        type: 'text',
        text: `Good news: a place has opened up on ${s.title}, so you're now going. The calendar file is attached.`,
      },
      ...sessionBlocks(s, { places: false }),
      {
        type: 'context',
        text: 'If you can no longer come, press "Not this time" and the place goes to the next person.',
      },
      {
        type: 'buttons',
        buttons: [
          { actionId: SESSION_IDS.rsvp, label: 'Not this time', value: rsvpValue(s.id, 'not-going') },
        ],
      },
    ],
  };
}

/** The after-session reflection (Rolfe: What? So what? Now what?), every question optional. */
export function reflectionMessage(s: SessionSummary, set: SessionReflection): Message {
  return {
    text: `${set.title}: a short reflection`,
    blocks: [
      {
        type: 'section',
        title: set.title,
        text: `Thank you for coming to ${s.title}. A few questions, if you would like them.`,
      },
      {
        type: 'context',
        text: 'Only you see your words. Every question is optional, and skipping is always fine.',
      },
      {
        type: 'input',
        id: SESSION_IDS.what,
        label: set.what,
        multiline: true,
        optional: true,
        maxLength: 1000,
      },
      {
        type: 'input',
        id: SESSION_IDS.soWhat,
        label: set.soWhat,
        multiline: true,
        optional: true,
        maxLength: 1000,
      },
      {
        type: 'input',
        id: SESSION_IDS.nowWhat,
        label: set.nowWhat,
        multiline: true,
        optional: true,
        maxLength: 1000,
      },
      {
        type: 'buttons',
        buttons: [
          { actionId: SESSION_IDS.reflect, label: 'Send', value: `${s.id}:send`, style: 'primary' },
          { actionId: SESSION_IDS.reflect, label: 'Skip', value: `${s.id}:skip` },
        ],
      },
    ],
  };
}

/** Replaces the reflection once answered or skipped, so it cannot be sent twice. */
export function reflectionThanksMessage(skipped: boolean): Message {
  return text(
    skipped
      ? 'No problem. Thank you for coming.'
      : 'Thank you. Your reflection is saved, and only you can see it.',
  );
}

function text(t: string): Message {
  return { text: t, blocks: [{ type: 'text', text: t }] };
}
