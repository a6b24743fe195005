import { sessionReflectionPlace } from '../../../src/store/cipher-places.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  addMembers,
  addSession,
  click,
  messagesTo,
  type SessionsHarness,
  say,
  settle,
  startSessionsApp,
  usersWithStatus,
} from './helpers.js';

const H = 3_600_000;
const DAY = 24 * H;

let h: SessionsHarness;
let frontline: string[];
let lived: string[];
let managers: string[];
let paused: string[];

beforeAll(async () => {
  h = await startSessionsApp('sess-due');
  frontline = await addMembers(h, 'F', 'frontline', 8);
  lived = await addMembers(h, 'L', 'lived-experience', 3);
  managers = await addMembers(h, 'M', 'manager', 6);
  paused = await addMembers(h, 'P', 'frontline', 2);
  for (const p of paused) expect(await say(h, p, 'me pause for 8 weeks')).not.toBe('');
});
afterAll(async () => {
  await h?.app.close();
});

async function nudgedUsers(sessionId: number): Promise<string[]> {
  const rows = await h.app.db
    .selectFrom('session_nudges')
    .innerJoin('members', 'members.id', 'session_nudges.member_id')
    .select('members.external_id')
    .where('session_nudges.session_id', '=', sessionId)
    .execute();
  return rows.map((r) => r.external_id);
}

const nudgeText = /You're invited/;

