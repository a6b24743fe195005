import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionChosen, CommandSaid, DirectMessage, FormSubmitted } from '../../../src/ports.js';
import { FakeSlack } from '../../fakes/fake-slack.js';
import {
  eventCallback,
  interactivity,
  signBody,
  slashCommand,
  urlVerification,
} from '../../fakes/slack-requests.js';
import { SECRET, type SlackHarness, startSlackHarness, TEAM } from './slack-harness.js';

let h: SlackHarness;
let n = 0;
const responseId = () => `r${++n}`;

beforeAll(async () => {
  const fake = new FakeSlack();
  await fake.start();
  fake.addWorkspace(TEAM).setUsers([
    { id: 'UADMIN', real_name: 'Ada Admin', tz: 'Europe/London', is_admin: true },
    { id: 'UMEMBER', real_name: 'Mo Member', tz: 'America/New_York' },
  ]);
  h = await startSlackHarness('slack-e2e', { SLACK_BOT_TOKEN: TEAM.botToken }, fake);
});

afterAll(async () => {
  await h?.close();
});

function command(userId: string, text: string, id = responseId()) {
  return {
    id,
    request: slashCommand(SECRET, { teamId: TEAM.teamId, userId, text, responseUrl: h.fake.responseUrl(id) }),
  };
}

function responseFor(id: string) {
  return h.fake.responses.filter((r) => r.id === id);
}

function lastOf<T>(kind: string): T {
  const found = h.events.filter((e) => e.kind === kind);
  return found[found.length - 1]?.event as T;
}

