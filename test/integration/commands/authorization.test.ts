/**
 * Every admin command said by a member is refused and changes nothing (checked in the database), and the same
 * for an admin form submitted by a member. The list of admin commands comes from the core's command table, so a
 * new admin command is covered here automatically once it has a sample below.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_ONLY } from '../../../src/core/commands/index.js';
import type { CommandKind } from '../../../src/core/commands/command.js';
import { actor, messageText } from '../../helpers/actors.js';
import { snapshotAll } from '../../helpers/db-snapshot.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

/** One sample per admin command kind. */
const SAMPLES: Record<string, string> = {
  'checkin.schedule': 'checkin schedule every weekday at 09:30 to everyone',
  'checkin.now': 'checkin now to everyone',
  'checkin.list': 'checkin list',
  'checkin.pause': 'checkin pause 1',
  'checkin.resume': 'checkin resume 1',
  'checkin.delete': 'checkin delete 1',
  'report.checkins': 'report checkins weeks 4',
  'report.export': 'report export from 2026-01-01 to 2026-01-31',
  'digest.schedule': 'digest schedule every week on friday at 15:00 to <#C1|general>',
  'digest.respond': 'digest respond D-7K2Q "We heard you"',
  'digest.responses': 'digest responses',
  'report.respond': 'report respond last week "we will do better"',
  'pairing.schedule': 'pairing schedule every 2 weeks on monday at 09:00 size 3',
  'pairing.now': 'pairing now',
  'pairing.end': 'pairing end',
  'pairing.status': 'pairing status',
  'session.add': 'session add "Boundaries" on 2026-12-10 at 14:00 for 45m capacity 12',
  'session.cancel': 'session cancel 1',
  'session.mix': 'session mix 1',
  'admin.add': 'admin add <@UMEMBER|member>',
  'admin.remove': 'admin remove <@UADMIN|admin>',
  'admin.list': 'admin list',
  'safeguarding.add': 'safeguarding add <@UMEMBER|member>',
  'safeguarding.remove': 'safeguarding remove <@UADMIN|admin>',
  'safeguarding.list': 'safeguarding list',
  'role.set': 'role <@UADMIN|admin> frontline',
  signpost: 'signpost "Call the staff line on 0800 000 000"',
  'settings.k': 'settings k 3',
  'settings.retention': 'settings retention 30 days',
  'settings.timezone': 'settings timezone America/New_York',
  'settings.crisis-lines': 'settings crisis-lines off',
  status: 'status',
  'community.create': 'community create "North Partnership"',
  'community.join': 'community join ABCD-EFGH-IJKL',
  'community.leave': 'community leave',
  'panel.add': 'panel add <@UMEMBER|member>',
  'panel.remove': 'panel remove <@UADMIN|admin>',
  'panel.list': 'panel list',
};

let app: TestApp;
const admin = actor('UADMIN');
const member = actor('UMEMBER');

beforeAll(async () => {
  app = await startTestApp({ label: 'authz' });
  await app.services.inbound.installed({ platform: 'sandbox', workspaceId: 'W-test', installer: admin });
  // The admin sets things up so that pause/delete/remove have something to act on.
  const r = await app.services.inbound.command({
    actor: admin,
    text: 'checkin schedule every weekday at 09:30 to everyone',
  });
  expect(messageText(r.message)).toContain('Scheduled check-in 1');
  await app.services.inbound.command({ actor: member, text: 'help' });
});
afterAll(async () => {
  await app?.close();
});

describe('authorization', () => {
  it('has a sample for every admin command of the command table', () => {
    const missing = [...ADMIN_ONLY].filter((k: CommandKind) => !SAMPLES[k]);
    expect(missing).toEqual([]);
  });

  it.each([...ADMIN_ONLY])('%s said by a member is refused and changes nothing', async (kind) => {
    const before = await snapshotAll(app.db);
    const reply = await app.services.inbound.command({
      actor: member,
      text: SAMPLES[kind]!,
      channelId: 'C1',
    });
    const text = messageText(reply.message);
    expect(text).toContain('Only Roundtable admins can do that');
    expect(await snapshotAll(app.db)).toEqual(before);
  });

  it('an admin settings form submitted by a member is refused and changes nothing', async () => {
    const before = await snapshotAll(app.db);
    const result = await app.services.inbound.form({
      actor: member,
      formId: 'settings.workspace',
      values: { k: '3', retention: '7', timezone: 'UTC', signpost: 'x' },
    });
    expect(messageText(result.reply)).toContain('Only Roundtable admins can do that');
    expect(await snapshotAll(app.db)).toEqual(before);
  });

  it('the same command from the admin works and writes an audit row', async () => {
    const reply = await app.services.inbound.command({ actor: admin, text: 'settings k 7' });
    expect(messageText(reply.message)).toContain('at least 7 different people');
    const audit = await app.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'settings.k')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.before).toEqual({ k: 5 });
    expect(audit[0]!.after).toEqual({ k: 7 });
    expect(audit[0]!.actor_member_id).not.toBeNull();
  });

  it('safeguarding add, list and remove name who reads reports, with an audit trail', async () => {
    const say = async (text: string) =>
      messageText((await app.services.inbound.command({ actor: admin, text })).message);
    expect(await say('safeguarding list')).toContain('No safeguarding contact is named yet');
    expect(await say('safeguarding add <@UMEMBER|member>')).toContain('is now a safeguarding contact');
    expect(await say('safeguarding add <@UMEMBER|member>')).toContain('is already a safeguarding contact');
    expect(await say('safeguarding list')).toContain('Safeguarding contacts');
    expect(await say('safeguarding remove <@UMEMBER|member>')).toContain(
      'is no longer a safeguarding contact',
    );
    expect(await say('safeguarding remove <@UMEMBER|member>')).toContain('nothing changed');
    const audit = await app.db
      .selectFrom('audit_log')
      .select(['action', 'target_member_id'])
      .where('action', 'like', 'safeguarding.%')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['safeguarding.add', 'safeguarding.remove']);
    expect(audit.every((a) => a.target_member_id !== null)).toBe(true);
  });

  it('admin add and remove change rights, with an audit trail', async () => {
    let reply = await app.services.inbound.command({ actor: admin, text: 'admin add <@UMEMBER|member>' });
    expect(messageText(reply.message)).toContain('is now a Roundtable admin');
    reply = await app.services.inbound.command({ actor: member, text: 'settings retention 30 days' });
    expect(messageText(reply.message)).toContain('30 days');
    reply = await app.services.inbound.command({ actor: admin, text: 'admin remove <@UMEMBER|member>' });
    expect(messageText(reply.message)).toContain('no longer a Roundtable admin');
    reply = await app.services.inbound.command({ actor: member, text: 'settings retention 60 days' });
    expect(messageText(reply.message)).toContain('Only Roundtable admins');
    const actions = (await app.db.selectFrom('audit_log').select('action').orderBy('id').execute()).map(
      (r) => r.action,
    );
    expect(actions).toEqual(expect.arrayContaining(['admin.add', 'settings.retention', 'admin.remove']));
  });

  it('a platform workspace admin is an admin without being added', async () => {
    const owner = actor('UOWNER', { platformAdmin: true });
    const reply = await app.services.inbound.command({ actor: owner, text: 'status' });
    expect(messageText(reply.message)).toContain('Members known to Roundtable');
  });
});