describe('mix nudges', () => {
  let id: number;
  const start = new Date('2026-03-20T12:00:00Z');

  beforeAll(async () => {
    h.clock.set(new Date('2026-03-02T09:00:00Z'));
    id = await addSession(
      h,
      '"Co-production in practice" on 2026-03-20 at 12:00 capacity 10 topic "co-production" mix frontline 40%, lived-experience 2, manager 1 to role manager',
    );
    await settle(h);
    await click(h, managers[0]!, 'session.rsvp', `${id}:going`);
    await click(h, managers[1]!, 'session.rsvp', `${id}:going`);
    await settle(h);
  });

  it('invites only under-target bands, up to 5 each, none paused, at 7 days', async () => {
    h.clock.set(new Date(start.getTime() - 7 * DAY));
    const result = await h.sessions.dueWork.runDueWork(h.clock.now());
    expect(result.steps).toEqual([`${id}:nudge-168h`]);
    await settle(h);
    const nudged = await nudgedUsers(id);
    const nudgedFrontline = nudged.filter((u) => u.startsWith('F'));
    expect(nudgedFrontline).toHaveLength(5);
    expect(nudged.filter((u) => u.startsWith('L')).sort()).toEqual([...lived].sort());
    expect(nudged.some((u) => u.startsWith('M'))).toBe(false);
    expect(nudged.some((u) => paused.includes(u))).toBe(false);
    for (const u of nudged) expect(messagesTo(h, u, nudgeText), u).toHaveLength(1);
    for (const u of [...managers, ...paused]) expect(messagesTo(h, u, nudgeText), u).toHaveLength(0);
  });

  it('never nudges anyone twice: the 3-day nudge reaches only the people not asked yet', async () => {
    const before = await nudgedUsers(id);
    // A retried task at the same time changes nothing.
    expect((await h.sessions.dueWork.runDueWork(h.clock.now())).steps).toEqual([]);
    h.clock.set(new Date(start.getTime() - 3 * DAY));
    const result = await h.sessions.dueWork.runDueWork(h.clock.now());
    expect(result.steps).toEqual([`${id}:nudge-72h`]);
    expect((await h.sessions.dueWork.runDueWork(h.clock.now())).steps).toEqual([]);
    await settle(h);
    const after = await nudgedUsers(id);
    const fresh = after.filter((u) => !before.includes(u));
    // 8 frontline not paused, 5 asked before: the other 3. Lived experience: all asked already.
    expect(fresh.sort()).toEqual(frontline.filter((u) => !before.includes(u)).sort());
    for (const u of [...frontline, ...lived])
      expect(messagesTo(h, u, nudgeText).length, u).toBeLessThanOrEqual(1);
    for (const u of paused) expect(messagesTo(h, u, nudgeText), u).toHaveLength(0);
  });

  it('reminds everyone going 24 h and 1 h before, once each, and not someone who withdrew', async () => {
    await click(h, frontline[0]!, 'session.rsvp', `${id}:going`);
    h.clock.set(new Date(start.getTime() - 24 * H));
    expect((await h.sessions.dueWork.runDueWork(h.clock.now())).reminded).toBe(3);
    expect((await h.sessions.dueWork.runDueWork(h.clock.now())).reminded).toBe(0);
    await settle(h);
    await click(h, managers[1]!, 'session.rsvp', `${id}:not-going`);
    h.clock.set(new Date(start.getTime() - H));
    expect((await h.sessions.dueWork.runDueWork(h.clock.now())).reminded).toBe(2);
    await settle(h);
    expect(messagesTo(h, managers[0]!, /Reminder: .* starts tomorrow/)).toHaveLength(1);
    expect(messagesTo(h, managers[0]!, /Reminder: .* starts in an hour/)).toHaveLength(1);
    expect(messagesTo(h, frontline[0]!, /Reminder/)).toHaveLength(2);
    expect(messagesTo(h, managers[1]!, /Reminder: .* starts in an hour/)).toHaveLength(0);
    expect(messagesTo(h, managers[2]!, /Reminder/)).toHaveLength(0);
  });

  it('sends attendees a reflection 1 h after the end, and stores answers encrypted', async () => {
    h.clock.set(new Date(start.getTime() + 60 * 60_000 + 30 * 60_000));
    expect((await h.sessions.dueWork.runDueWork(h.clock.now())).reflections).toBe(0);
    h.clock.set(new Date(start.getTime() + 2 * H));
    expect((await h.sessions.dueWork.runDueWork(h.clock.now())).reflections).toBe(2);
    await settle(h);
    const [reflection] = messagesTo(h, managers[0]!, /a short reflection/);
    expect(reflection).toBeDefined();
    // The co-production question set, chosen from the topic.
    expect(
      reflection!.blocks.some((b) => b.type === 'section' && b.title === 'After the co-production session'),
    ).toBe(true);
    expect(messagesTo(h, managers[1]!, /a short reflection/)).toHaveLength(0);

    const secret = 'I noticed the people with lived experience led the room';
    const sent = await click(h, managers[0]!, 'session.reflect', `${id}:send`, {
      what: secret,
      soWhat: 'It matters',
      nowWhat: '',
    });
    expect(sent.update?.text).toMatch(/Your reflection is saved/);
    const skipped = await click(h, frontline[0]!, 'session.reflect', `${id}:skip`);
    expect(skipped.update?.text).toMatch(/No problem/);
    const twice = await click(h, managers[0]!, 'session.reflect', `${id}:send`, { what: 'again' });
    expect(twice.update?.text).toMatch(/already answered/);
    const stranger = await click(h, managers[2]!, 'session.reflect', `${id}:send`, { what: 'x' });
    expect(stranger.reply?.text).toMatch(/no longer open/);

    const rows = await h.app.db
      .selectFrom('session_reflections')
      .selectAll()
      .where('session_id', '=', id)
      .execute();
    expect(rows).toHaveLength(2);
    const answered = rows.find((r) => !r.skipped)!;
    expect(JSON.stringify(rows)).not.toContain('lived experience led');
    expect(
      JSON.parse(
        h.app.context.cipher.decrypt(
          answered.answers!,
          sessionReflectionPlace(answered.session_id, answered.member_id),
        ),
      ),
    ).toEqual({
      what: secret,
      soWhat: 'It matters',
      nowWhat: '',
    });
    expect(rows.find((r) => r.skipped)!.answers).toBeNull();
    expect(h.app.logs.text()).not.toContain('lived experience led');
  });
});

