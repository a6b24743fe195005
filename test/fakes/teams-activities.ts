/**
 * Real-shaped Bot Framework activities as Teams sends them to `POST /api/messages`, for end-to-end tests and
 * benchmarks. Every builder takes the fake connector's URL as `serviceUrl`.
 */
import { randomUUID } from 'node:crypto';

export const TENANT = 'tenant-0001';
export const BOT = { id: '28:00000000-0000-0000-0000-00000000b0t1', name: 'Roundtable' };
export const TEAM = { id: '19:team-general@thread.tacv2', name: 'Practice Team', aadGroupId: 'group-0001' };

export interface TeamsUser {
  /** Channel account id, `29:...`. */
  id: string;
  name: string;
  aadObjectId: string;
}

/** A person, with stable ids derived from a short key. */
export function user(key: string, name = `Person ${key}`): TeamsUser {
  return { id: `29:${key}-account`, name, aadObjectId: `aad-${key}` };
}

interface Base {
  serviceUrl: string;
  tenantId?: string;
}

function envelope(b: Base, extra: Record<string, unknown>): Record<string, unknown> {
  const tenantId = b.tenantId ?? TENANT;
  return {
    id: `f:${randomUUID()}`,
    channelId: 'msteams',
    serviceUrl: b.serviceUrl,
    timestamp: new Date().toISOString(),
    recipient: BOT,
    channelData: { tenant: { id: tenantId } },
    ...extra,
  };
}

/** A 1:1 message to the bot. */
export function personalMessage(b: Base & { from: TeamsUser; text: string; localTimezone?: string }) {
  const tenantId = b.tenantId ?? TENANT;
  return envelope(b, {
    type: 'message',
    text: b.text,
    textFormat: 'plain',
    locale: 'en-GB',
    localTimezone: b.localTimezone ?? 'Europe/London',
    from: b.from,
    conversation: { id: `a:personal-${b.from.aadObjectId}`, conversationType: 'personal', tenantId },
  });
}

/** A message in a team channel that @mentions the bot (and, optionally, other people). */
export function channelMention(
  b: Base & { from: TeamsUser; words: string; mentions?: TeamsUser[]; channelId?: string },
) {
  const tenantId = b.tenantId ?? TENANT;
  const channelId = b.channelId ?? TEAM.id;
  let text = `<at>${BOT.name}</at> ${b.words}`;
  const entities: Record<string, unknown>[] = [
    { type: 'mention', text: `<at>${BOT.name}</at>`, mentioned: { id: BOT.id, name: BOT.name } },
  ];
  for (const m of b.mentions ?? []) {
    text += ` <at>${m.name}</at>`;
    entities.push({ type: 'mention', text: `<at>${m.name}</at>`, mentioned: { id: m.id, name: m.name } });
  }
  const envelopeId = `1700000000${Math.floor(Math.random() * 1000)}`;
  return envelope(b, {
    id: envelopeId,
    type: 'message',
    text,
    textFormat: 'plain',
    from: b.from,
    entities,
    conversation: {
      id: `${channelId};messageid=${envelopeId}`,
      conversationType: 'channel',
      isGroup: true,
      tenantId,
    },
    channelData: { tenant: { id: tenantId }, team: TEAM, channel: { id: channelId, name: 'General' } },
  });
}

/** An `Action.Submit` from a card the bot sent (`replyToId` is the card's activity id). */
export function cardSubmit(
  b: Base & { from: TeamsUser; replyToId: string; value: Record<string, unknown>; conversationId?: string },
) {
  const tenantId = b.tenantId ?? TENANT;
  return envelope(b, {
    type: 'message',
    from: b.from,
    replyToId: b.replyToId,
    value: b.value,
    conversation: {
      id: b.conversationId ?? `a:personal-${b.from.aadObjectId}`,
      conversationType: 'personal',
      tenantId,
    },
  });
}

/** The app was installed in a team (`installationUpdate`, action `add`). */
export function installationUpdate(b: Base & { from: TeamsUser; action?: 'add' | 'remove' }) {
  const tenantId = b.tenantId ?? TENANT;
  return envelope(b, {
    type: 'installationUpdate',
    action: b.action ?? 'add',
    from: b.from,
    conversation: { id: TEAM.id, conversationType: 'channel', isGroup: true, tenantId },
    channelData: {
      tenant: { id: tenantId },
      team: TEAM,
      channel: { id: TEAM.id },
      source: { name: 'message' },
    },
  });
}

/** Members were added to a team or chat (`conversationUpdate`). Include {@link BOT} when the bot was added. */
export function conversationUpdate(
  b: Base & {
    from: TeamsUser;
    membersAdded: { id: string; name?: string; aadObjectId?: string }[];
    personal?: boolean;
  },
) {
  const tenantId = b.tenantId ?? TENANT;
  if (b.personal) {
    return envelope(b, {
      type: 'conversationUpdate',
      from: b.from,
      membersAdded: b.membersAdded,
      conversation: { id: `a:personal-${b.from.aadObjectId}`, conversationType: 'personal', tenantId },
    });
  }
  return envelope(b, {
    type: 'conversationUpdate',
    from: b.from,
    membersAdded: b.membersAdded,
    conversation: { id: TEAM.id, conversationType: 'channel', isGroup: true, tenantId },
    channelData: { tenant: { id: tenantId }, team: TEAM, eventType: 'teamMemberAdded' },
  });
}

/** POST an activity to the app's `/api/messages`. */
export async function postActivity(
  appUrl: string,
  activity: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${appUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(activity),
  });
}
