/**
 * Socket Mode (SLACK_APP_TOKEN): the real Bolt app connects to a Socket Mode endpoint obtained from
 * `apps.connections.open` on the fake Web API, receives a slash command envelope, acknowledges it over the socket
 * and answers through `response_url`; a `message.im` event envelope reaches the services as a direct message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackAdapterFactory } from '../../../adapters/slack/slack-adapter.js';
import { FakeSlack } from '../../fakes/fake-slack.js';
import { FakeSocketMode } from '../../fakes/fake-socket-mode.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { SECRET, TEAM } from './slack-harness.js';

const APP_TOKEN = 'xapp-1-A0FAKE-1-fake';
let fake: FakeSlack;
let socket: FakeSocketMode;
let app: TestApp;

beforeAll(async () => {
  fake = new FakeSlack();
  await fake.start();
  fake.addWorkspace(TEAM).setUsers([{ id: 'UMEMBER', real_name: 'Mo Member', tz: 'Europe/London' }]);
  socket = new FakeSocketMode();
  await socket.start();
  fake.socketModeUrl = socket.url;
  app = await startTestApp({
    label: 'slack-socket',
    adapters: [createSlackAdapterFactory({ webApiRetries: 0 })],
    env: {
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: TEAM.botToken,
      SLACK_APP_TOKEN: APP_TOKEN,
      SLACK_API_URL: fake.url,
    },
  });
  await socket.connected();
}, 60_000);

afterAll(async () => {
  await app?.close();
  await socket?.stop();
  await fake?.stop();
});

describe('Slack over Socket Mode', () => {
  it('opened the socket with the app-level token, and mounts no HTTP route', async () => {
    const open = fake.callsTo('apps.connections.open');
    expect(open.length).toBeGreaterThan(0);
    expect(open[0]!.token).toBe(APP_TOKEN);
    const res = await fetch(`${app.url}/slack/events`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
  });

  it('a slash command envelope is acknowledged over the socket and answered through response_url', async () => {
    const id = socket.push('slash_commands', {
      team_id: TEAM.teamId,
      channel_id: 'C0GENERAL',
      user_id: 'UMEMBER',
      user_name: 'mo',
      command: '/roundtable',
      text: 'help',
      response_url: fake.responseUrl('socket-1'),
      trigger_id: 'trigger-socket-1',
      api_app_id: 'A0FAKE',
    });
    await socket.ackFor(id);
    await fake.waitFor(
      () => fake.responses.some((r) => r.id === 'socket-1'),
      10_000,
      'the response_url post',
    );
    const reply = fake.responses.find((r) => r.id === 'socket-1')!;
    expect(reply.body.response_type).toBe('ephemeral');
    expect(String(reply.body.text)).toMatch(/roundtable/i);
  });

  it('a direct message event envelope reaches the services, and the answer is posted in the DM', async () => {
    const before = fake.callsTo('chat.postMessage').length;
    const id = socket.push('events_api', {
      type: 'event_callback',
      team_id: TEAM.teamId,
      api_app_id: 'A0FAKE',
      event_id: 'EvSOCKET1',
      event_time: 1_800_000_000,
      event: {
        type: 'message',
        channel_type: 'im',
        channel: 'DUMEMBER',
        user: 'UMEMBER',
        text: 'help',
        ts: '1800000000.000100',
      },
    });
    await socket.ackFor(id);
    await fake.waitFor(() => fake.callsTo('chat.postMessage').length > before, 10_000, 'the reply in the DM');
    const post = fake.callsTo('chat.postMessage').at(-1)!;
    expect(post.params.channel).toBe('DUMEMBER');
    expect(String(post.params.text)).toMatch(/roundtable/i);
  });
});
