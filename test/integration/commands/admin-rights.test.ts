/**
 * Who is an admin. A platform workspace owner or admin (Slack `is_owner`/`is_admin`) is always one. "The first
 * installer becomes admin" only bootstraps a workspace with no admin at all, and every install is audited; in Teams
 * (a workspace is a tenant) a person who adds the app to another team gets no admin rights. Joining the leaders'
 * pool is self-declared, and the join message says so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/ports.js';
import { actor, messageText } from '../../helpers/actors.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ label: 'adminrights' });
});
afterAll(async () => {
  await app?.close();
});

async function say(who: Actor, text: string): Promise<string> {
  return messageText((await app.services.inbound.command({ actor: who, text })).message);
}

async function audits(
  workspaceExternal: string,
): Promise<Array<{ action: string; after: unknown; who: string }>> {
  return app.db
    .selectFrom('audit_log as a')
    .innerJoin('workspaces as w', 'w.id', 'a.workspace_id')
    .innerJoin('members as m', 'm.id', 'a.target_member_id')
    .select(['a.action', 'a.after', 'm.external_id as who'])
    .where('w.external_id', '=', workspaceExternal)
    .where('a.action', 'like', 'install.%')
    .orderBy('a.id')
    .execute();
}

describe('admin rights', () => {
  it('a platform workspace owner or admin is always a Roundtable admin, even when someone else installed', async () => {
    const ws = { workspaceId: 'W-owner' };
    await app.services.inbound.installed({ platform: 'sandbox', ...ws, installer: actor('UINST', ws) });
    const owner = actor('UOWNER', { ...ws, platformAdmin: true });
    expect(await say(owner, 'settings k 4')).not.toContain('Only Roundtable admins');
    const plain = actor('UPLAIN', ws);
    expect(await say(plain, 'settings k 5')).toContain('Only Roundtable admins');
  });

  it('the first installer becomes admin only in a workspace with no admin at all, and it is audited', async () => {
    const ws = { workspaceId: 'W-first' };
    await app.services.inbound.installed({ platform: 'sandbox', ...ws, installer: actor('UFIRST', ws) });
    expect(await say(actor('UFIRST', ws), 'admin list')).not.toContain('Only Roundtable admins');
    // A reinstall by someone else never adds an admin.
    await app.services.inbound.installed({ platform: 'sandbox', ...ws, installer: actor('USECOND', ws) });
    expect(await say(actor('USECOND', ws), 'admin list')).toContain('Only Roundtable admins');
    expect(await audits('W-first')).toEqual([
      { action: 'install.first-admin', after: null, who: 'UFIRST' },
      { action: 'install.no-admin-rights', after: null, who: 'USECOND' },
    ]);
  });

  it('a workspace whose platform admin we already know gets no installer admin', async () => {
    const ws = { workspaceId: 'W-known-owner' };
    await say(actor('UOWN', { ...ws, platformAdmin: true }), 'me');
    await app.services.inbound.installed({ platform: 'sandbox', ...ws, installer: actor('UINSTALLS', ws) });
    expect(await say(actor('UINSTALLS', ws), 'admin list')).toContain('Only Roundtable admins');
    expect((await audits('W-known-owner')).map((a) => a.action)).toEqual(['install.no-admin-rights']);
  });

  it('Teams: adding the app to a second team of the tenant gives that installer nothing; each team is audited', async () => {
    const tenant = { platform: 'teams' as const, workspaceId: 'tenant-1' };
    await app.services.inbound.installed({
      ...tenant,
      teamId: 'team-a',
      installer: { ...tenant, userId: 'aad-a' },
    });
    await app.services.inbound.installed({
      ...tenant,
      teamId: 'team-b',
      installer: { ...tenant, userId: 'aad-b' },
    });
    expect(await say({ ...tenant, userId: 'aad-a' }, 'admin list')).not.toContain('Only Roundtable admins');
    expect(await say({ ...tenant, userId: 'aad-b' }, 'admin list')).toContain('Only Roundtable admins');
    expect(await audits('tenant-1')).toEqual([
      { action: 'install.first-admin', after: { team: 'team-a' }, who: 'aad-a' },
      { action: 'install.no-admin-rights', after: { team: 'team-b' }, who: 'aad-b' },
    ]);
  });

  it('anyone may declare themselves a leader to join the pool, and the join message says leaders are self-declared', async () => {
    const ws = { workspaceId: 'W-first' };
    await say(actor('ULEAD', ws), 'me role leader');
    const joined = await say(actor('ULEAD', ws), 'pairing join');
    expect(joined).toContain('You are in the peer support pool');
    expect(joined).toContain('Leaders are self-declared');
  });
});
