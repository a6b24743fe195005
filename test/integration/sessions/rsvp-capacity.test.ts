import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN,
  addMembers,
  addSession,
  click,
  messagesTo,
  type SessionsHarness,
  settle,
  startSessionsApp,
  usersWithStatus,
} from './helpers.js';

let h: SessionsHarness;
let people: string[];
let sessionId: number;

beforeAll(async () => {
  h = await startSessionsApp('sess-rsvp');
  people = [
    ...(await addMembers(h, 'F', 'frontline', 10)),
    ...(await addMembers(h, 'M', 'manager', 6)),
    ...(await addMembers(h, 'L', 'leader', 4)),
  ];
  sessionId = await addSession(
    h,
    '"Boundaries at work" on 2026-03-20 at 12:00 for 45m capacity 5 where "Room 2" topic "boundaries" to everyone',
  );
  await settle(h);
});
afterAll(async () => {
  await h?.app.close();
});

describe('announcement and RSVP under concurrency', () => {
  it('announces to everyone in the audience by direct message, with Going and Not this time', () => {
    for (const u of [...people, ADMIN]) {
      const [announcement] = messagesTo(h, u, /A new learning session: Boundaries at work/);
      expect(announcement, u).toBeDefined();
      const buttons = announcement!.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons : []));
      expect(buttons.map((b) => b.value)).toEqual([`${sessionId}:going`, `${sessionId}:not-going`]);
    }
  });

  it('lets exactly 5 of 20 simultaneous clicks in and waitlists 15, in a strict order', async () => {
    const results = await Promise.all(people.map((u) => click(h, u, 'session.rsvp', `${sessionId}:going`)));
    const going = await usersWithStatus(h, sessionId, 'going');
    const waiting = await usersWithStatus(h, sessionId, 'waitlist');
    expect(going).toHaveLength(5);
    expect(waiting).toHaveLength(15);
    const replies = results.map((r) => r.reply?.text ?? '');
    expect(replies.filter((t) => t.startsWith("You're going"))).toHaveLength(5);
    const positions = replies
      .map((t) => /number (\d+) on the waitlist/.exec(t)?.[1])
      .filter((p): p is string => p !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
    expect(positions).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    // Each RSVP records the member's band at that moment.
    const bands = await h.app.db
      .selectFrom('session_rsvps')
      .select('band')
      .where('session_id', '=', sessionId)
      .execute();
    expect(bands.every((b) => ['frontline', 'manager', 'leader'].includes(b.band ?? ''))).toBe(true);
  });

  it('sends each person going a calendar file with the stable UID', async () => {
    await settle(h);
    for (const u of await usersWithStatus(h, sessionId, 'going')) {
      const files = h.platform.dmsTo(u).flatMap((m) => m.attachments);
      expect(files, u).toHaveLength(1);
      expect(files[0]).toMatchObject({ filename: `session-${sessionId}.ics`, contentType: 'text/calendar' });
      expect(files[0]!.content).toMatch(new RegExp(`\r\nUID:session-${sessionId}@[a-z0-9.-]+\r\n`));
    }
    for (const u of await usersWithStatus(h, sessionId, 'waitlist')) {
      expect(
        h.platform.dmsTo(u).flatMap((m) => m.attachments),
        u,
      ).toHaveLength(0);
    }
  });

  it('clicking Going again changes nothing', async () => {
    const [someone] = await usersWithStatus(h, sessionId, 'going');
    const r = await click(h, someone!, 'session.rsvp', `${sessionId}:going`);
    expect(r.reply?.text).toMatch(/You're going/);
    expect(await usersWithStatus(h, sessionId, 'going')).toHaveLength(5);
  });

  it('promotes the first on the waitlist when someone withdraws, and tells them with a calendar file', async () => {
    const [leaver] = await usersWithStatus(h, sessionId, 'going');
    const [first, second] = await usersWithStatus(h, sessionId, 'waitlist');
    const r = await click(h, leaver!, 'session.rsvp', `${sessionId}:not-going`);
    expect(r.reply?.text).toMatch(/Thanks for letting me know/);
    const going = await usersWithStatus(h, sessionId, 'going');
    expect(going).toHaveLength(5);
    expect(going).toContain(first);
    expect(going).not.toContain(leaver);
    expect(await usersWithStatus(h, sessionId, 'waitlist')).toHaveLength(14);
    await settle(h);
    const told = h.platform.dmsTo(first!).filter((m) => /A place opened up/.test(m.message.text));
    expect(told).toHaveLength(1);
    expect(told[0]!.attachments[0]?.content).toMatch(
      new RegExp(`\r\nUID:session-${sessionId}@[a-z0-9.-]+\r\n`),
    );
    expect(h.platform.dmsTo(second!).some((m) => /A place opened up/.test(m.message.text))).toBe(false);
    // The waitlist moves up: the second is now first.
    const again = await click(h, second!, 'session.rsvp', `${sessionId}:waitlist`);
    expect(again.reply?.text).toMatch(/number 1 on the waitlist/);
  });

  it('withdrawing from the waitlist promotes nobody', async () => {
    const [waiter] = await usersWithStatus(h, sessionId, 'waitlist');
    await click(h, waiter!, 'session.rsvp', `${sessionId}:not-going`);
    expect(await usersWithStatus(h, sessionId, 'going')).toHaveLength(5);
    expect(await usersWithStatus(h, sessionId, 'waitlist')).toHaveLength(13);
  });

  it('refuses a forged value for an unknown session without changing anything', async () => {
    const r = await click(h, 'F1', 'session.rsvp', '99999:going');
    expect(r.reply?.text).toMatch(/no longer on the menu/);
    const r2 = await click(h, 'F1', 'session.rsvp', `${sessionId}:maybe`);
    expect(r2.reply?.text).toMatch(/no longer active/);
  });
});
