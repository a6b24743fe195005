/**
 * A two-platform harness for peer-support tests: the real app on real Postgres and Redis, with recording fake
 * platforms for 'slack' and 'teams', one workspace on each (each installed by its own admin), and helpers to
 * make leaders, talk to the bot, and wait for the outbox.
 */
import { expect, vi } from 'vitest';
import type { Message } from '../../../src/core/messages/message.js';
import type { ActionResult, Actor, Reply } from '../../../src/ports.js';
import type { PairingFeature } from '../../../src/services/pairing/pairing-feature.js';
import { fullText, Recording, recordingPlatform } from '../../fakes/recording-platform.js';
import { messageText } from '../../helpers/actors.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

export const SLACK_WS = 'TNORTHSLACK';
export const TEAMS_WS = 'tenant-south-0001';

export interface Harness {
  app: TestApp;
  slack: Recording;
  teams: Recording;
  pairing: PairingFeature;
  slackAdmin: Actor;
  teamsAdmin: Actor;
  close(): Promise<void>;
}

export async function startHarness(label: string): Promise<Harness> {
  const slack = new Recording('slack');
  const teams = new Recording('teams');
  const app = await startTestApp({ label, adapters: [recordingPlatform(slack), recordingPlatform(teams)] });
  const slackAdmin: Actor = {
    platform: 'slack',
    workspaceId: SLACK_WS,
    userId: 'USLACKADMIN01',
    displayName: 'Sam Slackadmin',
  };
  const teamsAdmin: Actor = {
    platform: 'teams',
    workspaceId: TEAMS_WS,
    userId: '29:teams-admin-0001',
    displayName: 'Tara Teamsadmin',
  };
  await app.services.inbound.installed({
    platform: 'slack',
    workspaceId: SLACK_WS,
    name: 'North',
    installer: slackAdmin,
  });
  await app.services.inbound.installed({
    platform: 'teams',
    workspaceId: TEAMS_WS,
    name: 'South',
    installer: teamsAdmin,
  });
  const pairing = app.services.features.find((f) => f.name === 'pairing') as PairingFeature;
  return { app, slack, teams, pairing, slackAdmin, teamsAdmin, close: () => app.close() };
}

let personCounter = 0;

/** A person on one of the two workspaces, with a distinctive name, id and email for the leak scan. */
export function person(platform: 'slack' | 'teams', name: string): Actor {
  personCounter++;
  const tag = `${name.toLowerCase().replace(/\s+/g, '')}${personCounter}`;
  return {
    platform,
    workspaceId: platform === 'slack' ? SLACK_WS : TEAMS_WS,
    userId: platform === 'slack' ? `USL${tag.toUpperCase()}` : `29:teams-${tag}`,
    displayName: `${name} Q${personCounter}`,
    email: `${tag}@partner.example`,
  };
}

export function identifiers(a: Actor): string[] {
  return [a.userId, a.displayName ?? '', a.email ?? ''];
}

export async function say(h: Harness, who: Actor, text: string): Promise<string> {
  const r = await h.app.services.inbound.command({ actor: who, text });
  return messageText(r.message);
}

export async function dm(
  h: Harness,
  who: Actor,
  text: string,
  extra: { edited?: boolean; hasFiles?: boolean; messageId?: string } = {},
): Promise<Reply | undefined> {
  return h.app.services.inbound.directMessage({
    actor: who,
    text,
    messageId: extra.messageId ?? `msg-${Math.random().toString(36).slice(2)}`,
    edited: extra.edited ?? false,
    hasFiles: extra.hasFiles ?? false,
  });
}

export async function click(h: Harness, who: Actor, actionId: string, value: string): Promise<ActionResult> {
  return h.app.services.inbound.action({ actor: who, actionId, value, values: {} });
}

/** Make a leader who has joined the pool. */
export async function leader(h: Harness, who: Actor, org?: string): Promise<void> {
  await say(h, who, 'me role leader');
  if (org) await say(h, who, `me org "${org}"`);
  expect(await say(h, who, 'pairing join')).toContain('You are in the peer support pool');
}

export function platformOf(h: Harness, who: Actor): Recording {
  return who.platform === 'slack' ? h.slack : h.teams;
}

export function inbox(h: Harness, who: Actor): Message[] {
  return platformOf(h, who).inbox(who.workspaceId, who.userId);
}

export function inboxText(h: Harness, who: Actor): string {
  return inbox(h, who).map(fullText).join('\n---\n');
}

/** Wait (polling, bounded) until the person has received a message matching `pattern`; returns it. */
export async function received(
  h: Harness,
  who: Actor,
  pattern: RegExp | string,
  count = 1,
): Promise<Message[]> {
  return vi.waitFor(
    () => {
      const hits = inbox(h, who).filter((m) =>
        typeof pattern === 'string' ? fullText(m).includes(pattern) : pattern.test(fullText(m)),
      );
      expect(hits.length).toBeGreaterThanOrEqual(count);
      return hits;
    },
    { timeout: 15_000, interval: 50 },
  );
}

/**
 * Wait until the outbox has nothing waiting, active, or delayed: a send parked by the workspace throttle (or a
 * 429) is delayed for a moment and still to come, so a count read before it lands would be wrong.
 */
export async function drained(h: Harness): Promise<void> {
  await vi.waitFor(
    async () => {
      const counts = await h.app.jobs.queues.outbox.getJobCounts(
        'waiting',
        'active',
        'prioritized',
        'delayed',
      );
      expect(
        (counts.waiting ?? 0) + (counts.active ?? 0) + (counts.prioritized ?? 0) + (counts.delayed ?? 0),
      ).toBe(0);
    },
    { timeout: 15_000, interval: 50 },
  );
}

/** The pseudonym (full) someone was given in their current or latest group. */
export async function pseudonymOf(h: Harness, who: Actor): Promise<string> {
  const row = await h.app.db
    .selectFrom('pairing_group_members as gm')
    .innerJoin('members as m', 'm.id', 'gm.member_id')
    .innerJoin('pairing_groups as g', 'g.id', 'gm.group_id')
    .select(['gm.pseudonym'])
    .where('m.external_id', '=', who.userId)
    .orderBy('g.created_at', 'desc')
    .executeTakeFirstOrThrow();
  return row.pseudonym;
}

export async function groupIdOf(h: Harness, who: Actor): Promise<string> {
  const row = await h.app.db
    .selectFrom('pairing_group_members as gm')
    .innerJoin('members as m', 'm.id', 'gm.member_id')
    .innerJoin('pairing_groups as g', 'g.id', 'gm.group_id')
    .select(['g.id'])
    .where('m.external_id', '=', who.userId)
    .orderBy('g.created_at', 'desc')
    .executeTakeFirstOrThrow();
  return row.id;
}
