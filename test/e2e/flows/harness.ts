/**
 * A two-platform end-to-end harness: one real app mounting both real adapters (Bolt for Slack, Teams AI for
 * Teams), with the two fakes at the network edge (`FakeSlack` for the Slack Web API, `FakeBotConnector` for the
 * Bot Framework connector). Everything a person does goes over HTTP into the app: slash commands and
 * `block_actions` signed as Slack sends them, 1:1 messages and `Action.Submit` card submits as Teams sends them.
 *
 * Reading what people got: `slackDms` / `teamsDms` list the proactive direct messages a person received on each
 * fake (oldest first), with the message as it is now (after any `chat.update` / PUT).
 */
import { createSlackAdapterFactory, type SlackAdapter } from '../../../adapters/slack/slack-adapter.js';
import { teamsAdapterFactory } from '../../../adapters/teams/teams-adapter.js';
import type { ManualClock } from '../../../src/clock.js';
import { FakeBotConnector, type RosterMember, type StoredActivity } from '../../fakes/fake-bot-connector.js';
import { FakeSlack, type FakeUser, type FakeWorkspace } from '../../fakes/fake-slack.js';
import { interactivity, postSlack, slashCommand } from '../../fakes/slack-requests.js';
import {
  cardSubmit,
  installationUpdate,
  personalMessage,
  postActivity,
  type TeamsUser,
} from '../../fakes/teams-activities.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { cardText } from '../teams/teams-helpers.js';
import { slackText, type SlackBlock } from './harness-slack-text.js';

export { cardText, slackText };
export type { SlackBlock };

export const SLACK_SECRET = 'flows-signing-secret-0123456789';
export const SLACK_TEAM: FakeWorkspace = {
  teamId: 'T0FLOWS',
  teamName: 'Flows Partnership',
  botToken: 'xoxb-flows',
  botUserId: 'UBOTFLOWS',
  botId: 'BBOTFLOWS',
};
/** The fake Slack's first message timestamp is this + 1; it adds 1 for every message posted. */
const SLACK_TS_BASE = 1_700_000_000;

export interface HarnessOptions {
  label: string;
  /** Slack people (`users.info`); give the admin `is_admin: true`. */
  slackUsers: FakeUser[];
  /** Slack channel id → member ids (`conversations.members`). */
  slackChannels?: Record<string, string[]>;
  /** The Teams person who installs the app in the team (the first admin there). */
  teamsAdmin: TeamsUser;
  /** The team roster read at install (the admin included). */
  teamsRoster: TeamsUser[];
  clock?: ManualClock;
}

export interface Harness {
  app: TestApp;
  slack: FakeSlack;
  teams: FakeBotConnector;
  slackAdapter: SlackAdapter;
  close(): Promise<void>;
}

/** Start both fakes and the app, and install the app in the Teams team (Slack announces itself at start). */
export async function startHarness(o: HarnessOptions): Promise<Harness> {
  const slack = new FakeSlack();
  const teams = new FakeBotConnector();
  await Promise.all([slack.start(), teams.start()]);
  slack.addWorkspace(SLACK_TEAM).setUsers(o.slackUsers);
  for (const [channel, members] of Object.entries(o.slackChannels ?? {}))
    slack.setChannelMembers(channel, members);
  teams.setRoster(o.teamsRoster as RosterMember[]);
  const app = await startTestApp({
    label: o.label,
    clock: o.clock,
    adapters: [createSlackAdapterFactory({ webApiRetries: 0 }), teamsAdapterFactory],
    env: {
      SLACK_SIGNING_SECRET: SLACK_SECRET,
      SLACK_BOT_TOKEN: SLACK_TEAM.botToken,
      SLACK_API_URL: slack.url,
      TEAMS_ALLOW_UNAUTHENTICATED: 'true',
    },
  });
  const slackAdapter = app.adapters.find((a) => a.platform === 'slack') as SlackAdapter;
  const h: Harness = {
    app,
    slack,
    teams,
    slackAdapter,
    async close() {
      await app.close();
      await Promise.all([slack.stop(), teams.stop()]);
    },
  };
  const res = await postActivity(app.url, installationUpdate({ serviceUrl: teams.url, from: o.teamsAdmin }));
  if (res.status !== 200) throw new Error(`Teams install answered ${res.status}`);
  // The Slack workspace is announced asynchronously at start (auth.test): wait for its row.
  await waitFor('the Slack workspace row', () =>
    app.db
      .selectFrom('workspaces')
      .select('id')
      .where('external_id', '=', SLACK_TEAM.teamId)
      .executeTakeFirst(),
  );
  return h;
}

// ---------------------------------------------------------------------------------------------------------------
// Waiting
// ---------------------------------------------------------------------------------------------------------------

