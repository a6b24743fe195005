/**
 * Pure translation of inbound Teams activities into the neutral events of `src/ports.ts`. No SDK imports and
 * no I/O, so these functions can be fuzzed. The user id rule lives here: the person's AAD object id when the
 * activity carries one (stable across bot registrations, the id Microsoft Graph uses), else the channel account
 * id (`29:...`).
 */
import type {
  ActionChosen,
  Actor,
  CommandSaid,
  DirectMessage,
  FormSubmitted,
  MentionEntity,
} from '../../src/ports.js';
import { encodeMessageRef } from './message-ref.js';

/** The parts of a Bot Framework activity we read. Everything is optional: input is untrusted. */
export interface TeamsActivity {
  type?: string;
  id?: string;
  text?: string;
  value?: unknown;
  replyToId?: string;
  serviceUrl?: string;
  channelId?: string;
  localTimezone?: string;
  action?: string;
  from?: Account;
  recipient?: Account;
  conversation?: { id?: string; tenantId?: string; conversationType?: string; isGroup?: boolean };
  entities?: unknown[];
  attachments?: { contentType?: string }[];
  membersAdded?: Account[];
  channelData?: {
    tenant?: { id?: string };
    team?: { id?: string; name?: string; aadGroupId?: string };
    channel?: { id?: string; name?: string };
    eventType?: string;
  };
}

export interface Account {
  id?: string;
  name?: string;
  aadObjectId?: string;
  role?: string;
}

/** A neutral inbound event, or the reason an activity is not one. */
export type InboundEvent =
  | { kind: 'direct'; event: DirectMessage }
  | { kind: 'command'; event: CommandSaid }
  | { kind: 'action'; event: ActionChosen }
  | { kind: 'form'; event: FormSubmitted }
  | { kind: 'ignore'; reason: string };

/** Keys of a card submit that route it rather than carry an input's value. */
const ROUTING_KEYS = new Set(['actionId', 'value', 'formId', 'context', 'msteams']);
const COMMAND_PREFIX = /^\s*\/?roundtable\b\s*/i;

