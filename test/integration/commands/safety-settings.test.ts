/**
 * The safety net's settings and clean-up through the real services on real Postgres and Redis:
 * `settings crisis-lines off` only where the signpost already gives the lines, and `forget me` removes every
 * waiting Redis job that names the member.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actor, messageText } from '../../helpers/actors.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { CRISIS_LINES_NEEDED } from '../../../src/services/admin/admin-feature.js';

let app: TestApp;
const admin = actor('UADMIN', { displayName: 'Ada Admin' });
const sam = actor('USAM', { displayName: 'Sam Example' });
const FULL = 'Staff line 0800 000 000 · Samaritans 116 123 · SHOUT 85258 · NHS 111 · 999';

async function say(who: typeof admin, text: string): Promise<string> {
  return messageText((await app.services.inbound.command({ actor: who, text })).message);
}

async function crisisLines(): Promise<boolean> {
  const w = await app.db.selectFrom('workspaces').select('crisis_lines').executeTakeFirstOrThrow();
  return w.crisis_lines;
}

beforeAll(async () => {
  app = await startTestApp({ label: 'safety-settings' });
  await app.services.inbound.installed({ platform: 'sandbox', workspaceId: 'W-test', installer: admin });
});
afterAll(async () => {
  await app?.close();
});

describe('crisis lines are never left out', () => {
  it('crisis-lines off is refused kindly while the signpost does not give them, and nothing changes', async () => {
    expect(await say(admin, 'settings crisis-lines off')).toContain(CRISIS_LINES_NEEDED.slice(0, 60));
    expect(await crisisLines()).toBe(true);
    await say(admin, 'signpost "Staff line 0800 000 000"');
    expect(await say(admin, 'settings crisis-lines off')).toContain(CRISIS_LINES_NEEDED.slice(0, 60));
    expect(await crisisLines()).toBe(true);
  });

  it('is allowed once the signpost names every line, and can be turned on again', async () => {
    await say(admin, `signpost "${FULL}"`);
    expect(await say(admin, 'settings crisis-lines off')).toContain('are off');
    expect(await crisisLines()).toBe(false);
    expect(await say(sam, 'settings crisis-lines on')).toContain('Only Roundtable admins');
    expect(await say(admin, 'settings crisis-lines on')).toContain('will appear');
    expect(await crisisLines()).toBe(true);
  });

  it('help carries the support lines', async () => {
    const help = await say(sam, 'help');
    expect(help).toContain('116 123');
    expect(help).toContain('not a crisis service');
  });
});

describe('forget me is final', () => {
  it('removes every waiting or delayed job that names the member, and no other', async () => {
    await say(sam, 'me');
    const member = await app.db
      .selectFrom('members')
      .select('id')
      .where('external_id', '=', 'USAM')
      .executeTakeFirstOrThrow();
    const other = await app.db
      .selectFrom('members')
      .select('id')
      .where('external_id', '=', 'UADMIN')
      .executeTakeFirstOrThrow();
    const outbox = app.jobs.queues.outbox;
    await outbox.add(
      'x',
      { kind: 'never.handled', memberId: member.id },
      { delay: 3_600_000, jobId: 'sam-1' },
    );
    await app.jobs.queues.tasks.add('y', { memberId: member.id }, { delay: 3_600_000, jobId: 'sam-2' });
    await outbox.add(
      'x',
      { kind: 'never.handled', memberId: other.id },
      { delay: 3_600_000, jobId: 'ada-1' },
    );

    await app.services.inbound.action({
      actor: sam,
      actionId: 'me.forget.confirm',
      value: 'confirm',
      values: {},
    });

    expect(await outbox.getJob('sam-1')).toBeUndefined();
    expect(await app.jobs.queues.tasks.getJob('sam-2')).toBeUndefined();
    expect(await outbox.getJob('ada-1')).toBeDefined();
    await (await outbox.getJob('ada-1'))?.remove();
    const hashes = await app.db.selectFrom('person_suppressions').selectAll().execute();
    expect(hashes).toEqual([{ hash: expect.stringMatching(/^[0-9a-f]{64}$/), reason: 'forgotten' }]);
    // The hash is not the id.
    expect(JSON.stringify(hashes)).not.toContain('USAM');
  });

  it('a button from someone forgotten does not store them again', async () => {
    const result = await app.services.inbound.action({
      actor: sam,
      actionId: 'consent.no',
      value: '1',
      values: {},
    });
    expect(messageText(result.reply)).toContain('no longer active');
    const rows = await app.db.selectFrom('members').select('id').where('external_id', '=', 'USAM').execute();
    expect(rows).toHaveLength(0);
  });
});

describe('a forgotten person opening the app', () => {
  it('is shown how to come back, and is not stored again', async () => {
    const view = await app.services.inbound.home(sam);
    expect(view.text).toContain('keeps nothing about you');
    const rows = await app.db.selectFrom('members').select('id').where('external_id', '=', 'USAM').execute();
    expect(rows).toHaveLength(0);
  });
});

describe('an admin naming someone who said forget me', () => {
  const mention = '<@USAM>';
  it.each([
    ['admin add', `admin add ${mention}`],
    ['role', `role ${mention} frontline`],
    ['safeguarding add', `safeguarding add ${mention}`],
  ])('%s is refused kindly and does not store them again', async (_label, text) => {
    const before = await app.db.selectFrom('audit_log').select('id').execute();
    const reply = await say(admin, text);
    expect(reply).toContain("isn't using Roundtable at the moment");
    expect(reply).toContain('Nothing was changed');
    expect(reply).not.toContain('Sam Example');
    const rows = await app.db.selectFrom('members').select('id').where('external_id', '=', 'USAM').execute();
    expect(rows).toHaveLength(0);
    const after = await app.db.selectFrom('audit_log').select('id').execute();
    expect(after.length).toBe(before.length);
  });
});