describe('Slack over HTTP, single workspace', () => {
  it('announced the workspace at start from auth.test', async () => {
    const row = await h.app.db
      .selectFrom('workspaces')
      .selectAll()
      .where('external_id', '=', TEAM.teamId)
      .executeTakeFirstOrThrow();
    expect(row.platform).toBe('slack');
    expect(row.name).toBe(TEAM.teamName);
    expect(h.fake.callsTo('auth.test').length).toBeGreaterThan(0);
  });

  it('answers url_verification with the challenge', async () => {
    const res = await h.send(urlVerification(SECRET, 'challenge-xyz'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: 'challenge-xyz' });
  });

  it('/roundtable help: acknowledged, then an ephemeral reply through response_url', async () => {
    const { id, request } = command('UMEMBER', 'help');
    const res = await h.send(request);
    expect(res.status).toBe(200);
    const [reply] = responseFor(id);
    expect(reply?.body.response_type).toBe('ephemeral');
    expect(String(reply?.body.text)).toMatch(/roundtable/i);
    expect(Array.isArray(reply?.body.blocks)).toBe(true);
    const said = lastOf<CommandSaid>('command');
    expect(said.text).toBe('help');
    // The actor was enriched from users.info.
    expect(said.actor).toMatchObject({
      platform: 'slack',
      workspaceId: TEAM.teamId,
      userId: 'UMEMBER',
      displayName: 'Mo Member',
      timezone: 'America/New_York',
      platformAdmin: false,
    });
  });

  it('refuses an admin command from a member and accepts it from a workspace admin', async () => {
    const refused = command('UMEMBER', 'admin add <@UADMIN|ada>');
    await h.send(refused.request);
    expect(String(responseFor(refused.id)[0]?.body.text)).toContain('Only Roundtable admins can do that');

    const accepted = command('UADMIN', 'admin add <@UMEMBER|mo>');
    await h.send(accepted.request);
    expect(String(responseFor(accepted.id)[0]?.body.text)).toContain('is now a Roundtable admin');
  });

  it.each([
    ['a direct message', 'D0DIRECT', 'directmessage'],
    ['a group direct message', 'C0GROUPDM', 'mpdm-ada--mo-1'],
  ])(
    'a command for "this channel" said in %s is answered kindly, without reading its members',
    async (_, channelId, channelName) => {
      const id = responseId();
      const before = h.fake.callsTo('conversations.members').length;
      await h.send(
        slashCommand(SECRET, {
          teamId: TEAM.teamId,
          userId: 'UADMIN',
          text: 'checkin schedule every weekday at 09:30',
          channelId,
          channelName,
          responseUrl: h.fake.responseUrl(id),
        }),
      );
      const text = String(responseFor(id)[0]?.body.text);
      expect(text).toContain('I can only send to a channel from here');
      expect(text).toContain('`to #team`');
      expect(h.fake.callsTo('conversations.members').length).toBe(before);
      const cadences = await h.app.db.selectFrom('cadences').select('id').execute();
      expect(cadences).toEqual([]);
    },
  );

  it('/roundtable alone opens a modal with views.open and the trigger id', async () => {
    const id = responseId();
    const request = slashCommand(SECRET, {
      teamId: TEAM.teamId,
      userId: 'UMEMBER',
      text: '',
      responseUrl: h.fake.responseUrl(id),
      triggerId: 'trigger-open-1',
    });
    await h.send(request);
    const open = h.fake.callsTo('views.open').at(-1);
    expect(open?.params.trigger_id).toBe('trigger-open-1');
    expect(open?.token).toBe(TEAM.botToken);
    const view = open?.params.view as { type: string; callback_id: string; blocks: unknown[] };
    expect(view.type).toBe('modal');
    expect(view.callback_id).toMatch(/^settings\./);
    expect(view.blocks.length).toBeGreaterThan(0);
  });

  it('view_submission: saves, and answers field errors in the acknowledgement', async () => {
    const submit = (timezone: string) =>
      interactivity(SECRET, {
        type: 'view_submission',
        team: { id: TEAM.teamId, domain: 'example' },
        user: { id: 'UMEMBER', team_id: TEAM.teamId },
        view: {
          id: 'V1',
          type: 'modal',
          callback_id: 'settings.me',
          private_metadata: '',
          team_id: TEAM.teamId,
          state: {
            values: {
              band: { band: { type: 'radio_buttons', selected_option: { value: 'manager' } } },
              org: { org: { type: 'plain_text_input', value: 'Acme Housing' } },
              timezone: { timezone: { type: 'plain_text_input', value: timezone } },
            },
          },
        },
      });
    const bad = await h.send(submit('Mars/Olympus'));
    expect(bad.status).toBe(200);
    const body = (await bad.json()) as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(body.errors.timezone).toContain('not a time zone');

    const good = await h.send(submit('Europe/Paris'));
    expect(good.status).toBe(200);
    const form = lastOf<FormSubmitted>('form');
    expect(form).toMatchObject({
      formId: 'settings.me',
      values: { band: 'manager', org: 'Acme Housing', timezone: 'Europe/Paris' },
    });
    const member = await h.app.db
      .selectFrom('members')
      .selectAll()
      .where('external_id', '=', 'UMEMBER')
      .executeTakeFirstOrThrow();
    expect(member).toMatchObject({ band: 'manager', org: 'Acme Housing', timezone: 'Europe/Paris' });
    expect(h.fake.callsTo('chat.postMessage').at(-1)?.params.text).toContain('Your settings are saved');
  });

  it('block_actions: values from state, update by respond(replace_original)', async () => {
    const id = responseId();
    const res = await h.send(
      interactivity(SECRET, {
        type: 'block_actions',
        team: { id: TEAM.teamId, domain: 'example' },
        user: { id: 'UMEMBER', team_id: TEAM.teamId },
        container: { type: 'message', channel_id: 'C0GENERAL', message_ts: '111.222', is_ephemeral: true },
        channel: { id: 'C0GENERAL' },
        response_url: h.fake.responseUrl(id),
        trigger_id: 't',
        actions: [
          { type: 'button', action_id: 'me.forget.cancel', block_id: 'b', value: 'no', action_ts: '1' },
        ],
        state: {
          values: {
            scale: { scale: { type: 'radio_buttons', selected_option: { value: '4' } } },
            note: { note: { type: 'plain_text_input', value: 'a quiet week' } },
            share: { share: { type: 'checkboxes', selected_options: [{ value: 'true' }] } },
            empty: { empty: { type: 'plain_text_input', value: null } },
          },
        },
      }),
    );
    expect(res.status).toBe(200);
    const action = lastOf<ActionChosen>('action');
    expect(action).toMatchObject({
      actionId: 'me.forget.cancel',
      value: 'no',
      values: { scale: '4', note: 'a quiet week', share: 'true' },
    });
    expect(action.values).not.toHaveProperty('empty');
    const [update] = responseFor(id);
    expect(update?.body.replace_original).toBe(true);
    expect(String(update?.body.text)).toContain('Nothing was deleted');
  });

  it('a signed slash command replayed within the signature window has one effect', async () => {
    const { id, request } = command('UMEMBER', 'me role leader');
    const before = h.events.filter((e) => e.kind === 'command').length;
    const first = await h.send(request);
    const replay = await h.send(request);
    expect(first.status).toBe(200);
    expect(replay.status).toBe(200);
    expect(h.events.filter((e) => e.kind === 'command').length).toBe(before + 1);
    expect(responseFor(id)).toHaveLength(1);
  });

  it('a signed interaction replayed within the signature window has one effect', async () => {
    const id = responseId();
    const request = interactivity(SECRET, {
      type: 'block_actions',
      team: { id: TEAM.teamId, domain: 'example' },
      user: { id: 'UMEMBER', team_id: TEAM.teamId },
      container: { type: 'message', channel_id: 'C0GENERAL', message_ts: '111.333', is_ephemeral: true },
      channel: { id: 'C0GENERAL' },
      response_url: h.fake.responseUrl(id),
      trigger_id: 'trigger-replayed-action',
      actions: [
        { type: 'button', action_id: 'me.forget.cancel', block_id: 'b', value: 'no', action_ts: '1' },
      ],
      state: { values: {} },
    });
    const before = h.events.filter((e) => e.kind === 'action').length;
    expect((await h.send(request)).status).toBe(200);
    expect((await h.send(request)).status).toBe(200);
    expect(h.events.filter((e) => e.kind === 'action').length).toBe(before + 1);
    expect(responseFor(id)).toHaveLength(1);
  });

  it('block_actions in a normal message: chat.update on that message', async () => {
    await h.send(
      interactivity(SECRET, {
        type: 'block_actions',
        team: { id: TEAM.teamId },
        user: { id: 'UMEMBER', team_id: TEAM.teamId },
        container: { type: 'message', channel_id: 'DUMEMBER', message_ts: '123.456', is_ephemeral: false },
        message: { ts: '123.456', text: 'x' },
        response_url: h.fake.responseUrl(responseId()),
        actions: [{ type: 'button', action_id: 'me.forget.cancel#1', value: 'no' }],
      }),
    );
    const update = h.fake.callsTo('chat.update').at(-1);
    expect(update?.params).toMatchObject({ channel: 'DUMEMBER', ts: '123.456' });
    expect(lastOf<ActionChosen>('action').actionId).toBe('me.forget.cancel');
  });

  it('app_home_opened publishes the home view', async () => {
    await h.send(
      eventCallback(SECRET, {
        teamId: TEAM.teamId,
        eventId: 'EvHOME1',
        event: {
          type: 'app_home_opened',
          user: 'UMEMBER',
          channel: 'DUMEMBER',
          tab: 'home',
          event_ts: '1.1',
        },
      }),
    );
    const publish = h.fake.callsTo('views.publish').at(-1);
    expect(publish?.params.user_id).toBe('UMEMBER');
    expect(publish?.params.view).toMatchObject({ type: 'home' });
  });

  describe('direct messages', () => {
    const dm = (eventId: string, event: Record<string, unknown>) =>
      eventCallback(SECRET, {
        teamId: TEAM.teamId,
        eventId,
        event: { type: 'message', channel: 'DUMEMBER', channel_type: 'im', event_ts: '5.5', ...event },
      });

    it('message.im → directMessage; the reply is posted in the same DM', async () => {
      const before = h.fake.callsTo('chat.postMessage').length;
      await h.send(dm('EvDM1', { user: 'UMEMBER', text: 'help', ts: '200.1' }));
      const event = lastOf<DirectMessage>('directMessage');
      expect(event).toMatchObject({
        text: 'help',
        edited: false,
        hasFiles: false,
        messageId: 'DUMEMBER|200.1',
      });
      const posts = h.fake.callsTo('chat.postMessage');
      expect(posts.length).toBe(before + 1);
      expect(posts.at(-1)?.params.channel).toBe('DUMEMBER');
    });

    it('message_changed is passed on as an edit', async () => {
      await h.send(
        dm('EvDM2', {
          subtype: 'message_changed',
          ts: '201.9',
          message: {
            type: 'message',
            user: 'UMEMBER',
            text: 'help me',
            ts: '201.1',
            edited: { user: 'UMEMBER', ts: '201.9' },
          },
          previous_message: { type: 'message', user: 'UMEMBER', text: 'help', ts: '201.1' },
        }),
      );
      expect(lastOf<DirectMessage>('directMessage')).toMatchObject({ text: 'help me', edited: true });
    });

    it('a file share is passed on with hasFiles', async () => {
      await h.send(
        dm('EvDM3', { subtype: 'file_share', user: 'UMEMBER', text: '', ts: '202.1', files: [{ id: 'F1' }] }),
      );
      expect(lastOf<DirectMessage>('directMessage')).toMatchObject({ hasFiles: true, text: '' });
      expect(h.fake.callsTo('chat.postMessage').at(-1)?.params.text).toContain('I can only read text');
    });

    it("ignores other bots and the bot's own messages", async () => {
      const before = h.events.length;
      const posts = h.fake.callsTo('chat.postMessage').length;
      await h.send(dm('EvDM4', { subtype: 'bot_message', bot_id: 'BOTHER', text: 'beep', ts: '203.1' }));
      await h.send(dm('EvDM5', { user: 'UOTHERBOT', bot_id: 'BOTHER', text: 'beep', ts: '203.2' }));
      await h.send(dm('EvDM6', { user: TEAM.botUserId, bot_id: TEAM.botId, text: 'mine', ts: '203.3' }));
      expect(h.events.length).toBe(before);
      expect(h.fake.callsTo('chat.postMessage').length).toBe(posts);
    });

    it('a retried event (same event_id, x-slack-retry-num) has no second effect', async () => {
      const request = dm('EvDM7', { user: 'UMEMBER', text: 'help', ts: '204.1' });
      const posts = h.fake.callsTo('chat.postMessage').length;
      const first = await h.send(request);
      const again = await h.send(request, {
        'x-slack-retry-num': '1',
        'x-slack-retry-reason': 'http_timeout',
      });
      expect(first.status).toBe(200);
      expect(again.status).toBe(200);
      expect(h.fake.callsTo('chat.postMessage').length).toBe(posts + 1);
      const seen = await h.app.db
        .selectFrom('inbound_events')
        .selectAll()
        .where('event_id', '=', 'EvDM7')
        .execute();
      expect(seen).toHaveLength(1);
    });
  });

  describe('request verification', () => {
    it('refuses a bad signature, a stale timestamp and missing headers with 401, changing nothing', async () => {
      const before = h.events.length;
      const calls = h.fake.calls.length;
      const good = command('UADMIN', 'help');

      const tampered = { ...good.request, body: good.request.body.replace('help', 'privacy') };
      expect((await h.send(tampered)).status).toBe(401);

      const stale = slashCommand(SECRET, {
        teamId: TEAM.teamId,
        userId: 'UADMIN',
        text: 'help',
        responseUrl: h.fake.responseUrl(responseId()),
        timestamp: Math.floor(Date.now() / 1000) - 6 * 60,
      });
      expect((await h.send(stale)).status).toBe(401);

      const wrongSecret = {
        ...good.request,
        headers: { ...good.request.headers, ...signBody('not-the-secret', good.request.body) },
      };
      expect((await h.send(wrongSecret)).status).toBe(401);

      const bare = {
        body: good.request.body,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      };
      expect((await h.send(bare)).status).toBe(401);

      const event = eventCallback(SECRET, {
        teamId: TEAM.teamId,
        eventId: 'EvBAD',
        event: {
          type: 'message',
          channel: 'DUMEMBER',
          channel_type: 'im',
          user: 'UMEMBER',
          text: 'help',
          ts: '9.9',
        },
      });
      expect((await h.send({ ...event, body: `${event.body} ` })).status).toBe(401);

      expect(h.events.length).toBe(before);
      expect(h.fake.calls.length).toBe(calls);
      expect(responseFor(good.id)).toHaveLength(0);
    });
  });

  it('keeps personal text out of the log', () => {
    const logs = h.app.logs.text();
    expect(logs).not.toContain('a quiet week');
    expect(logs).not.toContain('Acme Housing');
    expect(logs).not.toContain(TEAM.botToken);
  });
});
