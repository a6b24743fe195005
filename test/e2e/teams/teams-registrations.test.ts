/**
 * Several Teams bot registrations in one deployment, one per tenant (a council and an NHS trust), as a
 * partnership across organisations needs now that Azure creates only single-tenant bots. Authentication is on:
 * inbound tokens are checked against the local issuer's keys with each registration's own audience, and the
 * credentials factory stands in for Microsoft's login service on the way out, so every call the fake connector
 * records says which registration made it. Each registration receives and sends for its own tenant only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeamsAdapterFactory } from '../../../adapters/teams/teams-adapter.js';
import type { PlatformAdapter } from '../../../src/http/platform-adapter.js';
import { FakeBotConnector } from '../../fakes/fake-bot-connector.js';
import {
  installationUpdate,
  personalMessage,
  postActivity,
  TEAM,
  type TeamsUser,
  user,
} from '../../fakes/teams-activities.js';
import { bearerClaims, FakeTokenIssuer } from '../../fakes/teams-token-issuer.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { cardText } from './teams-helpers.js';

const COUNCIL = {
  appId: 'aaaaaaaa-1111-4111-8111-111111111111',
  tenantId: 'c0c0c0c0-0000-4000-8000-000000000001',
};
const TRUST = {
  appId: 'bbbbbbbb-2222-4222-8222-222222222222',
  tenantId: '7a7a7a7a-0000-4000-8000-000000000002',
};
const councilWorker = user('council-worker', 'Cara Council');
const trustLeader = user('trust-leader', 'Tariq Trust');
const trustNurse = user('trust-nurse', 'Nia Nurse');
const stranger = user('stranger', 'Sasha Stranger');

let bc: FakeBotConnector;
let issuer: FakeTokenIssuer;
let app: TestApp;
let teams: PlatformAdapter;

beforeAll(async () => {
  bc = new FakeBotConnector();
  await bc.start();
  issuer = new FakeTokenIssuer();
  await issuer.start();
  app = await startTestApp({
    label: 'teams-registrations',
    adapters: [
      createTeamsAdapterFactory({
        credentialsFactory: (r) => issuer.credentialsFactory(r.appId, r.tenantId),
      }),
    ],
    env: {
      TEAMS_APP_ID: COUNCIL.appId,
      TEAMS_APP_PASSWORD: 'council-secret',
      TEAMS_TENANT_ID: COUNCIL.tenantId,
      TEAMS_APP_ID_2: TRUST.appId,
      TEAMS_APP_PASSWORD_2: 'trust-secret',
      TEAMS_TENANT_ID_2: TRUST.tenantId,
      TEAMS_OPENID_METADATA_URL: issuer.metadataUrl,
      TEAMS_TOKEN_ISSUER: issuer.issuer,
    },
  });
  teams = app.adapters.find((a) => a.platform === 'teams')!;
});

afterAll(async () => {
  await app?.close();
  await issuer?.stop();
  await bc?.stop();
});

/** An activity as Teams delivers it to one registration: `recipient` is that bot. */
function to(registration: { appId: string }, activity: Record<string, unknown>): Record<string, unknown> {
  return { ...activity, recipient: { id: `28:${registration.appId}`, name: 'Roundtable' } };
}

function tokenFor(registration: { appId: string }): Record<string, string> {
  return { authorization: `Bearer ${issuer.sign({ audience: registration.appId, serviceUrl: bc.url })}` };
}

function say(tenant: typeof COUNCIL, from: TeamsUser, text: string) {
  return to(tenant, personalMessage({ serviceUrl: bc.url, tenantId: tenant.tenantId, from, text }));
}

async function members(tenantId: string): Promise<string[]> {
  const rows = await app.db
    .selectFrom('teams_user_refs')
    .select('user_id')
    .where('tenant_id', '=', tenantId)
    .execute();
  return rows.map((r) => r.user_id).sort();
}

