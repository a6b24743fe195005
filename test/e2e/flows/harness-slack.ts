/**
 * The Slack half of the two-platform harness: slash commands and `block_actions` clicks signed as Slack sends
 * them, and the DMs the bot posted as the fake Slack recorded them.
 */
import type { FakeWorkspace } from '../../fakes/fake-slack.js';
import { interactivity, postSlack, slashCommand } from '../../fakes/slack-requests.js';
import type { Harness } from './harness.js';
import { type SlackBlock, slackText } from './harness-slack-text.js';

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
    // The first message to a person is posted to their user id (Slack opens the DM); later ones to the DM.
    if (
      call.method !== 'chat.postMessage' ||
      (call.params.channel !== channel && call.params.channel !== userId)
    )
      continue;
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
