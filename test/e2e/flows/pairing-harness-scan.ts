/**
 * The anonymity scan of the two-platform harness: every payload either fake received, with who it is for, and
 * `expectNoLeaks`, which scans them (and the log) with `containsIdentifier`.
 */
import { expect } from 'vitest';
import { containsIdentifier } from '../../../src/core/anonymity/neutralise.js';
import type { FakeBotConnector } from '../../fakes/fake-bot-connector.js';
import type { FakeSlack } from '../../fakes/fake-slack.js';
import type { TestApp } from '../../helpers/test-app.js';
import { identifiersOf, type Person } from './pairing-harness.js';

/** One thing the app sent to a fake, with who it is for (undefined: nobody in particular, e.g. a roster read). */
export interface SentPayload {
  platform: 'slack' | 'teams';
  /** Slack user id or Teams AAD object id of the person who sees it, when it is addressed to one person. */
  to?: string;
  /** The whole payload as JSON. */
  json: string;
  /** The payload without its addressing fields (channel, users, recipient, conversation...). */
  content: string;
  /** Posted where many people see it (a Slack channel, a Teams team channel). */
  public: boolean;
}

/** The person (channel account id) a conversation the bot opened is with. */
export function openedWith(connector: FakeBotConnector, conversationId: string): string | undefined {
  const created = connector.conversations.get(conversationId) as { members?: { id?: string }[] } | undefined;
  return created?.members?.[0]?.id;
}

/**
 * Everything sent to either fake so far. `responseOwner` maps a Slack response_url id to who ran the command
 * or clicked (the only person who sees the ephemeral answer).
 */
export function collectPayloads(
  slack: FakeSlack,
  connector: FakeBotConnector,
  responseOwner: ReadonlyMap<string, string>,
): SentPayload[] {
  const out: SentPayload[] = [];
  for (const c of slack.calls) {
    const p = c.params;
    const channel = typeof p.channel === 'string' ? p.channel : undefined;
    const to =
      (channel?.startsWith('D') ? channel.slice(1) : channel?.startsWith('U') ? channel : undefined) ??
      (typeof p.users === 'string' ? p.users : undefined) ??
      (typeof p.user === 'string' ? p.user : undefined) ??
      (typeof p.user_id === 'string' ? p.user_id : undefined);
    const { channel: _c, users: _u, user: _us, user_id: _ui, token: _t, ...content } = p;
    const isPublic =
      c.method === 'chat.postMessage' &&
      channel !== undefined &&
      !channel.startsWith('D') &&
      !channel.startsWith('U');
    out.push({
      platform: 'slack',
      to,
      json: JSON.stringify(p),
      content: JSON.stringify(content),
      public: isPublic,
    });
  }
  // Ephemeral answers through response_url go to whoever ran the command or clicked.
  for (const r of slack.responses) {
    const json = JSON.stringify(r.body);
    out.push({ platform: 'slack', to: responseOwner.get(r.id), json, content: json, public: false });
  }
  for (const c of connector.calls) {
    const body = (c.body ?? {}) as Record<string, unknown>;
    const conversation = c.path.split('/')[3] ?? '';
    // A 1:1 chat (`a:personal-<aad id>`), or a new one being opened with `members: [{ id }]`; a reply in
    // a team channel is addressed (Bot Framework's `recipient`) to whoever spoke, but seen by the channel.
    const opened = (body.members as { id?: string }[] | undefined)?.[0]?.id;
    const recipient = (body.recipient as { id?: string } | undefined)?.id;
    const isPublic = conversation.startsWith('19:');
    const to = conversation.startsWith('a:personal-')
      ? conversation.slice('a:personal-'.length)
      : c.path === '/v3/conversations'
        ? opened
        : (openedWith(connector, conversation) ?? recipient);
    const { recipient: _r, conversation: _c, from: _f, replyToId: _p, ...content } = body;
    out.push({
      platform: 'teams',
      to,
      json: JSON.stringify({ path: c.path, body }),
      content: JSON.stringify(content),
      public: isPublic,
    });
  }
  return out;
}

/**
 * The anonymity check on the wire. For every payload either fake received: what is addressed to one person
 * carries no other person's identifiers (their own id naturally addresses it); what is addressed to nobody in
 * particular (or to an admin) carries nobody's; and a payload posted in a channel, or carrying relayed text
 * (any of `relayed`), carries nobody's identifiers besides its addressing fields. Every log line too.
 * Scanned with `containsIdentifier`.
 */
export function expectNoLeaks(
  h: { app: TestApp; payloads(): SentPayload[] },
  o: { people: Person[]; relayed?: string[] },
): void {
  const all = o.people.flatMap(identifiersOf);
  for (const p of h.payloads()) {
    const addressee = p.to ? o.people.find((x) => identifiersOf(x).includes(p.to!)) : undefined;
    const others = o.people.filter((x) => x !== addressee).flatMap(identifiersOf);
    expect(
      containsIdentifier(p.json, others),
      `${p.platform} payload to ${p.to}: ${p.json.slice(0, 400)}`,
    ).toBe(false);
    if (p.public || (o.relayed ?? []).some((r) => p.content.includes(r))) {
      expect(containsIdentifier(p.content, all), `public or relayed: ${p.content.slice(0, 400)}`).toBe(false);
    }
  }
  const logs = h.app.logs.text();
  expect(
    containsIdentifier(logs, all),
    `log: ${logs.split('\n').find((line) => containsIdentifier(line, all))}`,
  ).toBe(false);
}
