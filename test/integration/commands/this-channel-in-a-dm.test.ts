/**
 * "this channel" (the default audience) needs a channel. Said in a direct message to the bot, or in a group
 * direct message, a command that sends to it is answered with what to say instead, and nothing is created.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actor, messageText } from '../../helpers/actors.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

const NOT_A_CHANNEL =
  'I can only send to a channel from here. Name one, like `to #team`, or use `to everyone` or `to role <band>`.';

let app: TestApp;
const admin = actor('UADMIN');

beforeAll(async () => {
  app = await startTestApp({ label: 'dm-audience' });
  await app.services.inbound.installed({ platform: 'sandbox', workspaceId: 'W-test', installer: admin });
});
afterAll(async () => {
  await app?.close();
});

const cadences = () => app.db.selectFrom('cadences').select('id').execute();

describe('"this channel" outside a channel', () => {
  it('in a direct message to the bot', async () => {
    const reply = await app.services.inbound.directMessage({
      actor: admin,
      text: 'checkin schedule every weekday at 09:30',
      messageId: 'm-1',
      edited: false,
      hasFiles: false,
    });
    expect(messageText(reply!.message)).toContain(NOT_A_CHANNEL);
    expect(await cadences()).toEqual([]);
  });

  it('in a group direct message', async () => {
    const reply = await app.services.inbound.command({
      actor: admin,
      text: 'checkin now',
      channelId: 'G-group',
      conversation: 'group-direct',
    });
    expect(messageText(reply.message)).toContain(NOT_A_CHANNEL);
  });

  it('naming an audience works from a direct message', async () => {
    const reply = await app.services.inbound.directMessage({
      actor: admin,
      text: 'checkin schedule every weekday at 09:30 to everyone',
      messageId: 'm-2',
      edited: false,
      hasFiles: false,
    });
    expect(messageText(reply!.message)).toContain('Scheduled check-in');
    expect(await cadences()).toHaveLength(1);
  });
});
