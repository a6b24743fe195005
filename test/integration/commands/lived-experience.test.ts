/**
 * Lived experience is a person's own private word, not a band (issue 17), through the real services on real
 * Postgres and Redis, tested as attacks: an admin cannot set it for someone, cannot see who has it in any admin
 * output (`status`, `session mix`), and sees a count only from k people, rounded. `forget me` takes it away.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIVED_EXPERIENCE_NOT_FOR_ADMINS } from '../../../src/core/commands/parse-args.js';
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
} from '../sessions/helpers.js';

let h: SessionsHarness;

async function row(userId: string) {
  return h.app.db.selectFrom('members').selectAll().where('external_id', '=', userId).executeTakeFirst();
}

/** Every admin-visible output that could depend on the attribute, as one text. */
async function adminViews(sessionId: number): Promise<string> {
  return [
    await say(h, ADMIN, 'status'),
    await say(h, ADMIN, `session mix ${sessionId}`),
    await say(h, ADMIN, 'session list'),
    await say(h, ADMIN, 'checkin list'),
  ].join('\n');
}

beforeAll(async () => {
  h = await startSessionsApp('lived-exp');
  await addMembers(h, 'F', 'frontline', 6);
  await say(h, 'URUTH', 'me role frontline');
}, 60_000);
afterAll(async () => {
  await h?.app.close();
});

describe('lived-experience attribute never admin-settable and never shown under k', () => {
  it('refuses `role @user lived-experience` kindly and changes nothing', async () => {
    const before = await row('URUTH');
    const audits = await h.app.db.selectFrom('audit_log').selectAll().execute();
    for (const words of ['lived-experience', 'lived experience']) {
      const reply = await say(h, ADMIN, `role <@URUTH|ruth> ${words}`);
      expect(reply).toContain(LIVED_EXPERIENCE_NOT_FOR_ADMINS);
      expect(reply).not.toContain('!');
    }
    const after = await row('URUTH');
    expect(after).toEqual(before);
    expect(after?.lived_experience).toBe(false);
    expect(after?.band).toBe('frontline');
    expect(await h.app.db.selectFrom('audit_log').selectAll().execute()).toEqual(audits);
  });

  it('is set by the person, who is told nobody sees it by name', async () => {
    const reply = await say(h, 'URUTH', 'me lived-experience yes');
    expect(reply).toContain('Nobody sees this by name');
    expect(reply).not.toContain('!');
    expect((await row('URUTH'))?.lived_experience).toBe(true);
    // With any band: the role stays.
    expect((await row('URUTH'))?.band).toBe('frontline');
    expect(await say(h, 'URUTH', 'me')).toContain('Lived experience: yes (only you see this');
  });

  it('shows an admin no count below k, and no "met" that would point at the people going', async () => {
    // Two people with lived experience (fewer than k = 5), one of them going, beside three frontline people.
    await say(h, 'F1', 'me lived-experience yes');
    const id = await addSession(
      h,
      '"Co-production" on 2026-03-20 at 12:00 capacity 10 mix lived-experience 1, frontline 2 to everyone',
    );
    await settle(h);
    for (const u of ['URUTH', 'F2', 'F3']) await click(h, u, 'session.rsvp', `${id}:going`);

    const views = await adminViews(id);
    expect(views).toContain('People who said they have lived experience: fewer than 5');
    expect(views).toContain(
      '- lived-experience: fewer than 5 going, target 1; whether it is met is shown only',
    );
    expect(views).toContain('- frontline: fewer than 5 going, target 2, met');
    // The target is met (Ruth is going), but nothing says so, and no nudge names the group.
    const mixLines = views.split('\n').filter((l) => l.includes('lived-experience'));
    for (const l of mixLines) expect(l).not.toMatch(/, met\b|, under target|invite people from/);
    expect(views).not.toMatch(/URUTH|ruth|Ruth|Name-F1|Name-URUTH/);
  });

  it('sends `to role lived-experience` to the people who said so, and tells the admin no number under k', async () => {
    const reply = await say(h, ADMIN, 'checkin now to role lived-experience');
    expect(reply).toContain('everyone who said they have lived experience');
    await settle(h);
    const list = await say(h, ADMIN, 'checkin list');
    expect(list).not.toMatch(/\b[12] people|URUTH|Name-F1/);
    const sentTo = await h.app.db
      .selectFrom('deliveries')
      .innerJoin('members', 'members.id', 'deliveries.member_id')
      .select('members.external_id')
      .execute();
    expect(sentTo.map((r) => r.external_id).sort()).toEqual(['F1', 'URUTH']);
  });

  it('shows the count, rounded, once at least k people have it', async () => {
    await addMembers(h, 'L', 'lived-experience', 4);
    const id = await addSession(
      h,
      '"Later" on 2026-03-27 at 12:00 capacity 20 mix lived-experience 5 to everyone',
    );
    await settle(h);
    for (const u of ['URUTH', 'L1', 'L2', 'L3', 'L4']) await click(h, u, 'session.rsvp', `${id}:going`);
    const views = await adminViews(id);
    expect(views).toContain('People who said they have lived experience: about 5');
    expect(views).toContain('- lived-experience: about 5 going, target 5, met');
    expect(views).not.toMatch(/URUTH|Name-L\d/);
  });

  it('can be set in the settings form by the person; a forged value changes nothing', async () => {
    const form = (values: Record<string, string>) =>
      h.app.services.inbound.form({ actor: actor('F2'), formId: 'settings.me', values });
    const before = await row('F2');
    const bad = await form({ livedExperience: 'admin-says-so', scale: 'on' });
    expect(bad.errors?.livedExperience).toBe('Choose yes, or no.');
    expect(await row('F2')).toEqual(before);
    await form({ livedExperience: 'yes', scale: 'off' });
    expect(await row('F2')).toMatchObject({ lived_experience: true, energy_scale: false, band: 'frontline' });
    // F2 is going to the first session: the reply now counts them too, as a new reply would.
    const replies = await h.app.db
      .selectFrom('session_rsvps')
      .select('lived_experience')
      .where('member_id', '=', before!.id)
      .execute();
    expect(replies.every((r) => r.lived_experience)).toBe(true);
    await form({ livedExperience: 'no', scale: 'on' });
    expect(await row('F2')).toMatchObject({ lived_experience: false, energy_scale: true });
  });

  it('goes with `forget me`', async () => {
    await say(h, 'URUTH', 'forget me');
    await click(h, 'URUTH', 'me.forget.confirm', 'confirm');
    expect(await row('URUTH')).toBeUndefined();
    const rsvps = await h.app.db
      .selectFrom('session_rsvps')
      .select('lived_experience')
      .where('lived_experience', '=', true)
      .execute();
    // Ruth's replies went with her; the four L people and F1 (who is not going anywhere) remain.
    expect(rsvps).toHaveLength(4);
  });

  it('can be taken back by the person, from their session replies too', async () => {
    expect(await say(h, 'L1', 'me lived-experience no')).toContain('no longer holds');
    expect((await row('L1'))?.lived_experience).toBe(false);
    const replies = await h.app.db
      .selectFrom('session_rsvps')
      .select('lived_experience')
      .where('member_id', '=', (await row('L1'))!.id)
      .execute();
    expect(replies.length).toBeGreaterThan(0);
    expect(replies.every((r) => !r.lived_experience)).toBe(true);
  });
});
