/**
 * A two-platform end-to-end harness: the fake Slack Web API and the fake Bot Framework connector as real HTTP
 * servers, and ONE real app mounting both real adapters (Bolt over HTTP, Teams AI over HTTP). People talk to
 * the app exactly as the platforms would (signed slash commands, Events API callbacks, interactivity payloads,
 * Bot Framework activities); everything the app sends is read back from the fakes' recordings.
 *
 * Slack runs in single-workspace mode (the workspace is announced from `auth.test` at start; Slack admins are
 * Roundtable admins through `users.info`). Teams is installed into a team by its admin (`installationUpdate`),
 * which reads the roster and makes the installer the first admin.
 */
import { vi } from 'vitest';
import { createSlackAdapterFactory, type SlackAdapter } from '../../../adapters/slack/slack-adapter.js';
import { teamsAdapterFactory } from '../../../adapters/teams/teams-adapter.js';
import { FakeBotConnector, type StoredActivity } from '../../fakes/fake-bot-connector.js';
import { FakeSlack, type FakeUser, type FakeWorkspace } from '../../fakes/fake-slack.js';
import { eventCallback, interactivity, postSlack, slashCommand } from '../../fakes/slack-requests.js';
import {
  cardSubmit,
  channelMention,
  installationUpdate,
  personalMessage,
  postActivity,
  type TeamsUser,
} from '../../fakes/teams-activities.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { collectPayloads, openedWith, type SentPayload } from './pairing-harness-scan.js';
import { cardText, submitActions } from '../teams/teams-helpers.js';

export const SECRET = 'flows-signing-secret-0123456789';
export const NORTH: FakeWorkspace = {
  teamId: 'TNORTH0001',
  teamName: 'North Partnership',
  botToken: 'xoxb-flows-north',
  botUserId: 'UBOTNORTH',
  botId: 'BBOTNORTH',
};
export const SOUTH_TENANT = 'tenant-south-flows';

/** A person on Slack: the id, name and email the fake's `users.info` returns for them. */
export interface SlackPerson {
  platform: 'slack';
  userId: string;
  name: string;
  email: string;
  admin?: boolean;
}

/** A person on Teams: channel account id, AAD object id (our user id), name and email (on the roster). */
export interface TeamsPerson extends TeamsUser {
  platform: 'teams';
  email: string;
}

export type Person = SlackPerson | TeamsPerson;

export function slackPerson(key: string, name: string, admin = false): SlackPerson {
  return {
    platform: 'slack',
    userId: `U${key.toUpperCase()}`,
    name,
    email: `${key}@north.example`,
    admin,
  };
}

export function teamsPerson(key: string, name: string): TeamsPerson {
  return {
    platform: 'teams',
    id: `29:${key}-account`,
    aadObjectId: `aad-${key}`,
    name,
    email: `${key}@south.example`,
  };
}

/** Every string that identifies a person: platform ids, display name, email. */
export function identifiersOf(p: Person): string[] {
  return p.platform === 'slack' ? [p.userId, p.name, p.email] : [p.id, p.aadObjectId, p.name, p.email];
}

export interface FlowsHarness {
  app: TestApp;
  slack: FakeSlack;
  connector: FakeBotConnector;
  slackAdapter: SlackAdapter;
  /** Slash command `/roundtable <text>`; returns the text of the ephemeral replies. */
  command(who: SlackPerson, text: string, channelId?: string): Promise<string>;
  /** A plain DM to the bot (`message.im`); returns the text of the bot's replies in that DM. */
  slackDm(who: SlackPerson, text: string, extra?: { files?: boolean }): Promise<string>;
  /** An edit of an earlier DM (`message_changed`). */
  slackEdit(who: SlackPerson, ts: string, text: string): Promise<string>;
  /** Click a button of a message the bot posted (`block_actions`); returns the ephemeral replies' text. */
  slackClick(
    who: SlackPerson,
    post: { channel: string; ts: string },
    actionId: string,
    value: string,
    values?: Record<string, string>,
  ): Promise<string>;
  /** A 1:1 message to the bot in Teams; returns the text of the replies. */
  teamsSay(who: TeamsPerson, text: string): Promise<string>;
  /** `@Roundtable <words>` in the team's channel; returns the text of the replies. */
  teamsChannel(who: TeamsPerson, words: string): Promise<string>;
  /** Submit an `Action.Submit` of a card the bot sent. */
  teamsSubmit(who: TeamsPerson, activity: StoredActivity, data: Record<string, unknown>): Promise<string>;
  /** Messages the bot posted to a Slack person's DM, oldest first, with their ts. */
  slackInbox(who: SlackPerson): { channel: string; text: string; blocks: unknown[] }[];
  /** Activities the bot sent to a Teams person's 1:1 chat, oldest first. */
  teamsInbox(who: TeamsPerson): StoredActivity[];
  /** Wait (bounded polling) until a person has received a message containing `needle`; returns its text. */
  received(who: Person, needle: string, count?: number): Promise<string[]>;
  /** Wait until the outbox has nothing waiting, active or delayed. */
  drained(): Promise<void>;
  /** Everything sent to either fake so far (see `pairing-harness-scan.ts`). */
  payloads(): SentPayload[];
  close(): Promise<void>;
}

