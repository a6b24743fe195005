/**
 * The Teams half of the two-platform harness: 1:1 messages and `Action.Submit` card submits as Teams sends
 * them, and the activities the bot sent as the fake connector recorded them.
 */
import type { StoredActivity } from '../../fakes/fake-bot-connector.js';
import { cardSubmit, personalMessage, postActivity, type TeamsUser } from '../../fakes/teams-activities.js';
import { cardText } from '../teams/teams-helpers.js';
import type { Harness } from './harness.js';

export { cardText };

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
