import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { textMessage } from '../../../src/core/messages/message.js';
import { NotFound, RateLimited, Transient, Unauthorized } from '../../../src/errors.js';
import { type SlackHarness, startSlackHarness, TEAM } from './slack-harness.js';
import { FakeSlack } from '../../fakes/fake-slack.js';

let h: SlackHarness;
const target = { workspaceId: TEAM.teamId, userId: 'U1' };

beforeAll(async () => {
  const fake = new FakeSlack();
  await fake.start();
  fake.addWorkspace(TEAM);
  h = await startSlackHarness('slack-messenger', { SLACK_BOT_TOKEN: TEAM.botToken }, fake);
});

afterAll(async () => {
  await h?.close();
});

beforeEach(() => {
  h.fake.reset();
  h.fake.rateLimit(undefined);
});

describe('SlackMessenger against the fake Web API', () => {
  it('sends a DM to the user id (no conversations.open), then updates it in the DM by its ref', async () => {
    const ref = await h.adapter.messenger.sendDirect(target, textMessage('Time for a check-in'));
    expect(ref).toMatchObject({ platform: 'slack', workspaceId: TEAM.teamId });
    expect(h.fake.callsTo('conversations.open')).toHaveLength(0);
    const post = h.fake.callsTo('chat.postMessage')[0];
    expect(post?.params.channel).toBe('U1');
    expect(ref.ref.split('|')[0]).toBe('DU1');
    expect(post?.params.text).toBe('Time for a check-in');
    await h.adapter.messenger.update(ref, textMessage('Thank you'));
    const update = h.fake.callsTo('chat.update')[0];
    expect(update?.params.channel).toBe('DU1');
    expect(update?.params.ts).toBe(post && ref.ref.split('|')[1]);
    expect(update?.params.text).toBe('Thank you');
  });

  it('posts to a channel', async () => {
    const ref = await h.adapter.messenger.sendToChannel(
      TEAM.teamId,
      'C0DIGEST',
      textMessage('Shared reflections'),
    );
    expect(ref.ref.startsWith('C0DIGEST|')).toBe(true);
    expect(h.fake.callsTo('chat.postMessage')[0]?.params.channel).toBe('C0DIGEST');
  });

  it('a 429 becomes RateLimited with the Retry-After delay, and the retried send is not lost', async () => {
    h.fake.failNext('chat.postMessage', 429, 7);
    const error = await h.adapter.messenger.sendDirect(target, textMessage('one')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimited);
    expect((error as RateLimited).retryAfterMs).toBe(7000);
    // The client did not retry by itself: exactly one attempt so far.
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(1);
    // The job queue retries later: the message goes out once.
    const ref = await h.adapter.messenger.sendDirect(target, textMessage('one'));
    expect(ref.ref).toContain('|');
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(2);
  });

  it('a per-workspace token bucket on the fake yields RateLimited once the burst is spent', async () => {
    h.fake.rateLimit({ perSecond: 0.5, burst: 2 });
    await h.adapter.messenger.sendToChannel(TEAM.teamId, 'C1', textMessage('a'));
    await h.adapter.messenger.sendToChannel(TEAM.teamId, 'C1', textMessage('b'));
    const error = await h.adapter.messenger
      .sendToChannel(TEAM.teamId, 'C1', textMessage('c'))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimited);
    expect((error as RateLimited).retryAfterMs).toBeGreaterThanOrEqual(1000);
  });

  it('maps Slack errors to typed errors', async () => {
    h.fake.failNext('chat.postMessage', 500);
    await expect(
      h.adapter.messenger.sendToChannel(TEAM.teamId, 'C1', textMessage('x')),
    ).rejects.toBeInstanceOf(Transient);
    h.fake.failNext('chat.postMessage', 200, undefined, 1, 'channel_not_found');
    await expect(
      h.adapter.messenger.sendToChannel(TEAM.teamId, 'C1', textMessage('x')),
    ).rejects.toBeInstanceOf(NotFound);
    h.fake.failNext('chat.postMessage', 200, undefined, 1, 'account_inactive');
    await expect(
      h.adapter.messenger.sendToChannel(TEAM.teamId, 'C1', textMessage('x')),
    ).rejects.toBeInstanceOf(Unauthorized);
    h.fake.failNext('chat.postMessage', 200, undefined, 1, 'invalid_auth');
    await expect(
      h.adapter.messenger.sendToChannel(TEAM.teamId, 'C1', textMessage('x')),
    ).rejects.toBeInstanceOf(Unauthorized);
  });

  it('uploads attachments into the DM after the message', async () => {
    await h.adapter.messenger.sendDirect(
      { workspaceId: TEAM.teamId, userId: 'U2' },
      textMessage('Your invite'),
      [
        {
          filename: 'session.ics',
          contentType: 'text/calendar',
          content: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n',
        },
      ],
    );
    expect(h.fake.callsTo('files.getUploadURLExternal')[0]?.params.filename).toBe('session.ics');
    expect(h.fake.uploads[0]?.body).toContain('BEGIN:VCALENDAR');
    const complete = h.fake.callsTo('files.completeUploadExternal')[0];
    expect(complete?.params.channel_id).toBe('DU2');
  });
});

