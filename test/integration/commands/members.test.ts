/**
 * Member controls through the real services on real Postgres: `me` shows what is stored, settings change only
 * the caller's own row, pause resumes by itself, privacy reflects the real settings, and `forget me` leaves no
 * personal row behind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actor, messageText } from '../../helpers/actors.js';
import { tablesMentioning } from '../../helpers/db-snapshot.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

let app: TestApp;
const admin = actor('UADMIN', { displayName: 'Ada Admin' });
const ruth = actor('URUTH', {
  displayName: 'Ruth Example',
  email: 'ruth@example.org',
  timezone: 'Europe/London',
});

async function say(who: typeof admin, text: string, channelId?: string): Promise<string> {
  const r = await app.services.inbound.command({ actor: who, text, channelId });
  return messageText(r.message);
}

beforeAll(async () => {
  app = await startTestApp({ label: 'members' });
  await app.services.inbound.installed({ platform: 'sandbox', workspaceId: 'W-test', installer: admin });
});
afterAll(async () => {
  await app?.close();
});

describe('member controls', () => {
  it('me shows exactly what is stored, and settings change it', async () => {
    expect(await say(ruth, 'me role frontline')).toContain('Your role is now frontline');
    expect(await say(ruth, 'me org "Example Housing Trust"')).toContain('organisation is saved');
    expect(await say(ruth, 'me timezone Asia/Kolkata')).toContain('Asia/Kolkata');
    expect(await say(ruth, 'me quiet 18:00-08:00')).toContain('between 18:00 and 08:00');
    const me = await say(ruth, 'me');
    expect(me).toContain('Ruth Example');
    expect(me).toContain('ruth@example.org');
    expect(me).toContain('Role: frontline');
    expect(me).toContain('Example Housing Trust');
    expect(me).toContain('Asia/Kolkata');
    expect(me).toContain('18:00-08:00');
    // A zone the person chose is not overwritten by the platform's profile on the next event.
    await say(ruth, 'help');
    const row = await app.db
      .selectFrom('members')
      .selectAll()
      .where('external_id', '=', 'URUTH')
      .executeTakeFirstOrThrow();
    expect(row.timezone).toBe('Asia/Kolkata');
    expect(row.timezone_source).toBe('member');
  });

  it('bad input gets a specific message and changes nothing', async () => {
    const before = await app.db
      .selectFrom('members')
      .selectAll()
      .where('external_id', '=', 'URUTH')
      .executeTakeFirstOrThrow();
    expect(await say(ruth, 'me role boss')).toMatch(/boss/);
    expect(await say(ruth, 'me timezone Mars/Olympus')).toMatch(/Mars\/Olympus/);
    expect(await say(ruth, 'me quiet 25:00-08:00')).toMatch(/25:00/);
    const after = await app.db
      .selectFrom('members')
      .selectAll()
      .where('external_id', '=', 'URUTH')
      .executeTakeFirstOrThrow();
    expect(after).toEqual(before);
  });

  it('pause for N weeks resumes by itself; resume ends it sooner', async () => {
    expect(await say(ruth, 'me pause for 3 weeks')).toContain('2026-03-23');
    expect(await say(ruth, 'me')).toContain('Paused: until 2026-03-23');
    app.clock.advance(22 * 24 * 3600_000);
    expect(await say(ruth, 'me')).toContain('Paused: no');
    await say(ruth, 'me pause');
    expect(await say(ruth, 'me')).toMatch(/Paused: until/);
    expect(await say(ruth, 'me resume')).toContain('Welcome back');
    expect(await say(ruth, 'me')).toContain('Paused: no');
  });

  it('privacy is generated from the real settings', async () => {
    expect(await say(ruth, 'privacy')).toContain('at least 5 different people');
    await say(admin, 'settings k 8');
    await say(admin, 'settings retention 90 days');
    const text = await say(ruth, 'privacy');
    expect(text).toContain('at least 8 different people');
    expect(text).toContain('after 90 days');
  });

  it('help shows member topics to members and admin topics to admins', async () => {
    const member = await say(ruth, 'help');
    const forAdmin = await say(admin, 'help admin');
    expect(member).toContain('me');
    expect(forAdmin).toContain('signpost');
  });

  it('unknown words get a did-you-mean and the usage line', async () => {
    const text = await say(ruth, 'chekin list');
    expect(text).toContain('Did you mean "checkin"?');
    expect(text).toContain('Usage:');
  });

  it('forget me asks first, then leaves no personal row behind', async () => {
    // Give Ruth rows in other tables: an audit row as the target of an admin change, a cadence she created.
    await say(admin, 'admin add <@URUTH|ruth>');
    await say(ruth, 'checkin schedule every weekday at 09:30 to everyone');
    await say(admin, 'role <@URUTH|ruth> manager');
    const member = await app.db
      .selectFrom('members')
      .selectAll()
      .where('external_id', '=', 'URUTH')
      .executeTakeFirstOrThrow();
    const confirm = await app.services.inbound.command({ actor: ruth, text: 'forget me' });
    expect(messageText(confirm.message)).toContain('Yes, delete my data');
    expect(await tablesMentioning(app.db, [member.id])).not.toEqual([]);

    const result = await app.services.inbound.action({
      actor: ruth,
      actionId: 'me.forget.confirm',
      value: 'confirm',
      values: {},
    });
    expect(messageText(result.update)).toContain('has been deleted');
    const leftovers = await tablesMentioning(app.db, [
      member.id,
      'URUTH',
      'Ruth Example',
      'ruth@example.org',
      'Example Housing Trust',
    ]);
    expect(leftovers).toEqual([]);
  });
});