type Falsy = false | 0 | '' | null | undefined;

/** Poll `check` every 50 ms until it returns something truthy; fail naming `what` after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | Falsy> | T | Falsy,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value as T;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

/**
 * Wait until the task and outbox queues have nothing waiting, running or (outbox) delayed — seen quiet twice in
 * a row, so a job that enqueues another is not mistaken for the end. Delayed tasks (reminders, sweeps) are
 * ignored: they wait on real time and are promoted explicitly with {@link promoteDelayed}.
 */
export async function settle(h: Harness, timeoutMs = 20_000): Promise<void> {
  let quiet = 0;
  await waitFor(
    'the queues to settle',
    async () => {
      const c = await h.app.jobs.counts();
      const busy =
        (c.tasks.waiting ?? 0) +
        (c.tasks.active ?? 0) +
        (c.tasks.prioritized ?? 0) +
        (c.outbox.waiting ?? 0) +
        (c.outbox.active ?? 0) +
        (c.outbox.delayed ?? 0) +
        (c.outbox.prioritized ?? 0);
      quiet = busy === 0 ? quiet + 1 : 0;
      return quiet >= 2;
    },
    timeoutMs,
  );
  await h.slackAdapter.drain();
}

/** Promote delayed jobs (the injected clock moved; BullMQ delays run on real time). Returns how many. */
export async function promoteDelayed(h: Harness, queue: 'tasks' | 'outbox', name?: string): Promise<number> {
  const jobs = await h.app.jobs.queues[queue].getDelayed(0, -1);
  let n = 0;
  for (const job of jobs) {
    if (name && job.name !== name) continue;
    await job.promote();
    n++;
  }
  return n;
}

// ---------------------------------------------------------------------------------------------------------------
// Slack
// ---------------------------------------------------------------------------------------------------------------

let responseCounter = 0;

/** A direct message the bot posted to a Slack person, as it is now. */
export interface SlackDm {
  channel: string;
  ts: string;
  /** The summary text as posted. */
  text: string;
  /** The blocks as posted (the original, with its buttons and inputs). */
  blocks: SlackBlock[];
  /** The blocks after the latest `chat.update` of this message, or undefined when never updated. */
  updated?: SlackBlock[];
  updates: number;
}

/**
 * Say `/roundtable <text>` as a Slack user, wait until the app has handled it, and return the visible text of
 * what came back through `response_url` (ephemeral replies), joined.
 */
export async function slackSay(
  h: Harness,
  userId: string,
  text: string,
  channelId?: string,
): Promise<string> {
  const id = `cmd${++responseCounter}`;
  const res = await postSlack(
    h.app.url,
    slashCommand(SLACK_SECRET, {
      teamId: SLACK_TEAM.teamId,
      userId,
      text,
      channelId,
      responseUrl: h.slack.responseUrl(id),
    }),
  );
  if (res.status !== 200) throw new Error(`slash command answered ${res.status}`);
  await h.slackAdapter.drain();
  return responsesText(h, id);
}

function responsesText(h: Harness, id: string): string {
  return h.slack.responses
    .filter((r) => r.id === id)
    .map((r) => slackText(r.body as { text?: string; blocks?: SlackBlock[] }))
    .join('\n');
}

/**
 * Every message the bot posted to a Slack person's DM (`D<userId>`, what the fake's `conversations.open`
 * answers), oldest first. The timestamp is the one the fake answered: it counts the posts it served, so the
 * harness must not be used with `failNext` or rate limits on posting.
 */
export function slackDms(h: Harness, userId: string): SlackDm[] {
  const channel = `D${userId}`;
  const out: SlackDm[] = [];
  let posted = 0;
  for (const call of h.slack.calls) {
    if (call.method !== 'chat.postMessage' && call.method !== 'chat.postEphemeral') continue;
    posted += 1;
    if (call.method !== 'chat.postMessage' || call.params.channel !== channel) continue;
    const ts = `${SLACK_TS_BASE + posted}.000100`;
    const updates = h.slack
      .callsTo('chat.update')
      .filter((u) => u.params.channel === channel && u.params.ts === ts);
    out.push({
      channel,
      ts,
      text: String(call.params.text ?? ''),
      blocks: (call.params.blocks ?? []) as SlackBlock[],
      updated: updates.at(-1)?.params.blocks as SlackBlock[] | undefined,
      updates: updates.length,
    });
  }
  return out;
}

/** The latest DM a Slack person got whose text matches (any DM when no pattern). */
export function lastSlackDm(h: Harness, userId: string, pattern?: RegExp): SlackDm | undefined {
  return slackDms(h, userId)
    .filter((d) => !pattern || pattern.test(slackText(d)))
    .at(-1);
}