describe('an attachment that will not upload after its message went', () => {
  it('does not fail the send (a retry would post the message twice); the person is told the file is missing', async () => {
    h.fake.failNext('files.getUploadURLExternal', 500);
    const ref = await h.adapter.messenger.sendDirect(
      { workspaceId: TEAM.teamId, userId: 'U3' },
      textMessage('Your invite to the reflective practice session'),
      [
        {
          filename: 'session.ics',
          contentType: 'text/calendar',
          content: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n',
        },
      ],
    );
    expect(ref).toMatchObject({ platform: 'slack', workspaceId: TEAM.teamId });
    const posts = h.fake.callsTo('chat.postMessage').map((c) => String(c.params.text));
    expect(posts.filter((t) => t.includes('Your invite'))).toHaveLength(1);
    expect(posts).toHaveLength(2);
    expect(posts[1]).toContain('session.ics');
    expect(posts[1]).toContain('details are in the message above');
    expect(h.fake.callsTo('files.completeUploadExternal')).toHaveLength(0);
  });
});

describe('SlackDirectory against the fake Web API', () => {
  it('lists every page of channel members, skipping deleted users and bots', async () => {
    const ids = Array.from({ length: 230 }, (_, i) => `UM${i}`);
    h.fake.setUsers(
      ids.map((id, i) => ({ id, real_name: `Person ${i}`, tz: 'Europe/London', is_admin: i === 0 })),
    );
    h.fake.setUsers([
      { id: 'UDELETED', deleted: true },
      { id: 'UROBOT', is_bot: true },
    ]);
    h.fake.setChannelMembers('C0BIG', [...ids, 'UDELETED', 'UROBOT']);
    const people = await h.adapter.directory.listAudience(TEAM.teamId, {
      kind: 'channel',
      channelId: 'C0BIG',
    });
    expect(people).toHaveLength(230);
    expect(people[0]).toEqual({
      userId: 'UM0',
      displayName: 'Person 0',
      timezone: 'Europe/London',
      platformAdmin: true,
    });
    expect(h.fake.callsTo('conversations.members').length).toBe(2);
    expect(h.fake.callsTo('conversations.members')[1]?.params.cursor).toBe('200');
  });

  it('profile: null for an unknown user; an unknown channel is NotFound', async () => {
    expect(await h.adapter.directory.profile(TEAM.teamId, 'UNOBODY')).toBeNull();
    await expect(
      h.adapter.directory.listAudience(TEAM.teamId, { kind: 'channel', channelId: 'C0NONE' }),
    ).rejects.toBeInstanceOf(NotFound);
  });
});