describe('a session created after a nudge time', () => {
  it('gets that nudge at once, and the people it invites are not sent the announcement too', async () => {
    h.clock.set(new Date('2026-03-02T09:00:00Z'));
    const id = await addSession(
      h,
      '"Boundaries" on 2026-03-04 at 12:00 capacity 12 mix lived-experience 2 to everyone',
    );
    await settle(h);
    const steps = await h.app.db
      .selectFrom('session_steps')
      .select(['step', 'status'])
      .where('session_id', '=', id)
      .orderBy('step')
      .execute();
    expect(steps).toEqual([
      { step: 'nudge-168h', status: 'skipped' },
      { step: 'nudge-72h', status: 'done' },
    ]);
    for (const u of lived) {
      expect(messagesTo(h, u, /You're invited: Boundaries/), u).toHaveLength(1);
      expect(messagesTo(h, u, /A new learning session: Boundaries/), u).toHaveLength(0);
    }
    expect(messagesTo(h, managers[3]!, /A new learning session: Boundaries/)).toHaveLength(1);
    // Paused people get no announcement.
    expect(messagesTo(h, paused[0]!, /A new learning session: Boundaries/)).toHaveLength(0);
  });

  it('a session whose nudge times are far ahead gets no nudge now', async () => {
    h.clock.set(new Date('2026-03-02T09:00:00Z'));
    const id = await addSession(h, '"Later" on 2026-04-30 at 12:00 mix lived-experience 2 to role leader');
    await settle(h);
    expect(await nudgedUsers(id)).toEqual([]);
  });
});

describe('cancellation', () => {
  it('tells everyone going or waiting, with a cancelling calendar file for those who had one', async () => {
    h.clock.set(new Date('2026-03-02T09:00:00Z'));
    const id = await addSession(h, '"Supervision skills" on 2026-03-25 at 10:00 capacity 1 to role manager');
    await click(h, managers[2]!, 'session.rsvp', `${id}:going`);
    await click(h, managers[3]!, 'session.rsvp', `${id}:going`);
    expect(await usersWithStatus(h, id, 'waitlist')).toEqual([managers[3]]);
    await settle(h);
    const reply = await say(h, 'UADMIN', `session cancel ${id}`);
    expect(reply).toMatch(/is cancelled.*2 people/);
    await settle(h);
    const [goingNotice] = h.platform
      .dmsTo(managers[2]!)
      .filter((m) => /Cancelled: Supervision/.test(m.message.text));
    expect(goingNotice).toBeDefined();
    expect(goingNotice!.attachments[0]?.content).toMatch(/METHOD:CANCEL[\s\S]*SEQUENCE:1/);
    // Clients remove the event only when the cancellation names its organizer and them.
    expect(goingNotice!.attachments[0]?.content).toMatch(/\r\nORGANIZER;CN=Roundtable:mailto:noreply@/);
    expect(goingNotice!.attachments[0]?.content).toMatch(/\r\nATTENDEE;/);
    const [waitNotice] = h.platform
      .dmsTo(managers[3]!)
      .filter((m) => /Cancelled: Supervision/.test(m.message.text));
    expect(waitNotice).toBeDefined();
    expect(waitNotice!.attachments).toHaveLength(0);
    expect(messagesTo(h, managers[4]!, /Cancelled: Supervision/)).toHaveLength(0);
    // No reminders for a cancelled session, and no more answers.
    h.clock.set(new Date('2026-03-24T10:00:00Z'));
    expect(
      (await h.sessions.dueWork.runDueWork(h.clock.now())).steps.filter((s) => s.startsWith(`${id}:`)),
    ).toEqual([]);
    const late = await click(h, managers[4]!, 'session.rsvp', `${id}:going`);
    expect(late.reply?.text).toMatch(/has been cancelled/);
    expect(await say(h, 'UADMIN', `session cancel ${id}`)).toMatch(/already cancelled/);
  });
});

describe('quiet hours', () => {
  it('an announcement waits for the end of a member’s quiet hours; others get it at once', async () => {
    // 09:00 UTC is 09:00 in London in March.
    h.clock.set(new Date('2026-03-03T09:00:00Z'));
    const [sleeper, awake] = await addMembers(h, 'Q', 'community', 2);
    expect(await say(h, sleeper!, 'me quiet 08:00-10:00')).toContain('08:00 and 10:00');
    const id = await addSession(h, '"Quiet hours check" on 2026-03-25 at 12:00 to role community');
    // Not `settle`: the held announcement stays delayed (in real time) until the quiet hours end.
    await vi.waitFor(() => expect(messagesTo(h, awake!, /Quiet hours check/)).toHaveLength(1), {
      timeout: 20_000,
    });
    expect(messagesTo(h, sleeper!, /Quiet hours check/)).toHaveLength(0);
    // Still owed to them, and queued for when their quiet hours end.
    const member = await h.app.db
      .selectFrom('members')
      .select('id')
      .where('external_id', '=', sleeper!)
      .executeTakeFirstOrThrow();
    const row = await h.app.db
      .selectFrom('session_deliveries')
      .select('status')
      .where('session_id', '=', id)
      .where('member_id', '=', member.id)
      .where('kind', '=', 'announce')
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('pending');
    const held = await vi.waitFor(
      async () => {
        const delayed = await h.app.jobs.queues.outbox.getDelayed();
        // The job itself waits, under the row's own id.
        const job = delayed.find(
          (j) => j.id === `session-${id}-${member.id}-announce` && j.data.memberId === member.id,
        );
        expect(job).toBeDefined();
        return job;
      },
      { timeout: 20_000 },
    );
    // About an hour (until 10:00 local), give or take the test's own time.
    expect(held!.delay).toBeGreaterThan(55 * 60_000);
    expect(held!.delay).toBeLessThanOrEqual(60 * 60_000);
  });
});
