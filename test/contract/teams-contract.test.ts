/** The adapter contract against the real Teams adapter (Teams AI, botbuilder) and the fake Bot Connector. */
import { expect } from 'vitest';
import { createTeamsAdapterFactory } from '../../adapters/teams/teams-adapter.js';
import { cardText } from '../e2e/teams/teams-helpers.js';
import { FakeBotConnector } from '../fakes/fake-bot-connector.js';
import {
  channelMention,
  installationUpdate,
  postActivity,
  TEAM,
  TENANT,
  user,
} from '../fakes/teams-activities.js';
import { startTestApp } from '../helpers/test-app.js';
import { describePlatformContract } from './platform-contract.js';

describePlatformContract('Teams', async () => {
  const bc = new FakeBotConnector();
  await bc.start();
  const admin = user('admin', 'Ada Admin');
  const quiet = user('quiet', 'Quinn Quiet');
  bc.setRoster([admin, quiet]);
  const app = await startTestApp({
    label: 'teams-contract',
    adapters: [createTeamsAdapterFactory({ connectorTimeoutMs: 300 })],
    env: { TEAMS_ALLOW_UNAUTHENTICATED: 'true' },
  });
  const teams = app.adapters.find((a) => a.platform === 'teams')!;
  const res = await postActivity(app.url, installationUpdate({ serviceUrl: bc.url, from: admin }));
  expect(res.status).toBe(200);
  let pagesBefore = 0;
  return {
    adapter: teams,
    workspaceId: TENANT,
    userId: 'aad-quiet',
    async setRoster(n) {
      const people = [admin, quiet, ...Array.from({ length: n - 2 }, (_, i) => user(`c${i}`, `Person ${i}`))];
      bc.setRoster(people);
      bc.setMaxPageSize(3);
      pagesBefore = bc.callsTo('GET', /\/pagedmembers$/).length;
      return { audience: { kind: 'team', teamId: TEAM.id }, userIds: people.map((p) => p.aadObjectId!) };
    },
    rosterPagesRead: () => bc.callsTo('GET', /\/pagedmembers$/).length - pagesBefore,
    failNextSend(failure) {
      const fail = (status: number, body?: unknown) =>
        bc.failNext(1, {
          status,
          retryAfterSeconds: undefined,
          match: /activities/,
          ...(body ? { body } : {}),
        });
      switch (failure.kind) {
        case 'rate-limited':
          bc.failNext(1, { status: 429, retryAfterSeconds: failure.retryAfterSeconds, match: /activities/ });
          return true;
        case 'retryable':
          fail(502);
          return true;
        case 'maybe-delivered':
          return false; // Teams documents every 5xx it sends as safe to retry
        case 'user-gone':
          fail(404);
          return true;
        case 'bot-removed':
          fail(403, {
            error: {
              code: 'BotNotInConversationRoster',
              message: 'The bot is not part of the conversation roster.',
            },
          });
          return true;
        case 'blocked':
          fail(403, {
            error: { code: 'Forbidden', message: 'The message sent by the bot isn’t delivered to the user.' },
            subCode: 'MessageWritesBlocked',
          });
          return true;
        case 'rejected':
          fail(413);
          return true;
        case 'no-answer':
          bc.failNext(1, { noAnswer: true, match: /activities/ });
          return true;
      }
    },
    postsMade: () => bc.callsTo('POST', /\/activities$/).length,
    textsSeenBy() {
      return [...bc.activities.values()].map((a) => cardText(a.updates.at(-1) ?? a));
    },
    async commandInChannel(userId, words) {
      const from = [admin, quiet].find((p) => p.aadObjectId === userId)!;
      const before = new Set(bc.activities.keys());
      const res = await postActivity(app.url, channelMention({ serviceUrl: bc.url, from, words }));
      expect(res.status).toBe(200);
      const fresh = [...bc.activities.values()].filter((a) => !before.has(a.id));
      const channelOf = (a: { conversationId: string }) => a.conversationId.startsWith(TEAM.id);
      const personal = (a: { conversationId: string }) =>
        (
          bc.conversations.get(a.conversationId) as { members?: Array<{ id: string }> } | undefined
        )?.members?.some((m) => m.id === from.id) ?? false;
      return {
        // Teams has no ephemeral replies: the answer goes to the person's 1:1 chat with the bot.
        privately: fresh.filter((a) => !channelOf(a) && personal(a)).map((a) => cardText(a)),
        inChannel: fresh.filter(channelOf).map((a) => cardText(a)),
      };
    },
    async close() {
      await app.close();
      await bc.stop();
    },
  };
});
