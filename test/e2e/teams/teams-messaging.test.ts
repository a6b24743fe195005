import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { teamsAdapterFactory } from '../../../adapters/teams/teams-adapter.js';
import { NotFound, RateLimited, Transient, Unauthorized } from '../../../src/errors.js';
import type { PlatformAdapter } from '../../../src/http/platform-adapter.js';
import { FakeBotConnector } from '../../fakes/fake-bot-connector.js';
import {
  BOT,
  cardSubmit,
  installationUpdate,
  personalMessage,
  postActivity,
  TEAM,
  TENANT,
  user,
} from '../../fakes/teams-activities.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { cardText, submitActions } from './teams-helpers.js';

const admin = user('admin', 'Ada Admin');
const quiet = user('quiet', 'Quinn Quiet');
const roster = [admin, quiet, ...Array.from({ length: 5 }, (_, i) => user(`p${i}`, `Person ${i}`))];

let bc: FakeBotConnector;
let app: TestApp;
let teams: PlatformAdapter;

beforeAll(async () => {
  bc = new FakeBotConnector();
  await bc.start();
  bc.setRoster([...roster, { id: '28:other-bot', name: 'Another bot' }]);
  bc.setMaxPageSize(3);
  app = await startTestApp({
    label: 'teams-messaging',
    adapters: [teamsAdapterFactory],
    env: { TEAMS_ALLOW_UNAUTHENTICATED: 'true' },
  });
  teams = app.adapters.find((a) => a.platform === 'teams')!;
  const res = await postActivity(app.url, installationUpdate({ serviceUrl: bc.url, from: admin }));
  expect(res.status).toBe(200);
});

afterAll(async () => {
  await app?.close();
  await bc?.stop();
});

const hello = { text: 'Hello', blocks: [{ type: 'text' as const, text: 'Hello *there*' }] };