/** The tenant (our workspace id): `conversation.tenantId`, else `channelData.tenant.id`. */
export function tenantIdOf(activity: TeamsActivity): string | undefined {
  const id = activity.conversation?.tenantId ?? activity.channelData?.tenant?.id;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/** Our user id for a channel account: AAD object id when present, else the channel account id. */
export function userIdOf(account: Account | undefined): string | undefined {
  const id = account?.aadObjectId || account?.id;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/** Who sent the activity, or undefined when the activity does not say (then it is ignored). */
export function actorOf(activity: TeamsActivity): Actor | undefined {
  const workspaceId = tenantIdOf(activity);
  const userId = userIdOf(activity.from);
  if (!workspaceId || !userId) return undefined;
  const actor: Actor = { platform: 'teams', workspaceId, userId };
  if (typeof activity.from?.name === 'string' && activity.from.name !== '')
    actor.displayName = activity.from.name;
  if (typeof activity.localTimezone === 'string' && activity.localTimezone !== '')
    actor.timezone = activity.localTimezone;
  return actor;
}

/** True in a 1:1 chat with the bot. */
export function isPersonal(activity: TeamsActivity): boolean {
  const type = activity.conversation?.conversationType;
  if (type) return type === 'personal';
  return activity.conversation?.isGroup !== true;
}

interface MentionLike {
  type?: string;
  text?: string;
  mentioned?: { id?: string; name?: string; aadObjectId?: string };
}

function mentionEntities(activity: TeamsActivity): MentionLike[] {
  if (!Array.isArray(activity.entities)) return [];
  return activity.entities.filter(
    (e): e is MentionLike => typeof e === 'object' && e !== null && (e as MentionLike).type === 'mention',
  );
}

/**
 * The command words of a message: the bot's own `<at>` mention removed, non-breaking spaces normalised, and a
 * leading `roundtable`/`/roundtable` dropped. Other mentions stay in place for the parser.
 */
export function commandText(activity: TeamsActivity): string {
  let text = typeof activity.text === 'string' ? activity.text : '';
  const botId = activity.recipient?.id;
  for (const m of mentionEntities(activity)) {
    if (botId && account(m.mentioned)?.id === botId && typeof m.text === 'string' && m.text !== '') {
      text = text.split(m.text).join(' ');
    }
  }
  text = text
    .replace(/&nbsp;/gi, ' ')
    .replace(/\u00a0/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .trim();
  return text;
}

/** The people @mentioned in a message, other than the bot, in order. */
export function mentionsOf(activity: TeamsActivity): MentionEntity[] {
  const botId = activity.recipient?.id;
  const out: MentionEntity[] = [];
  for (const m of mentionEntities(activity)) {
    const mentioned = account(m.mentioned);
    const id = mentioned?.aadObjectId || mentioned?.id;
    if (!id || mentioned?.id === botId || typeof m.text !== 'string' || m.text === '') continue;
    out.push({ text: m.text, userId: id, name: mentioned?.name ?? '' });
  }
  return out;
}

/** The values of a card submit's inputs: strings only, empty inputs left out (Teams sends ""). */
export function submittedValues(value: Record<string, unknown>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) {
    if (ROUTING_KEYS.has(key)) continue;
    if (typeof v === 'string' && v !== '') values[key] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') values[key] = String(v);
  }
  return values;
}

/** True for a card submit: a message with a `value` object and no text. */
export function isCardSubmit(activity: TeamsActivity): boolean {
  return (
    activity.type === 'message' &&
    !activity.text &&
    typeof activity.value === 'object' &&
    activity.value !== null &&
    !Array.isArray(activity.value)
  );
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function rec(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}

function account(v: unknown): Account | undefined {
  const a = rec(v);
  if (!a) return undefined;
  return { id: str(a.id), name: str(a.name), aadObjectId: str(a.aadObjectId), role: str(a.role) };
}

/**
 * Keep only well-typed fields of an untrusted activity (the SDK passes on whatever JSON arrived), so the
 * mappers below can rely on the declared shape.
 */
export function normalizeActivity(raw: unknown): TeamsActivity {
  const a = rec(raw) ?? {};
  const conversation = rec(a.conversation);
  const channelData = rec(a.channelData);
  const team = rec(channelData?.team);
  const channel = rec(channelData?.channel);
  return {
    type: str(a.type),
    id: str(a.id),
    text: str(a.text),
    value: a.value,
    replyToId: str(a.replyToId),
    serviceUrl: str(a.serviceUrl),
    channelId: str(a.channelId),
    localTimezone: str(a.localTimezone),
    action: str(a.action),
    from: account(a.from),
    recipient: account(a.recipient),
    conversation: conversation && {
      id: str(conversation.id),
      tenantId: str(conversation.tenantId),
      conversationType: str(conversation.conversationType),
      isGroup: conversation.isGroup === true,
    },
    entities: Array.isArray(a.entities) ? a.entities : undefined,
    attachments: Array.isArray(a.attachments)
      ? a.attachments.map((x) => ({ contentType: str(rec(x)?.contentType) }))
      : undefined,
    membersAdded: Array.isArray(a.membersAdded)
      ? a.membersAdded.map(account).filter((x): x is Account => x !== undefined)
      : undefined,
    channelData: channelData && {
      tenant: { id: str(rec(channelData.tenant)?.id) },
      team: team && { id: str(team.id), name: str(team.name), aadGroupId: str(team.aadGroupId) },
      channel: channel && { id: str(channel.id), name: str(channel.name) },
      eventType: str(channelData.eventType),
    },
  };
}

/** Turn a message activity into a neutral event. Never throws, whatever the input. */
export function toInboundEvent(raw: unknown): InboundEvent {
  const activity = normalizeActivity(raw);
  if (activity.type !== 'message') return { kind: 'ignore', reason: 'not a message' };
  const actor = actorOf(activity);
  if (!actor) return { kind: 'ignore', reason: 'no tenant or sender' };

  if (isCardSubmit(activity)) {
    const value = activity.value as Record<string, unknown>;
    if (typeof value.formId === 'string' && value.formId !== '') {
      const event: FormSubmitted = { actor, formId: value.formId, values: submittedValues(value) };
      if (typeof value.context === 'string') event.context = value.context;
      return { kind: 'form', event };
    }
    if (typeof value.actionId === 'string' && value.actionId !== '') {
      const event: ActionChosen = {
        actor,
        actionId: value.actionId,
        value: typeof value.value === 'string' ? value.value : '',
        values: submittedValues(value),
      };
      if (activity.replyToId && activity.serviceUrl && activity.conversation?.id) {
        event.messageRef = {
          platform: 'teams',
          workspaceId: actor.workspaceId,
          ref: encodeMessageRef({
            serviceUrl: activity.serviceUrl,
            conversationId: activity.conversation.id,
            activityId: activity.replyToId,
          }),
        };
      }
      return { kind: 'action', event };
    }
    return { kind: 'ignore', reason: 'card submit without an action' };
  }

  const hasFiles = (activity.attachments ?? []).some(
    (a) => typeof a?.contentType === 'string' && a.contentType !== 'text/html',
  );
  if (isPersonal(activity)) {
    const text = commandText({ ...activity, text: activity.text ?? '' });
    if (text === '' && !hasFiles) return { kind: 'ignore', reason: 'empty message' };
    return {
      kind: 'direct',
      event: { actor, text, messageId: activity.id ?? '', edited: false, hasFiles },
    };
  }

  const text = commandText(activity).replace(COMMAND_PREFIX, '');
  const channelId =
    activity.channelData?.channel?.id ?? activity.conversation?.id?.split(';')[0] ?? undefined;
  const event: CommandSaid = { actor, text, mentions: mentionsOf(activity) };
  if (channelId) event.channelId = channelId;
  if (activity.channelData?.team?.id) event.teamId = activity.channelData.team.id;
  return { kind: 'command', event };
}