/** What came of a click: the ephemeral replies (through `response_url`) and the `chat.update`s it caused. */
export interface SlackClickResult {
  replies: string;
  updates: SlackBlock[][];
}

/**
 * Click a button in a DM the bot sent, as Slack posts it: a signed `block_actions` payload whose `state.values`
 * are built from the message's own input blocks and `values` (input id → value; a checkbox ticks with 'true').
 * The button is found by action id (and value, when several share an action id).
 */
export async function slackClick(
  h: Harness,
  userId: string,
  dm: SlackDm,
  actionId: string,
  values: Record<string, string> = {},
  buttonValue?: string,
): Promise<SlackClickResult> {
  const button = findSlackButton(dm.blocks, actionId, buttonValue);
  if (!button) throw new Error(`no button ${actionId} in the message`);
  const id = `click${++responseCounter}`;
  const updatesBefore = h.slack.callsTo('chat.update').length;
  const res = await postSlack(
    h.app.url,
    interactivity(SLACK_SECRET, {
      type: 'block_actions',
      team: { id: SLACK_TEAM.teamId, domain: 'flows' },
      user: { id: userId, team_id: SLACK_TEAM.teamId },
      api_app_id: 'A0FAKE',
      container: { type: 'message', channel_id: dm.channel, message_ts: dm.ts, is_ephemeral: false },
      channel: { id: dm.channel },
      message: { type: 'message', ts: dm.ts, text: dm.text, blocks: dm.blocks },
      response_url: h.slack.responseUrl(id),
      trigger_id: `trigger-${id}`,
      actions: [
        {
          type: 'button',
          action_id: button.action_id,
          block_id: button.block_id,
          value: button.value,
          action_ts: String(Date.now() / 1000),
        },
      ],
      state: { values: slackState(dm.blocks, values) },
    }),
  );
  if (res.status !== 200) throw new Error(`block_actions answered ${res.status}`);
  await h.slackAdapter.drain();
  return {
    replies: responsesText(h, id),
    updates: h.slack
      .callsTo('chat.update')
      .slice(updatesBefore)
      .map((c) => c.params.blocks as SlackBlock[]),
  };
}

