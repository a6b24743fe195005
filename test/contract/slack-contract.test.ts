/** The adapter contract against the real Slack adapter (Bolt, WebClient) and the fake Slack Web API. */
import { expect } from 'vitest';
import { FakeSlack } from '../fakes/fake-slack.js';
import { SECRET, startSlackHarness, TEAM } from '../e2e/slack/slack-harness.js';
import { slashCommand } from '../fakes/slack-requests.js';
import { describePlatformContract } from './platform-contract.js';

describePlatformContract('Slack', async () => {
  const fake = new FakeSlack();
  await fake.start();
  fake.addWorkspace(TEAM);
  // One network retry, as in production it is two: a post Slack took and never answered must not be retried.
  const h = await startSlackHarness('slack-contract', { SLACK_BOT_TOKEN: TEAM.botToken }, fake, {
    webApiRetries: 1,
    webApiTimeoutMs: 300,
  });
  let pagesBefore = 0;
  return {
    adapter: h.adapter,
    workspaceId: TEAM.teamId,
    userId: 'U1',
    async setRoster(n) {
      const userIds = Array.from({ length: n * 40 }, (_, i) => `UC${i}`);
      fake.setUsers(userIds.map((id) => ({ id, real_name: `Person ${id}` })));
      fake.setChannelMembers('C0CONTRACT', userIds);
      pagesBefore = fake.callsTo('conversations.members').length;
      return { audience: { kind: 'channel', channelId: 'C0CONTRACT' }, userIds };
    },
    rosterPagesRead: () => fake.callsTo('conversations.members').length - pagesBefore,
    failNextSend(failure) {
      const answer = (error: string) => fake.failNext('chat.postMessage', 200, undefined, 1, error);
      switch (failure.kind) {
        case 'rate-limited':
          fake.failNext('chat.postMessage', 429, failure.retryAfterSeconds);
          return true;
        case 'retryable':
          fake.failNext('chat.postMessage', 503);
          return true;
        case 'maybe-delivered':
          answer('internal_error');
          return true;
        case 'user-gone':
          answer('user_not_found');
          return true;
        case 'bot-removed':
          answer('token_revoked');
          return true;
        case 'rejected':
          answer('msg_blocks_too_long');
          return true;
        case 'no-answer':
          fake.holdNext('chat.postMessage');
          return true;
        case 'blocked':
          return false;
      }
    },
    postsMade: () => fake.callsTo('chat.postMessage').length,
    textsSeenBy(userId) {
      const posts = fake
        .callsTo('chat.postMessage')
        // To the user id, or to the DM it opened (the fake names it D + the user id, as Slack returns it).
        .filter((c) => c.params.channel === userId || c.params.channel === `D${userId}`)
        .map((c) => String(c.params.text));
      const updates = fake.callsTo('chat.update').map((c) => String(c.params.text));
      return [...posts, ...updates];
    },
    async commandInChannel(userId, words) {
      const id = `contract-${fake.responses.length}-${Date.now()}`;
      const channel = 'C0CONTRACTROOM';
      const postsBefore = fake.callsTo('chat.postMessage').length;
      const res = await h.send(
        slashCommand(SECRET, {
          teamId: TEAM.teamId,
          userId,
          text: words,
          channelId: channel,
          channelName: 'contract-room',
          responseUrl: fake.responseUrl(id),
        }),
      );
      expect(res.status).toBe(200);
      const replies = fake.responses.filter((r) => r.id === id).map((r) => r.body);
      const text = (b: Record<string, unknown>) => JSON.stringify(b);
      return {
        // An ephemeral reply through response_url: only the person who typed the command sees it.
        privately: replies.filter((b) => b.response_type === 'ephemeral').map(text),
        inChannel: [
          ...replies.filter((b) => b.response_type !== 'ephemeral').map(text),
          ...fake
            .callsTo('chat.postMessage')
            .slice(postsBefore)
            .filter((c) => c.params.channel === channel)
            .map((c) => JSON.stringify(c.params)),
        ],
      };
    },
    close: () => h.close(),
  };
});