describe('Teams roster', () => {
  it('reads every page of the roster at install, leaving bots out', async () => {
    const pages = bc.callsTo('GET', /\/pagedmembers$/);
    expect(pages.length).toBe(3);
    expect(pages[0]!.path).toBe(`/v3/conversations/${TEAM.id}/pagedmembers`);
    expect(pages.map((p) => p.query.continuationToken)).toEqual([undefined, '3', '6']);
    const count = await app.db
      .selectFrom('members')
      .select(app.db.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(roster.length);
  });

  it('lists a team audience through the Directory, all pages', async () => {
    const profiles = await teams.directory.listAudience(TENANT, { kind: 'team', teamId: TEAM.id });
    expect(profiles.map((p) => p.userId).sort()).toEqual(roster.map((u) => u.aadObjectId).sort());
    expect(profiles.find((p) => p.userId === 'aad-quiet')?.displayName).toBe('Quinn Quiet');
  });
});

describe('Teams proactive messages', () => {
  it('opens a 1:1 chat with someone who never wrote to the bot, and remembers it', async () => {
    bc.reset();
    const ref = await teams.messenger.sendDirect({ workspaceId: TENANT, userId: 'aad-quiet' }, hello);
    const created = bc.callsTo('POST', /^\/v3\/conversations$/);
    expect(created).toHaveLength(1);
    expect(created[0]!.body).toMatchObject({
      bot: { id: BOT.id },
      members: [{ id: quiet.id }],
      tenantId: TENANT,
      isGroup: false,
    });
    const conversationId = [...bc.conversations.keys()][0]!;
    expect(bc.sentTo(conversationId)).toHaveLength(1);
    expect(cardText(bc.sentTo(conversationId)[0]!)).toBe('Hello *there*');
    expect(ref.platform).toBe('teams');
    const stored = await app.db
      .selectFrom('teams_user_refs')
      .select('conversation_id')
      .where('user_id', '=', 'aad-quiet')
      .executeTakeFirstOrThrow();
    expect(stored.conversation_id).toBe(conversationId);

    await teams.messenger.sendDirect({ workspaceId: TENANT, userId: 'aad-quiet' }, hello);
    expect(bc.callsTo('POST', /^\/v3\/conversations$/)).toHaveLength(1);
    expect(bc.sentTo(conversationId)).toHaveLength(2);
  });

  it('updates a sent message in place', async () => {
    const ref = await teams.messenger.sendDirect({ workspaceId: TENANT, userId: 'aad-quiet' }, hello);
    await teams.messenger.update(ref, { text: 'Thanks', blocks: [{ type: 'text', text: 'Thanks' }] });
    const put = bc.callsTo('PUT', /\/activities\//).at(-1)!;
    const updated = [...bc.activities.values()].find((a) => a.updates.length > 0)!;
    expect(put.path).toBe(`/v3/conversations/${updated.conversationId}/activities/${updated.id}`);
    expect(cardText(updated.updates[0]!)).toBe('Thanks');
  });

  it('posts to a team channel', async () => {
    await teams.messenger.sendToChannel(TENANT, TEAM.id, hello);
    expect(bc.sentTo(TEAM.id).length).toBeGreaterThan(0);
  });

  it('turns a 429 into RateLimited with the Retry-After delay, and the message goes out on retry', async () => {
    bc.reset();
    bc.failNext(1, { status: 429, retryAfterSeconds: 7, match: /activities/ });
    const target = { workspaceId: TENANT, userId: 'aad-quiet' };
    const error = await teams.messenger.sendDirect(target, hello).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimited);
    expect((error as RateLimited).retryAfterMs).toBe(7000);
    expect(bc.calls.filter((c) => c.status === 429)).toHaveLength(1);
    await teams.messenger.sendDirect(target, hello);
    expect([...bc.activities.values()]).toHaveLength(1);
  });

  it('maps other connector failures to typed errors', async () => {
    const target = { workspaceId: TENANT, userId: 'aad-quiet' };
    for (const [status, type] of [
      [412, Transient],
      [502, Transient],
      [504, Transient],
      [401, Unauthorized],
      [403, Unauthorized],
      [404, NotFound],
    ] as const) {
      bc.failNext(1, { status, retryAfterSeconds: undefined });
      await expect(teams.messenger.sendDirect(target, hello)).rejects.toBeInstanceOf(type);
    }
    await expect(
      teams.messenger.sendDirect({ workspaceId: TENANT, userId: 'aad-nobody' }, hello),
    ).rejects.toBeInstanceOf(NotFound);
  });

  it('splits a message over the 40 KB limit into several cards', async () => {
    bc.reset();
    const long = Array.from({ length: 40 }, (_, i) => ({
      type: 'text' as const,
      text: `${i} ${'x'.repeat(2000)}`,
    }));
    await teams.messenger.sendDirect(
      { workspaceId: TENANT, userId: 'aad-quiet' },
      { text: 'Long', blocks: long },
    );
    const posts = bc.callsTo('POST', /activities/);
    expect(posts.length).toBeGreaterThan(1);
    for (const p of posts) expect(Buffer.byteLength(JSON.stringify(p.body))).toBeLessThan(40_000);
  });

  it('reads a profile with the time zone Teams reported', async () => {
    await postActivity(
      app.url,
      personalMessage({ serviceUrl: bc.url, from: quiet, text: 'help', localTimezone: 'Asia/Kolkata' }),
    );
    const profile = await teams.directory.profile(TENANT, 'aad-quiet');
    expect(profile).toMatchObject({
      userId: 'aad-quiet',
      displayName: 'Quinn Quiet',
      timezone: 'Asia/Kolkata',
    });
    expect(await teams.directory.profile(TENANT, 'aad-nobody')).toBeNull();
  });
});

describe('Teams cards', () => {
  it('replaces the card after a button so it cannot be answered twice', async () => {
    bc.reset();
    const person = roster[2]!;
    const res = await postActivity(
      app.url,
      personalMessage({ serviceUrl: bc.url, from: person, text: 'forget me' }),
    );
    expect(res.status).toBe(200);
    const card = [...bc.activities.values()].at(-1)!;
    const cancel = submitActions(card).find((a) => a.data?.actionId === 'me.forget.cancel');
    expect(cancel).toBeDefined();
    const submit = await postActivity(
      app.url,
      cardSubmit({ serviceUrl: bc.url, from: person, replyToId: card.id, value: { ...cancel!.data } }),
    );
    expect(submit.status).toBe(200);
    expect(card.updates).toHaveLength(1);
    expect(cardText(card.updates[0]!)).toMatch(/Nothing was deleted/);
    const still = await app.db
      .selectFrom('members')
      .select('id')
      .where('external_id', '=', person.aadObjectId)
      .executeTakeFirst();
    expect(still).toBeDefined();
  });
});