function findSlackButton(
  blocks: SlackBlock[],
  actionId: string,
  value?: string,
): { action_id: string; block_id: string; value: string } | undefined {
  for (const [i, block] of blocks.entries()) {
    if (block.type !== 'actions') continue;
    for (const el of block.elements ?? []) {
      const neutral = String(el.action_id ?? '').replace(/#\d+$/, '');
      if (neutral === actionId && (value === undefined || el.value === value))
        return {
          action_id: String(el.action_id),
          block_id: block.block_id ?? `b${i}`,
          value: String(el.value),
        };
    }
  }
  return undefined;
}

/** `state.values` as Slack sends it for the message's input blocks, filled from `values`. */
function slackState(blocks: SlackBlock[], values: Record<string, string>): Record<string, unknown> {
  const state: Record<string, Record<string, unknown>> = {};
  for (const block of blocks) {
    if (block.type !== 'input' || !block.block_id || !block.element) continue;
    const el = block.element;
    const given = values[block.block_id];
    let entry: Record<string, unknown>;
    switch (el.type) {
      case 'radio_buttons':
      case 'static_select': {
        const option = el.options?.find((o) => o.value === given);
        if (given !== undefined && !option) throw new Error(`no option ${given} in ${block.block_id}`);
        entry = { type: el.type, selected_option: option ?? null };
        break;
      }
      case 'checkboxes':
        entry = { type: el.type, selected_options: given === 'true' ? (el.options ?? []).slice(0, 1) : [] };
        break;
      default:
        entry = { type: el.type, value: given ?? null };
    }
    state[block.block_id] = { [String(el.action_id)]: entry };
  }
  return state;
}

// ---------------------------------------------------------------------------------------------------------------
// Teams
// ---------------------------------------------------------------------------------------------------------------

/** Send a 1:1 message to the bot as a Teams person; returns the visible text of the bot's replies, joined. */
export async function teamsSay(h: Harness, from: TeamsUser, text: string): Promise<string> {
  const activity = personalMessage({ serviceUrl: h.teams.url, from, text });
  const res = await postActivity(h.app.url, activity);
  if (res.status !== 200) throw new Error(`Teams message answered ${res.status}`);
  return repliesTo(h, String(activity.id));
}

function repliesTo(h: Harness, activityId: string): string {
  return [...h.teams.activities.values()]
    .filter((a) => a.replyToId === activityId)
    .map((a) => cardText(a))
    .join('\n');
}

/** The conversations the bot may use for a person's 1:1 chat: the one they wrote in, and any it opened. */
function personalConversations(h: Harness, user: TeamsUser): Set<string> {
  const ids = new Set([`a:personal-${user.aadObjectId}`]);
  for (const [id, body] of h.teams.conversations) {
    const members = (body.members ?? []) as { id?: string }[];
    if (members.some((m) => m.id === user.id)) ids.add(id);
  }
  return ids;
}

/** The proactive messages (not replies) the bot sent to a Teams person's 1:1 chat, oldest first. */
export function teamsDms(h: Harness, user: TeamsUser): StoredActivity[] {
  const ids = personalConversations(h, user);
  return [...h.teams.activities.values()].filter((a) => ids.has(a.conversationId) && !a.replyToId);
}

/** What a Teams person sees of an activity: its summary (the notification text) and its cards' text. */
export function teamsText(activity: StoredActivity | Record<string, unknown>): string {
  const body = ('body' in activity && typeof activity.body === 'object' ? activity.body : activity) as {
    summary?: string;
  };
  return [body.summary ?? '', cardText(activity)].join('\n');
}

/** The latest proactive message to a Teams person whose text (summary or card) matches (any when no pattern). */
export function lastTeamsDm(h: Harness, user: TeamsUser, pattern?: RegExp): StoredActivity | undefined {
  return teamsDms(h, user)
    .filter((a) => !pattern || pattern.test(teamsText(a)))
    .at(-1);
}

/** The card of an activity as it is now: its latest PUT, else as sent. */
export function currentCard(activity: StoredActivity): Record<string, unknown> {
  return activity.updates.at(-1) ?? activity.body;
}

interface CardNode {
  type?: string;
  id?: string;
  valueOff?: string;
  items?: CardNode[];
  actions?: { type?: string; title?: string; data?: Record<string, unknown> }[];
}

function cardNodes(body: Record<string, unknown>): CardNode[] {
  const out: CardNode[] = [];
  const walk = (n: CardNode) => {
    out.push(n);
    for (const i of n.items ?? []) walk(i);
  };
  const attachments = (body.attachments ?? []) as { content?: { body?: CardNode[]; actions?: unknown[] } }[];
  for (const a of attachments) {
    for (const n of a.content?.body ?? []) walk(n);
    if (a.content?.actions) walk({ type: 'ActionSet', actions: a.content.actions as CardNode['actions'] });
  }
  return out;
}

/** The ids and types of a card's inputs (Input.Text, Input.ChoiceSet, Input.Toggle). */
export function cardInputs(activity: StoredActivity): { id: string; type: string }[] {
  return cardNodes(activity.body)
    .filter((n) => n.type?.startsWith('Input.') && n.id)
    .map((n) => ({ id: n.id!, type: n.type! }));
}

/**
 * Press an `Action.Submit` on a card the bot sent, as Teams posts it: `value` is the action's data plus every
 * input of the card (empty inputs as "", an unticked toggle as its `valueOff`), `replyToId` the card's activity.
 * Returns the text of the bot's replies and the cards of the PUTs (updates in place) it caused.
 */
export async function teamsSubmit(
  h: Harness,
  from: TeamsUser,
  activity: StoredActivity,
  actionId: string,
  values: Record<string, string> = {},
  actionValue?: string,
): Promise<{ replies: string; updates: Record<string, unknown>[] }> {
  const nodes = cardNodes(activity.body);
  const action = nodes
    .flatMap((n) => n.actions ?? [])
    .find(
      (a) =>
        a.type === 'Action.Submit' &&
        a.data?.actionId === actionId &&
        (actionValue === undefined || a.data?.value === actionValue),
    );
  if (!action?.data) throw new Error(`no Action.Submit ${actionId} on the card`);
  const value: Record<string, unknown> = { ...action.data };
  for (const n of nodes) {
    if (!n.type?.startsWith('Input.') || !n.id) continue;
    value[n.id] = values[n.id] ?? (n.type === 'Input.Toggle' ? (n.valueOff ?? 'false') : '');
  }
  const submit = cardSubmit({
    serviceUrl: h.teams.url,
    from,
    replyToId: activity.id,
    conversationId: activity.conversationId,
    value,
  });
  const updatesBefore = activity.updates.length;
  const res = await postActivity(h.app.url, submit);
  if (res.status !== 200) throw new Error(`card submit answered ${res.status}`);
  return { replies: repliesTo(h, String(submit.id)), updates: activity.updates.slice(updatesBefore) };
}

/** Every byte the bot sent to either fake (calls, response_url posts, uploads), for "never sent" checks. */
export function everythingSent(h: Harness): string {
  return [
    JSON.stringify(h.slack.calls),
    JSON.stringify(h.slack.responses),
    JSON.stringify(h.slack.uploads),
    JSON.stringify(h.teams.calls.map((c) => c.body)),
  ].join('\n');
}