let seq = 0;
const next = () => ++seq;

export function slackText(params: Record<string, unknown>): string {
  return `${String(params.text ?? '')}\n${JSON.stringify(params.blocks ?? [])}`;
}

export function teamsText(activity: StoredActivity): string {
  return cardText(activity);
}

/** The Teams 1:1 conversation id the activity builders use. */
export function personalConversation(who: TeamsUser): string {
  return `a:personal-${who.aadObjectId}`;
}

export async function startFlowsHarness(
  label: string,
  people: { slack: SlackPerson[]; teams: TeamsPerson[]; teamsAdmin: TeamsPerson },
): Promise<FlowsHarness> {
  const slack = new FakeSlack();
  await slack.start();
  const users: FakeUser[] = people.slack.map((p) => ({
    id: p.userId,
    real_name: p.name,
    tz: 'Europe/London',
    is_admin: p.admin ?? false,
    profile: { real_name: p.name, display_name: p.name, email: p.email },
  }));
  slack.addWorkspace(NORTH).setUsers(users);
  const connector = new FakeBotConnector();
  await connector.start();
  connector.setRoster(
    [people.teamsAdmin, ...people.teams].map((p) => ({
      id: p.id,
      name: p.name,
      aadObjectId: p.aadObjectId,
      email: p.email,
      tenantId: SOUTH_TENANT,
    })),
  );
  const app = await startTestApp({
    label,
    adapters: [createSlackAdapterFactory({ webApiRetries: 0 }), teamsAdapterFactory],
    env: {
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: NORTH.botToken,
      SLACK_API_URL: slack.url,
      TEAMS_ALLOW_UNAUTHENTICATED: 'true',
    },
  });
  const slackAdapter = app.adapters.find((a) => a.platform === 'slack') as SlackAdapter;
  const install = await postActivity(
    app.url,
    installationUpdate({ serviceUrl: connector.url, from: people.teamsAdmin, tenantId: SOUTH_TENANT }),
  );
  if (install.status !== 200) throw new Error(`Teams install answered ${install.status}`);

  const dmChannel = (who: SlackPerson) => `D${who.userId}`;
  /** response_url id → who ran the command or clicked (the only person who sees the ephemeral answer). */
  const responseOwner = new Map<string, string>();

  async function sendSlack(request: Parameters<typeof postSlack>[1]): Promise<void> {
    const res = await postSlack(app.url, request);
    if (res.status !== 200) throw new Error(`Slack request answered ${res.status}`);
    await slackAdapter.drain();
  }

  /** The text of what the bot said in answer to one Slack request: response_url posts and posts in `channel`. */
  async function slackAnswer(responseId: string, channel: string, run: () => Promise<void>): Promise<string> {
    const before = slack.callsTo('chat.postMessage').length;
    await run();
    const responses = slack.responses.filter((r) => r.id === responseId).map((r) => slackText(r.body));
    const posts = slack
      .callsTo('chat.postMessage')
      .slice(before)
      .filter((c) => c.params.channel === channel)
      .map((c) => slackText(c.params));
    return [...responses, ...posts].join('\n');
  }

  async function teamsAnswer(activity: Record<string, unknown>): Promise<string> {
    const res = await postActivity(app.url, activity);
    if (res.status !== 200) throw new Error(`Teams activity answered ${res.status}`);
    return [...connector.activities.values()]
      .filter((a) => a.replyToId === activity.id)
      .map(teamsText)
      .join('\n');
  }

  const h: FlowsHarness = {
    app,
    slack,
    connector,
    slackAdapter,
    command(who, text, channelId) {
      const id = `flow-r${next()}`;
      responseOwner.set(id, who.userId);
      return slackAnswer(id, '', () =>
        sendSlack(
          slashCommand(SECRET, {
            teamId: NORTH.teamId,
            userId: who.userId,
            text,
            channelId,
            responseUrl: slack.responseUrl(id),
          }),
        ),
      );
    },
    slackDm(who, text, extra = {}) {
      const n = next();
      const event: Record<string, unknown> = {
        type: 'message',
        channel: dmChannel(who),
        channel_type: 'im',
        user: who.userId,
        text,
        ts: `1800000000.${String(n).padStart(6, '0')}`,
        event_ts: `1800000000.${String(n).padStart(6, '0')}`,
      };
      if (extra.files) Object.assign(event, { subtype: 'file_share', files: [{ id: `F${n}` }] });
      return slackAnswer('', dmChannel(who), () =>
        sendSlack(eventCallback(SECRET, { teamId: NORTH.teamId, eventId: `EvFlow${n}`, event })),
      );
    },
    slackEdit(who, ts, text) {
      const n = next();
      const editTs = `1800000001.${String(n).padStart(6, '0')}`;
      return slackAnswer('', dmChannel(who), () =>
        sendSlack(
          eventCallback(SECRET, {
            teamId: NORTH.teamId,
            eventId: `EvFlow${n}`,
            event: {
              type: 'message',
              subtype: 'message_changed',
              channel: dmChannel(who),
              channel_type: 'im',
              ts: editTs,
              event_ts: editTs,
              message: {
                type: 'message',
                user: who.userId,
                text,
                ts,
                edited: { user: who.userId, ts: editTs },
              },
              previous_message: { type: 'message', user: who.userId, text: '(before)', ts },
            },
          }),
        ),
      );
    },
    slackClick(who, post, actionId, value, values = {}) {
      const id = `flow-r${next()}`;
      responseOwner.set(id, who.userId);
      const state = Object.fromEntries(
        Object.entries(values).map(([k, v]) => [
          k,
          {
            [k]:
              k === 'share'
                ? { type: 'checkboxes', selected_options: v === 'true' ? [{ value: 'true' }] : [] }
                : k === 'scale'
                  ? { type: 'radio_buttons', selected_option: { value: v } }
                  : { type: 'plain_text_input', value: v },
          },
        ]),
      );
      return slackAnswer(id, post.channel, () =>
        sendSlack(
          interactivity(SECRET, {
            type: 'block_actions',
            team: { id: NORTH.teamId, domain: 'north' },
            user: { id: who.userId, team_id: NORTH.teamId },
            container: {
              type: 'message',
              channel_id: post.channel,
              message_ts: post.ts,
              is_ephemeral: false,
            },
            channel: { id: post.channel },
            message: { ts: post.ts, text: '' },
            response_url: slack.responseUrl(id),
            trigger_id: `trigger-${id}`,
            actions: [{ type: 'button', action_id: actionId, block_id: 'b', value, action_ts: '1' }],
            state: { values: state },
          }),
        ),
      );
    },
    teamsSay(who, text) {
      return teamsAnswer(
        personalMessage({ serviceUrl: connector.url, from: who, text, tenantId: SOUTH_TENANT }),
      );
    },
    teamsChannel(who, words) {
      return teamsAnswer(
        channelMention({ serviceUrl: connector.url, from: who, words, tenantId: SOUTH_TENANT }),
      );
    },
    teamsSubmit(who, activity, data) {
      return teamsAnswer(
        cardSubmit({
          serviceUrl: connector.url,
          from: who,
          replyToId: activity.id,
          value: data,
          tenantId: SOUTH_TENANT,
          conversationId: activity.conversationId,
        }),
      );
    },
    slackInbox(who) {
      return slack
        .callsTo('chat.postMessage')
        .filter((c) => c.params.channel === dmChannel(who) || c.params.channel === who.userId)
        .map((c) => ({
          channel: dmChannel(who),
          text: slackText(c.params),
          blocks: (c.params.blocks as unknown[]) ?? [],
        }));
    },
    teamsInbox(who) {
      return [...connector.activities.values()].filter((a) => {
        if (a.conversationId === personalConversation(who)) return true;
        return openedWith(connector, a.conversationId) === who.id;
      });
    },
    async received(who, needle, count = 1) {
      return vi.waitFor(
        () => {
          const texts =
            who.platform === 'slack'
              ? h.slackInbox(who).map((m) => m.text)
              : h.teamsInbox(who).map(teamsText);
          const hits = texts.filter((t) => t.includes(needle));
          if (hits.length < count) throw new Error(`${who.name} has not received "${needle}" yet`);
          return hits;
        },
        { timeout: 15_000, interval: 50 },
      );
    },
    async drained() {
      await vi.waitFor(
        async () => {
          const c = await app.jobs.queues.outbox.getJobCounts('waiting', 'active', 'prioritized', 'delayed');
          const n = (c.waiting ?? 0) + (c.active ?? 0) + (c.prioritized ?? 0) + (c.delayed ?? 0);
          if (n > 0) throw new Error(`${n} outbox jobs still to run`);
        },
        { timeout: 15_000, interval: 50 },
      );
    },
    payloads: () => collectPayloads(slack, connector, responseOwner),
    async close() {
      await app.close();
      await slack.stop();
      await connector.stop();
    },
  };
  return h;
}

/** The submit actions of a Teams card, by action id. */
export function teamsAction(activity: StoredActivity, actionId: string): Record<string, unknown> | undefined {
  return submitActions(activity).find((a) => a.data?.actionId === actionId)?.data;
}

/** The first Slack button with this action id in a posted message's blocks. */
export function slackButton(
  blocks: unknown[],
  actionId: string,
): { action_id: string; value: string } | undefined {
  for (const block of blocks as { elements?: { type?: string; action_id?: string; value?: string }[] }[]) {
    for (const el of block.elements ?? []) {
      if (el.type === 'button' && el.action_id?.replace(/#\d+$/, '') === actionId)
        return { action_id: el.action_id, value: el.value ?? '' };
    }
  }
  return undefined;
}

export { expectNoLeaks, type SentPayload } from './pairing-harness-scan.js';