describe('several Teams registrations in one process', () => {
  it('says so in one start-up line', () => {
    expect(app.logs.text()).toContain(
      'Teams: Bot Framework authentication on, 2 registrations (TEAMS_APP_ID: SingleTenant, TEAMS_APP_ID_2: SingleTenant)',
    );
  });

  it('each registration answers its own tenant, with its own token', async () => {
    for (const [tenant, person] of [
      [COUNCIL, councilWorker],
      [TRUST, trustLeader],
    ] as const) {
      bc.reset();
      const res = await postActivity(app.url, say(tenant, person, 'help'), tokenFor(tenant));
      expect(res.status).toBe(200);
      const replies = bc.callsTo(
        'POST',
        new RegExp(`^/v3/conversations/a:personal-${person.aadObjectId}/activities`),
      );
      expect(replies.length).toBeGreaterThan(0);
      expect(replies.map((c) => cardText(c.body as Record<string, unknown>)).join('\n')).toMatch(
        /roundtable/i,
      );
      for (const call of replies) {
        expect(bearerClaims(call.headers.authorization)).toMatchObject({
          appid: tenant.appId,
          tid: tenant.tenantId,
        });
      }
    }
    const tenants = await app.db.selectFrom('teams_tenants').select(['tenant_id', 'bot_id']).execute();
    expect(Object.fromEntries(tenants.map((t) => [t.tenant_id, t.bot_id]))).toEqual({
      [COUNCIL.tenantId]: `28:${COUNCIL.appId}`,
      [TRUST.tenantId]: `28:${TRUST.appId}`,
    });
  });

  it("a token for one registration cannot drive another's: 401, nothing stored or sent", async () => {
    bc.reset();
    const forged = await postActivity(app.url, say(TRUST, stranger, 'help'), tokenFor(COUNCIL));
    expect(forged.status).toBe(401);
    const noToken = await postActivity(app.url, say(TRUST, stranger, 'help'));
    expect(noToken.status).toBe(401);
    expect(bc.calls).toHaveLength(0);
    expect(await members(TRUST.tenantId)).not.toContain(stranger.aadObjectId);
  });

  it('refuses an activity addressed to no registration here', async () => {
    bc.reset();
    const other = { appId: 'cccccccc-3333-4333-8333-333333333333' };
    const res = await postActivity(app.url, say(other as typeof COUNCIL, stranger, 'help'), tokenFor(other));
    expect(res.status).toBe(401);
    expect(bc.calls).toHaveLength(0);
  });

  it("installing in the trust's team reads the roster as the trust's bot", async () => {
    bc.reset();
    bc.setRoster([trustLeader, trustNurse]);
    const install = to(
      TRUST,
      installationUpdate({ serviceUrl: bc.url, tenantId: TRUST.tenantId, from: trustLeader }),
    );
    const res = await postActivity(app.url, install, tokenFor(TRUST));
    expect(res.status).toBe(200);
    const pages = bc.callsTo('GET', new RegExp(`^/v3/conversations/${TEAM.id}/pagedmembers$`));
    expect(pages.length).toBeGreaterThan(0);
    for (const call of pages) expect(bearerClaims(call.headers.authorization).appid).toBe(TRUST.appId);
    expect(await members(TRUST.tenantId)).toEqual([trustLeader.aadObjectId, trustNurse.aadObjectId].sort());
  });

  it('proactive messages go out with the registration that owns the tenant', async () => {
    bc.reset();
    const hello = { text: 'Hello', blocks: [{ type: 'text' as const, text: 'Hello' }] };
    // The nurse never wrote to the bot: the 1:1 chat is opened as the trust's bot, in the trust's tenant.
    await teams.messenger.sendDirect({ workspaceId: TRUST.tenantId, userId: trustNurse.aadObjectId }, hello);
    const created = bc.callsTo('POST', /^\/v3\/conversations$/);
    expect(created).toHaveLength(1);
    expect(created[0]!.body).toMatchObject({
      bot: { id: `28:${TRUST.appId}` },
      members: [{ id: trustNurse.id }],
      tenantId: TRUST.tenantId,
    });
    await teams.messenger.sendDirect(
      { workspaceId: COUNCIL.tenantId, userId: councilWorker.aadObjectId },
      hello,
    );
    const sends = bc.calls.filter((c) => c.method === 'POST');
    expect(sends.length).toBe(3);
    expect(sends.map((c) => bearerClaims(c.headers.authorization).appid)).toEqual([
      TRUST.appId,
      TRUST.appId,
      COUNCIL.appId,
    ]);
    const councilSend = sends[2]!;
    expect(councilSend.path).toBe(`/v3/conversations/a:personal-${councilWorker.aadObjectId}/activities`);
  });

  it('without a stored tenant row, the registration configured for that tenant id sends', async () => {
    bc.reset();
    await app.db.deleteFrom('teams_tenants').where('tenant_id', '=', COUNCIL.tenantId).execute();
    const hello = { text: 'Hello again', blocks: [{ type: 'text' as const, text: 'Hello again' }] };
    await teams.messenger.sendDirect(
      { workspaceId: COUNCIL.tenantId, userId: councilWorker.aadObjectId },
      hello,
    );
    const sends = bc.calls.filter((c) => c.method === 'POST');
    expect(sends).toHaveLength(1);
    expect(bearerClaims(sends[0]!.headers.authorization).appid).toBe(COUNCIL.appId);
  });
});
