/**
 * Bot Framework authentication on: tokens are validated against a local OpenID metadata document and JWKS
 * (TEAMS_OPENID_METADATA_URL, TEAMS_TOKEN_ISSUER). Only inbound validation is tested with auth on: replies
 * would need a token from login.microsoftonline.com, unreachable here. The activity used for the valid case
 * (the bot added to a personal chat) needs no reply, and proves it was processed by the reference it stores.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { teamsAdapterFactory } from '../../../adapters/teams/teams-adapter.js';
import { FakeBotConnector } from '../../fakes/fake-bot-connector.js';
import { BOT, conversationUpdate, postActivity, user } from '../../fakes/teams-activities.js';
import { FakeTokenIssuer } from '../../fakes/teams-token-issuer.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const person = user('auth', 'Avery Auth');

let bc: FakeBotConnector;
let issuer: FakeTokenIssuer;
let app: TestApp;

beforeAll(async () => {
  bc = new FakeBotConnector();
  await bc.start();
  issuer = new FakeTokenIssuer();
  await issuer.start();
  app = await startTestApp({
    label: 'teams-auth',
    adapters: [teamsAdapterFactory],
    env: {
      TEAMS_APP_ID: APP_ID,
      TEAMS_APP_PASSWORD: 'not-a-real-secret',
      TEAMS_TENANT_ID: '99999999-8888-4777-8666-555555555555',
      TEAMS_OPENID_METADATA_URL: issuer.metadataUrl,
      TEAMS_TOKEN_ISSUER: issuer.issuer,
    },
  });
});

afterAll(async () => {
  await app?.close();
  await issuer?.stop();
  await bc?.stop();
});

function activity() {
  return conversationUpdate({ serviceUrl: bc.url, from: person, membersAdded: [BOT], personal: true });
}

async function storedRefs(): Promise<number> {
  const row = await app.db
    .selectFrom('teams_user_refs')
    .select(app.db.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('Teams authentication', () => {
  it('refuses a request without a token, and processes nothing', async () => {
    const res = await postActivity(app.url, activity());
    expect(res.status).toBe(401);
    expect(await storedRefs()).toBe(0);
  });

  it('refuses a token signed by an unknown key', async () => {
    const token = issuer.sign({ audience: APP_ID, serviceUrl: bc.url, key: issuer.strangerKey.privateKey });
    const res = await postActivity(app.url, activity(), { authorization: `Bearer ${token}` });
    expect(res.status).toBe(401);
  });

  it('refuses a tampered token', async () => {
    const token = issuer.sign({ audience: APP_ID, serviceUrl: bc.url });
    const [h, p, s] = token.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, aud: 'someone-else' })).toString('base64url');
    const res = await postActivity(app.url, activity(), { authorization: `Bearer ${h}.${forged}.${s}` });
    expect(res.status).toBe(401);
  });

  it('refuses a malformed token', async () => {
    const res = await postActivity(app.url, activity(), { authorization: 'Bearer not.a.jwt' });
    expect(res.status).toBe(401);
  });

  it('refuses an expired token', async () => {
    const token = issuer.sign({ audience: APP_ID, serviceUrl: bc.url, expiresInSeconds: -3600 });
    const res = await postActivity(app.url, activity(), { authorization: `Bearer ${token}` });
    expect(res.status).toBe(401);
  });

  it('refuses a token for another bot (wrong audience)', async () => {
    const token = issuer.sign({ audience: 'another-app-id', serviceUrl: bc.url });
    const res = await postActivity(app.url, activity(), { authorization: `Bearer ${token}` });
    expect(res.status).toBe(401);
  });

  it('refuses a token from another issuer', async () => {
    const token = issuer.sign({ audience: APP_ID, serviceUrl: bc.url, issuer: 'https://evil.example' });
    const res = await postActivity(app.url, activity(), { authorization: `Bearer ${token}` });
    expect(res.status).toBe(401);
  });

  it('refuses a token issued for another service URL', async () => {
    const token = issuer.sign({ audience: APP_ID, serviceUrl: 'https://smba.trafficmanager.net/emea/' });
    const res = await postActivity(app.url, activity(), { authorization: `Bearer ${token}` });
    expect(res.status).toBe(401);
    expect(await storedRefs()).toBe(0);
  });

  it('accepts a valid token and processes the activity', async () => {
    const token = issuer.sign({ audience: APP_ID, serviceUrl: bc.url });
    const res = await postActivity(app.url, activity(), { authorization: `Bearer ${token}` });
    expect(res.status).toBe(200);
    expect(await storedRefs()).toBe(1);
    expect(app.logs.text()).toContain('Teams: Bot Framework authentication on');
  });
});
