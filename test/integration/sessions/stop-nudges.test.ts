/**
 * `stop` ends session invitations: a person who said stop is never picked for a mix nudge (nor takes a nudge's
 * place), while the others of their band are invited as before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STOPPED } from '../../../src/services/members/member-feature.js';
import {
  addMembers,
  addSession,
  messagesTo,
  type SessionsHarness,
  say,
  settle,
  startSessionsApp,
} from './helpers.js';

const DAY = 24 * 3_600_000;
let h: SessionsHarness;
let lived: string[];

beforeAll(async () => {
  h = await startSessionsApp('sess-stop');
  lived = await addMembers(h, 'L', 'lived-experience', 3);
  await addMembers(h, 'M', 'manager', 2);
});
afterAll(async () => {
  await h?.app.close();
});

describe('stop ends mix nudges', () => {
  it('a stopped person is never nudged; the rest of their band is', async () => {
    expect(await say(h, lived[0]!, 'stop')).toContain(STOPPED.slice(0, 40));
    h.clock.set(new Date('2026-03-02T09:00:00Z'));
    const id = await addSession(
      h,
      '"Boundaries" on 2026-03-20 at 12:00 capacity 10 mix lived-experience 3 to role manager',
    );
    await settle(h);
    h.clock.set(new Date(new Date('2026-03-20T12:00:00Z').getTime() - 7 * DAY));
    expect((await h.sessions.dueWork.runDueWork(h.clock.now())).steps).toEqual([`${id}:nudge-168h`]);
    await settle(h);
    const nudged = (
      await h.app.db
        .selectFrom('session_nudges')
        .innerJoin('members', 'members.id', 'session_nudges.member_id')
        .select('members.external_id')
        .where('session_nudges.session_id', '=', id)
        .execute()
    )
      .map((r) => r.external_id)
      .sort();
    expect(nudged).toEqual([lived[1], lived[2]].sort());
    expect(messagesTo(h, lived[0]!, /You're invited/)).toHaveLength(0);
    expect(messagesTo(h, lived[1]!, /You're invited/)).toHaveLength(1);
  });
});
