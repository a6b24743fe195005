/**
 * Slack payloads → neutral inbound events. Pure functions with no I/O and no SDK objects, so they can be
 * property-tested with arbitrary input: anything malformed maps to `undefined` rather than throwing.
 */
import { slackPlainText } from './slack-text.js';
import type {
  ActionChosen,
  Actor,
  CommandSaid,
  DirectMessage,
  FormSubmitted,
  MessageRef,
} from '../../src/ports.js';

type Json = Record<string, unknown>;

function obj(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The bare actor of a payload: ids only. Name, zone and admin flag are added from `users.info` when cheap. */
export function baseActor(workspaceId: string, userId: string): Actor {
  return { platform: 'slack', workspaceId, userId };
}

/** `MessageRef.ref` is `channel|ts`: only this adapter builds or reads it. */
export function encodeMessageRef(workspaceId: string, channel: string, ts: string): MessageRef {
  return { platform: 'slack', workspaceId, ref: `${channel}|${ts}` };
}

export function decodeMessageRef(ref: MessageRef): { channel: string; ts: string } | undefined {
  const [channel, ts, ...rest] = ref.ref.split('|');
  if (!channel || !ts || rest.length > 0) return undefined;
  return { channel, ts };
}

/** A slash command (`/roundtable <words>`) → `CommandSaid`. The text keeps Slack's `<@U…|name>` markup. */
export function commandToEvent(body: unknown): CommandSaid | undefined {
  const b = obj(body);
  const teamId = str(b?.team_id);
  const userId = str(b?.user_id);
  if (!b || !teamId || !userId) return undefined;
  const channelId = str(b.channel_id);
  const text = typeof b.text === 'string' ? b.text : '';
  const conversation = conversationOf(channelId, str(b.channel_name));
  return {
    actor: baseActor(teamId, userId),
    text: text.trim(),
    ...(channelId ? { channelId } : {}),
    ...(conversation ? { conversation } : {}),
  };
}

/**
 * A slash command's conversation when it is not a channel. Slack names a DM `directmessage` (its id starts with
 * D) and a group DM `mpdm-<names>-1`; a private channel is `privategroup` and stays a channel.
 */
function conversationOf(channelId?: string, channelName?: string): CommandSaid['conversation'] {
  if (channelName === 'directmessage' || channelId?.startsWith('D')) return 'direct';
  if (channelName?.startsWith('mpdm-')) return 'group-direct';
  return undefined;
}

/** The workspace of an interactivity payload: the team of the payload, else the user's own team. */
export function interactionWorkspace(body: unknown): string | undefined {
  const b = obj(body);
  return str(obj(b?.team)?.id) ?? str(obj(b?.user)?.team_id) ?? str(obj(b?.view)?.team_id);
}

/**
 * `state.values` of a message or modal → our input values by input id. Each input is one block whose `block_id`
 * is our input id: radio buttons and selects give the chosen value, text inputs their text, a ticked checkbox
 * 'true'. Empty inputs are left out.
 */
export function stateToValues(state: unknown): Record<string, string> {
  const values: Record<string, string> = {};
  const blocks = obj(obj(state)?.values);
  if (!blocks) return values;
  for (const [blockId, actions] of Object.entries(blocks)) {
    for (const raw of Object.values(obj(actions) ?? {})) {
      const action = obj(raw);
      if (!action) continue;
      const value = inputValue(action);
      if (value !== undefined) values[blockId] = value;
    }
  }
  return values;
}

function inputValue(action: Json): string | undefined {
  switch (action.type) {
    case 'plain_text_input':
      return typeof action.value === 'string' && action.value !== '' ? action.value : undefined;
    case 'radio_buttons':
    case 'static_select':
      return str(obj(action.selected_option)?.value);
    case 'checkboxes':
      return Array.isArray(action.selected_options) && action.selected_options.length > 0
        ? 'true'
        : undefined;
    default:
      return undefined;
  }
}

/** The renderer suffixes duplicate action ids in one row with `#n`; strip it to get our action id back. */
export function neutralActionId(actionId: string): string {
  return actionId.replace(/#\d+$/, '');
}

/** A button click (`block_actions`) → `ActionChosen`. Input changes without a button are not events. */
export function blockActionToEvent(body: unknown): ActionChosen | undefined {
  const b = obj(body);
  const workspaceId = interactionWorkspace(body);
  const userId = str(obj(b?.user)?.id);
  const action = Array.isArray(b?.actions) ? obj(b.actions[0]) : undefined;
  if (!b || !workspaceId || !userId || !action || action.type !== 'button') return undefined;
  const actionId = str(action.action_id);
  if (!actionId) return undefined;
  const state = b.state ?? obj(b.view)?.state;
  const container = obj(b.container);
  const channel = str(container?.channel_id) ?? str(obj(b.channel)?.id);
  const ts = str(container?.message_ts) ?? str(obj(b.message)?.ts);
  return {
    actor: baseActor(workspaceId, userId),
    actionId: neutralActionId(actionId),
    value: typeof action.value === 'string' ? action.value : '',
    values: stateToValues(state),
    ...(channel && ts && container?.type === 'message'
      ? { messageRef: encodeMessageRef(workspaceId, channel, ts) }
      : {}),
  };
}

/** A modal submission (`view_submission`) → `FormSubmitted`: form id from `callback_id`, context from metadata. */
export function viewSubmissionToEvent(body: unknown): FormSubmitted | undefined {
  const b = obj(body);
  const view = obj(b?.view);
  const workspaceId = interactionWorkspace(body);
  const userId = str(obj(b?.user)?.id);
  const formId = str(view?.callback_id);
  if (!view || !workspaceId || !userId || !formId) return undefined;
  const context = str(view.private_metadata);
  return {
    actor: baseActor(workspaceId, userId),
    formId,
    values: stateToValues(view.state),
    ...(context ? { context } : {}),
  };
}

/**
 * A `message` event in a direct message with the bot → `DirectMessage`, or undefined when it is not one a person
 * sent to us: other channel types, the bot's own messages, other bots, deletions and system subtypes are dropped.
 * An edit (`message_changed`) is passed on with `edited: true`; files with `hasFiles: true`.
 */
export function messageToDirectMessage(
  teamId: string,
  event: unknown,
  self: { botUserId?: string; botId?: string },
): DirectMessage | undefined {
  const e = obj(event);
  if (e?.type !== 'message' || e.channel_type !== 'im') return undefined;
  const channel = str(e.channel);
  const subtype = str(e.subtype);
  const edited = subtype === 'message_changed';
  if (subtype && !edited && subtype !== 'file_share' && subtype !== 'thread_broadcast') return undefined;
  const m = edited ? obj(e.message) : e;
  if (!m || !channel) return undefined;
  const userId = str(m.user);
  if (!userId || m.bot_id || m.subtype === 'bot_message' || m.app_id) return undefined;
  if (userId === self.botUserId || (self.botId && m.bot_id === self.botId)) return undefined;
  const ts = str(m.ts);
  if (!ts) return undefined;
  const files = Array.isArray(m.files) && m.files.length > 0;
  const messageId = edited ? `${channel}|${ts}|edit|${str(e.ts) ?? ts}` : `${channel}|${ts}`;
  return {
    actor: baseActor(teamId, userId),
    // Decoded here, once: the core never sees Slack's entities or shortcodes (and counts characters as written).
    text: typeof m.text === 'string' ? slackPlainText(m.text) : '',
    messageId,
    edited,
    hasFiles: files || subtype === 'file_share',
  };
}

/** The DM channel of a message event (for posting the reply in the same conversation). */
export function messageChannel(event: unknown): string | undefined {
  return str(obj(event)?.channel);
}

/** True when a `tokens_revoked` event revoked the bot's token (a user token alone does not stop sending). */
export function revokesBot(event: unknown): boolean {
  const bot = obj(obj(event)?.tokens)?.bot;
  return Array.isArray(bot) && bot.length > 0;
}
