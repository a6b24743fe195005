/**
 * "Not with people from <organisation>": a member's own choice, never a named person. The answer is the same
 * whether or not anyone from that organisation is in the pool (it must not tell who is there), the round keeps
 * to it, the member sees their list in `me`, and `forget me` removes it. People without an organisation are
 * asked for one when they join.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, leader, person, received, say, startHarness } from './pairing-harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness('pairing-avoid');
});
afterAll(async () => {
  await h?.close();
});

const rows = () => h.app.db.selectFrom('pairing_avoid_orgs').selectAll().orderBy('org').execute();

describe('pairing avoid', () => {
  it('asks a leader without an organisation for one when they join, once, with a way to skip', async () => {
    const nell = person('slack', 'Nell Noorg');
    await say(h, nell, 'me role leader');
    const joined = await say(h, nell, 'pairing join');
    expect(joined).toContain('Which organisation do you work for?');
    expect(joined).toContain('me org "<name>"');
    expect(joined).toContain('You can skip this.');
    const withOrg = person('slack', 'Olu Withorg');
    await say(h, withOrg, 'me role leader');
    await say(h, withOrg, 'me org "Shelter"');
    expect(await say(h, withOrg, 'pairing join')).not.toContain('Which organisation');
    await say(h, nell, 'pairing leave');
    await say(h, withOrg, 'pairing leave');
  });

  it('answers the same whether or not anyone from there is in the pool', async () => {
    const cara = person('slack', 'Cara Council');
    await leader(h, cara, 'Northshire Council');
    const asker = person('slack', 'Ash Asker');
    await leader(h, asker, 'Southshire Trust');
    const there = await say(h, asker, 'pairing avoid "Northshire Council"');
    const notThere = await say(h, asker, 'pairing avoid "Nowhere Borough Council"');
    const shape = (t: string, org: string) => t.replaceAll(org, '<org>').replace(/Your list: [^.]*\. /g, '');
    expect(shape(there, 'northshire council')).toBe(shape(notThere, 'nowhere borough council'));
    expect(there).toContain('I do not say whether anyone from there is in the pool');
    expect((await rows()).map((r) => r.org)).toEqual(['northshire council', 'nowhere borough council']);

    // The round keeps to it: with only Cara and Ash in the pool, Ash is not grouped with her.
    const started = await say(h, h.slackAdmin, 'pairing now');
    expect(started).toContain('No groups could be formed this round');
    await received(h, asker, /I could not (pair you|find a group)/);
    const groups = await h.app.db.selectFrom('pairing_group_members').selectAll().execute();
    expect(groups).toHaveLength(0);
  });

  it('is refused kindly for their own organisation, an overlong name or a full list, changing nothing', async () => {
    const dee = person('slack', 'Dee Director');
    await leader(h, dee, 'Probation Service');
    const before = await rows();
    expect(await say(h, dee, 'pairing avoid "probation  service"')).toContain(
      'the organisation you work for',
    );
    expect(await say(h, dee, `pairing avoid "${'x'.repeat(101)}"`)).toContain('longer than 100 characters');
    for (const org of ['A1', 'B2', 'C3', 'D4', 'E5']) await say(h, dee, `pairing avoid "${org}"`);
    const full = await say(h, dee, 'pairing avoid "F6"');
    expect(full).toContain('your list is full');
    expect(full).toContain('Nothing was changed');
    expect((await rows()).length).toBe(before.length + 5);
    expect(await say(h, dee, 'me')).toContain('Organisations you chose not to be grouped with: "a1", "b2"');
    expect(await say(h, dee, 'pairing avoid none')).toContain('Your list of organisations to avoid is empty');
    expect(await say(h, dee, 'pairing avoid none')).toContain('already empty');
    expect((await rows()).length).toBe(before.length);
  });

  it('goes with forget me', async () => {
    const fay = person('teams', 'Fay Forget');
    await leader(h, fay, 'Fire Service');
    await say(h, fay, 'pairing avoid "Police"');
    const member = await h.app.db
      .selectFrom('members')
      .select('id')
      .where('external_id', '=', fay.userId)
      .executeTakeFirstOrThrow();
    expect((await rows()).some((r) => r.member_id === member.id)).toBe(true);
    await h.app.services.inbound.action({
      actor: fay,
      actionId: 'me.forget.confirm',
      value: 'confirm',
      values: {},
    });
    expect((await rows()).some((r) => r.member_id === member.id)).toBe(false);
  });
});
