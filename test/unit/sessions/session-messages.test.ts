import { describe, expect, it } from 'vitest';
import type { Block, Message } from '../../../src/core/messages/message.js';
import {
  announcementMessage,
  cancellationMessage,
  menuMessage,
  nudgeMessage,
  parseSessionValue,
  promotionMessage,
  RSVP_ANSWERS,
  reflectionMessage,
  sessionReminderMessage,
  type SessionSummary,
} from '../../../src/core/sessions/index.js';

const s: SessionSummary = {
  id: 7,
  title: 'Co-production in practice',
  topic: 'co-production',
  startsAt: new Date('2026-05-14T11:30:00Z'),
  durationMinutes: 45,
  where: 'https://meet.example.org/abc',
  capacity: 10,
  going: 3,
  zone: 'Europe/London',
};

const allText = (m: Message) => [m.text, ...m.blocks.map((b) => JSON.stringify(b))].join('\n');
const buttons = (m: Message) => m.blocks.flatMap((b: Block) => (b.type === 'buttons' ? b.buttons : []));

describe('session messages', () => {
  it('announces with Going and Not this time, the local time and a safe link', () => {
    const m = announcementMessage(s);
    expect(buttons(m).map((b) => [b.label, b.actionId, b.value])).toEqual([
      ['Going', 'session.rsvp', '7:going'],
      ['Not this time', 'session.rsvp', '7:not-going'],
    ]);
    expect(allText(m)).toContain('Thu 14 May, 12:30–13:15 BST');
    expect(m.blocks).toContainEqual({
      type: 'link',
      text: 'Where: join online',
      url: 'https://meet.example.org/abc',
    });
    expect(allText(m)).not.toContain('!');
  });

  it('offers the waitlist when full, and shows a non-link place as text only', () => {
    const m = announcementMessage({ ...s, going: 10, where: 'javascript:alert(1)' });
    expect(buttons(m).map((b) => b.value)).toEqual(['7:waitlist', '7:not-going']);
    expect(m.blocks.some((b) => b.type === 'link')).toBe(false);
    expect(allText(m)).toContain('Where: javascript:alert(1)');
  });

  it('marks bitesize sessions on the menu and shows my answer', () => {
    const long = { ...s, id: 8, title: 'Systems thinking', durationMinutes: 120 };
    const m = menuMessage([s, long], new Map([[7, 'going' as const]]));
    const text = allText(m);
    expect(text).toContain('Co-production in practice (bitesize)');
    expect(text).not.toContain('Systems thinking (bitesize)');
    expect(text).toContain('Your answer: going');
    expect(
      buttons(m)
        .filter((b) => b.label === 'Going')
        .map((b) => b.value),
    ).toEqual(['7:going', '8:going']);
  });

  it('shows admins each session id that session cancel and session mix take, and members no ids', () => {
    const long = { ...s, id: 8, title: 'Systems thinking', durationMinutes: 120 };
    const forAdmin = allText(menuMessage([s, long], new Map(), { admin: true }));
    expect(forAdmin).toContain('Session id 7 · `session cancel 7` · `session mix 7`');
    expect(forAdmin).toContain('Session id 8 · `session cancel 8` · `session mix 8`');
    // Each id sits with its own session: 7's line comes before the second session's title.
    expect(forAdmin.indexOf('session mix 7')).toBeLessThan(forAdmin.indexOf('Systems thinking'));
    const forMember = allText(menuMessage([s, long], new Map()));
    expect(forMember).not.toMatch(/Session id|session cancel|session mix/);
  });

  it('words the nudge the same for every role, as a welcome that will not be repeated', () => {
    const text = allText(nudgeMessage(s));
    expect(text).toMatch(/welcome/);
    expect(text).toMatch(/not ask again/);
    for (const band of ['frontline', 'manager', 'leader', 'lived', 'community'])
      expect(text).not.toContain(band);
    expect(text).not.toContain('!');
  });

  it('reminds, cancels and promotes in plain words', () => {
    expect(sessionReminderMessage(s, 24).text).toContain('tomorrow');
    expect(sessionReminderMessage(s, 1).text).toContain('in an hour');
    expect(cancellationMessage(s).text).toBe('Cancelled: Co-production in practice');
    expect(allText(promotionMessage(s))).toContain("you're now going");
  });

  it('asks three optional questions with Send and Skip that carry only the session id', () => {
    const m = reflectionMessage(s, {
      id: 'general',
      title: 'After the session',
      themes: ['general'],
      what: 'What stood out for you?',
      soWhat: 'Why does it matter?',
      nowWhat: 'What next?',
    });
    const inputs = m.blocks.filter((b) => b.type === 'input');
    expect(inputs.map((b) => (b.type === 'input' ? [b.id, b.optional] : []))).toEqual([
      ['what', true],
      ['soWhat', true],
      ['nowWhat', true],
    ]);
    expect(buttons(m).map((b) => [b.actionId, b.value])).toEqual([
      ['session.reflect', '7:send'],
      ['session.reflect', '7:skip'],
    ]);
  });

  it('reads button values back strictly', () => {
    expect(parseSessionValue('7:going', RSVP_ANSWERS)).toEqual({ sessionId: 7, verb: 'going' });
    expect(parseSessionValue('7:maybe', RSVP_ANSWERS)).toBeUndefined();
    expect(parseSessionValue('x:going', RSVP_ANSWERS)).toBeUndefined();
    expect(parseSessionValue('7:going:extra', RSVP_ANSWERS)).toBeUndefined();
  });
});
