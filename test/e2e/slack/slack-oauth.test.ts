import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textMessage } from '../../../src/core/messages/message.js';
import { Unauthorized } from '../../../src/errors.js';
import type { FakeWorkspace } from '../../fakes/fake-slack.js';
import { eventCallback, slashCommand } from '../../fakes/slack-requests.js';
import { SECRET, type SlackHarness, startSlackHarness } from './slack-harness.js';

const WS: FakeWorkspace = {
  teamId: 'T0OAUTH',
  teamName: 'Riverside Partnership',
  botToken: 'xoxb-oauth-secret-token-42',
  botUserId: 'UBOT2',
  botId: 'BBOT2',
};

let h: SlackHarness;

beforeAll(async () => {
  h = await startSlackHarness('slack-oauth', {
    SLACK_CLIENT_ID: '1234.5678',
    SLACK_CLIENT_SECRET: 'client-secret',
    SLACK_STATE_SECRET: 'state-secret-0123456789',
  });
  h.fake.setUsers([{ id: 'UINSTALLER', real_name: 'Iris Installer', tz: 'Europe/London' }]);
});

afterAll(async () => {
  await h?.close();
});

describe('multi-workspace OAuth install', () => {
  it('is not installed anywhere before OAuth: sending is Unauthorized', async () => {
    await expect(
      h.adapter.messenger.sendDirect({ workspaceId: WS.teamId, userId: 'UINSTALLER' }, textMessage('hello')),
    ).rejects.toBeInstanceOf(Unauthorized);
  });

  it('install → Slack authorize URL with state → redirect with code → stored encrypted → installed', async () => {
    const install = await fetch(`${h.app.url}/slack/install`, { redirect: 'manual' });
    expect(install.status).toBe(302);
    const location = new URL(install.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe('https://slack.com/oauth/v2/authorize');
    expect(location.searchParams.get('client_id')).toBe('1234.5678');
    expect(location.searchParams.get('scope')).toContain('commands');
    const state = location.searchParams.get('state');
    expect(state).toBeTruthy();
    const cookie = (install.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(cookie).toContain(state);

    h.fake.addOAuthCode('code-1', WS, 'UINSTALLER');
    const done = await fetch(
      `${h.app.url}/slack/oauth_redirect?code=code-1&state=${encodeURIComponent(state!)}`,
      {
        headers: { cookie },
        redirect: 'manual',
      },
    );
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('Roundtable is installed');

    const exchange = h.fake.callsTo('oauth.v2.access');
    expect(exchange).toHaveLength(1);
    expect(exchange[0]?.params.code).toBe('code-1');

    const rows = await h.app.db.selectFrom('slack_installations').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: WS.teamId, team_id: WS.teamId, bot_user_id: WS.botUserId });
    expect(JSON.stringify(rows)).not.toContain(WS.botToken);
    expect(rows[0]?.installation_enc.startsWith('v2.')).toBe(true);

    const workspace = await h.app.db
      .selectFrom('workspaces')
      .selectAll()
      .where('external_id', '=', WS.teamId)
      .executeTakeFirstOrThrow();
    expect(workspace).toMatchObject({ platform: 'slack', name: WS.teamName, active: true });
    const installer = await h.app.db
      .selectFrom('members')
      .selectAll()
      .where('workspace_id', '=', workspace.id)
      .where('external_id', '=', 'UINSTALLER')
      .executeTakeFirstOrThrow();
    expect(installer.installer).toBe(true);
    expect(h.events.find((e) => e.kind === 'installed')?.event).toMatchObject({
      platform: 'slack',
      workspaceId: WS.teamId,
      installer: { userId: 'UINSTALLER', displayName: 'Iris Installer' },
    });
  });

  it('a redirect with a forged state installs nothing', async () => {
    h.fake.addOAuthCode('code-2', { ...WS, teamId: 'T0FORGED' }, 'UINSTALLER');
    const res = await fetch(`${h.app.url}/slack/oauth_redirect?code=code-2&state=forged`, {
      redirect: 'manual',
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    const rows = await h.app.db.selectFrom('slack_installations').select('id').execute();
    expect(rows.map((r) => r.id)).toEqual([WS.teamId]);
  });

  it('the installed workspace works: a command uses its token', async () => {
    const res = await h.send(
      slashCommand(SECRET, {
        teamId: WS.teamId,
        userId: 'UINSTALLER',
        text: 'admin list',
        responseUrl: h.fake.responseUrl('oauth-cmd'),
      }),
    );
    expect(res.status).toBe(200);
    expect(h.fake.responses.find((r) => r.id === 'oauth-cmd')).toBeDefined();
    const ref = await h.adapter.messenger.sendDirect(
      { workspaceId: WS.teamId, userId: 'UINSTALLER' },
      textMessage('hi'),
    );
    expect(ref.workspaceId).toBe(WS.teamId);
    expect(h.fake.callsTo('chat.postMessage').at(-1)?.token).toBe(WS.botToken);
  });

  it('app_uninstalled stops all sending to that workspace', async () => {
    const res = await h.send(
      eventCallback(SECRET, {
        teamId: WS.teamId,
        eventId: 'EvUNINSTALL',
        event: { type: 'app_uninstalled', event_ts: '1.2' },
      }),
    );
    expect(res.status).toBe(200);
    expect(await h.app.db.selectFrom('slack_installations').select('id').execute()).toHaveLength(0);
    const workspace = await h.app.db
      .selectFrom('workspaces')
      .select('active')
      .where('external_id', '=', WS.teamId)
      .executeTakeFirstOrThrow();
    expect(workspace.active).toBe(false);

    const posts = h.fake.callsTo('chat.postMessage').length;
    await expect(
      h.adapter.messenger.sendDirect(
        { workspaceId: WS.teamId, userId: 'UINSTALLER' },
        textMessage('hello again'),
      ),
    ).rejects.toBeInstanceOf(Unauthorized);
    expect(h.fake.callsTo('chat.postMessage').length).toBe(posts);

    // A command from the uninstalled workspace is not handled either.
    const before = h.events.length;
    await h.send(
      slashCommand(SECRET, {
        teamId: WS.teamId,
        userId: 'UINSTALLER',
        text: 'help',
        responseUrl: h.fake.responseUrl('after'),
      }),
    );
    expect(h.events.length).toBe(before);
    expect(h.fake.responses.find((r) => r.id === 'after')).toBeUndefined();
  });
});
