import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_ONLY } from '../../../src/services/inbound.js';
import {
  ADMIN,
  actor,
  addMembers,
  addSession,
  click,
  type SessionsHarness,
  say,
  settle,
  startSessionsApp,
} from './helpers.js';

let h: SessionsHarness;
let id: number;
let frontline: string[];
let managers: string[];

beforeAll(async () => {
  h = await startSessionsApp('sess-cmd');
  frontline = await addMembers(h, 'F', 'frontline', 7);
  managers = await addMembers(h, 'M', 'manager', 3);
  await addMembers(h, 'L', 'leader', 2);
  id = await addSession(
    h,
    '"Trauma-informed practice" on 2026-03-20 at 12:00 for 45m capacity 8 where "https://meet.example.org/x" mix frontline 50%, leader 2 to everyone',
  );
  await settle(h);
  for (const u of [...managers, frontline[0]!]) await click(h, u, 'session.rsvp', `${id}:going`);
});
afterAll(async () => {
  await h?.app.close();
});

describe('session commands', () => {
  it('session mix gives people per band against the target through the disclosure rule — never names', async () => {
    const text = await say(h, ADMIN, `session mix ${id}`);
    expect(text).toContain('Going: fewer than 5 (4 places left); waitlist: nobody');
    expect(text).toContain('- frontline: fewer than 5 going, target 50% (4), under target');
    expect(text).toContain('- leader: nobody going, target 2, under target');
    expect(text).toContain('Also going: manager fewer than 5');
    expect(text).toContain('A nudge now would invite people from: frontline, leader');
    expect(text).not.toMatch(/Name-|\bF\d\b|\bM\d\b/);
  });

  it('refuses admin-only session commands to members and changes nothing', async () => {
    const before = await h.app.db.selectFrom('sessions').select('id').execute();
    expect(await say(h, 'F2', 'session add "Mine" on 2026-03-21 at 10:00 to everyone')).toBe(ADMIN_ONLY);
    expect(await say(h, 'F2', `session cancel ${id}`)).toBe(ADMIN_ONLY);
    expect(await say(h, 'F2', `session mix ${id}`)).toBe(ADMIN_ONLY);
    const after = await h.app.db.selectFrom('sessions').select(['id', 'status']).execute();
    expect(after).toHaveLength(before.length);
    expect(after.every((s) => s.status === 'scheduled')).toBe(true);
  });

  it('menu (and session list) works for anyone, with RSVP buttons, the bitesize mark and my answer', async () => {
    const reply = await h.app.services.inbound.command({ actor: actor(managers[0]!), text: 'menu' });
    const m = reply.message!;
    const all = JSON.stringify(m.blocks);
    expect(all).toContain('Trauma-informed practice (bitesize)');
    expect(all).toContain('Your answer: going');
    expect(all).toContain(`"value":"${id}:going"`);
    expect(m.blocks).toContainEqual({
      type: 'link',
      text: 'Where: join online',
      url: 'https://meet.example.org/x',
    });
    expect(await say(h, 'F5', 'session list')).toBe('1 upcoming session');
  });

  it('session list shows an admin the id that session mix and session cancel take', async () => {
    const list = await h.app.services.inbound.command({ actor: actor(ADMIN), text: 'session list' });
    const shown = JSON.stringify(list.message!.blocks);
    const listed = /Session id (\d+) · `session cancel \1` · `session mix \1`/.exec(shown)?.[1];
    expect(listed).toBe(String(id));
    // The id shown is the one the commands take.
    expect(await say(h, ADMIN, `session mix ${listed}`)).toContain('Going: fewer than 5 (4 places left)');
    const member = await h.app.services.inbound.command({ actor: actor('F5'), text: 'session list' });
    expect(JSON.stringify(member.message!.blocks)).not.toMatch(/Session id|session cancel/);
  });

  it('an unknown id is named, not a crash', async () => {
    expect(await say(h, ADMIN, 'session mix 4242')).toMatch(/no session with id 4242/);
    expect(await say(h, ADMIN, 'session cancel 4242')).toMatch(/no session with id 4242/);
  });

  it('me lists my RSVPs with the band recorded; home shows upcoming sessions', async () => {
    expect(await say(h, managers[0]!, 'me')).toMatch(/Trauma-informed practice \(going, as manager\)/);
    const home = await h.app.services.inbound.home(actor(managers[0]!));
    expect(JSON.stringify(home.blocks)).toMatch(/Upcoming sessions.*Trauma-informed practice.*you are going/);
  });

  it('forget me removes RSVPs, nudges and deliveries by cascade', async () => {
    const member = await h.app.db
      .selectFrom('members')
      .select('id')
      .where('external_id', '=', managers[2]!)
      .executeTakeFirstOrThrow();
    const had = await h.app.db
      .selectFrom('session_rsvps')
      .select('member_id')
      .where('member_id', '=', member.id)
      .execute();
    expect(had).toHaveLength(1);
    await h.app.db.deleteFrom('members').where('id', '=', member.id).execute();
    for (const table of [
      'session_rsvps',
      'session_deliveries',
      'session_nudges',
      'session_reflections',
    ] as const) {
      const rows = await h.app.db
        .selectFrom(table)
        .select('member_id')
        .where('member_id', '=', member.id)
        .execute();
      expect(rows, table).toEqual([]);
    }
  });

  it('refuses a session time that has already passed today', async () => {
    h.clock.set(new Date('2026-03-02T15:00:00Z'));
    expect(await say(h, ADMIN, 'session add "Too late" on 2026-03-02 at 09:00 to everyone')).toMatch(
      /already passed/,
    );
  });
});
