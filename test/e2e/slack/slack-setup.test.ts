/**
 * The Slack steps in the order an operator can follow them, through the real entry point: Slack will not save
 * the Request URL until the server answers its signed `url_verification`, and the bot token exists only once the
 * app is installed. So the app starts with `SLACK_SIGNING_SECRET` alone and answers the verification (and tells
 * anyone typing `/roundtable` that it is not connected yet); then the token is added and the app restarted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack, type FakeWorkspace } from '../../fakes/fake-slack.js';
import { postSlack, signBody, slashCommand, urlVerification } from '../../fakes/slack-requests.js';
import { type AppProcess, AppProcessGroup } from '../../helpers/app-process.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/postgres.js';
import { testPrefix } from '../../helpers/redis.js';

const SECRET = 'setup-signing-secret-0123456789';
const TEAM: FakeWorkspace = {
  teamId: 'T0SETUP',
  teamName: 'Setup Partnership',
  botToken: 'xoxb-setup-team',
  botUserId: 'USETUPBOT',
  botId: 'BSETUP',
};

const group = new AppProcessGroup();
let fake: FakeSlack;
let database: TestDatabase;
let prefix: ReturnType<typeof testPrefix>;

beforeAll(async () => {
  fake = new FakeSlack();
  await fake.start();
  fake.addWorkspace(TEAM);
  database = await createTestDatabase('slacksetup');
  prefix = testPrefix('slack-setup');
});

afterAll(async () => {
  await group.killAll();
  await fake?.stop();
  await prefix?.cleanup();
  await database?.drop();
});

function start(env: Record<string, string>): Promise<AppProcess> {
  return group.start({
    label: 'slack-setup',
    databaseUrl: database.url,
    prefix: prefix.prefix,
    env: { SLACK_API_URL: fake.url, ...env },
  });
}

describe('Slack set-up order', () => {
  let first: AppProcess;

  it('1. starts with only the signing secret and says what is missing in one line', async () => {
    first = await start({ SLACK_SIGNING_SECRET: SECRET });
    expect(first.output()).toContain(
      'Slack: signing secret only (no token yet): POST /slack/events answers Slack’s URL verification',
    );
    expect(first.output()).not.toContain('Slack: not configured');
    // No token: nothing was asked of the Web API.
    expect(fake.calls).toHaveLength(0);
  });

  it("2. answers Slack's signed url_verification, so the Request URL can be saved", async () => {
    const res = await postSlack(first.url, urlVerification(SECRET, 'challenge-setup-1'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: 'challenge-setup-1' });
  });

  it('refuses an unsigned or badly signed verification', async () => {
    const body = JSON.stringify({ token: 'x', challenge: 'c', type: 'url_verification' });
    const unsigned = await fetch(`${first.url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(unsigned.status).toBe(401);
    const wrong = await postSlack(first.url, {
      body,
      headers: { 'content-type': 'application/json', ...signBody('another-secret', body) },
    });
    expect(wrong.status).toBe(401);
  });

  it('answers /roundtable before a token exists with a plain "not connected yet"', async () => {
    const res = await postSlack(
      first.url,
      slashCommand(SECRET, {
        teamId: TEAM.teamId,
        userId: 'U0EARLY',
        text: 'help',
        responseUrl: fake.responseUrl('early'),
      }),
    );
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('not connected to this workspace yet');
    expect(fake.calls).toHaveLength(0);
  });

  it('3. with the token added and a restart, the same database serves the workspace', async () => {
    await first.stop();
    const second = await start({ SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: TEAM.botToken });
    expect(second.output()).toContain('Slack: single workspace, HTTP at /slack/events');
    const res = await postSlack(
      second.url,
      slashCommand(SECRET, {
        teamId: TEAM.teamId,
        userId: 'U0LATER',
        text: 'help',
        responseUrl: fake.responseUrl('later'),
      }),
    );
    expect(res.status).toBe(200);
    await fake.waitFor(() => fake.responses.some((r) => r.id === 'later'), 10_000, 'the help answer');
    expect(JSON.stringify(fake.responses.find((r) => r.id === 'later')!.body)).toMatch(/roundtable/i);
  });
});
