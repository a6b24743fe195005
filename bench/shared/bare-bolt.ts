/**
 * The interaction-latency baseline for Slack: a bare Bolt app with one `/roundtable` listener, on the same path as
 * the app (`/slack/events`), that does what the app must do for `/roundtable help` and nothing more: ack, then
 * post the same help blocks (our core's help text and support lines, rendered by our Block Kit renderer) to the
 * command's `response_url`. No database, no queue, no member lookup: the fair floor for the same answer. Run it in
 * a child process (see `bare-bolt-child.ts`) so it does not share an event loop with the load generator.
 */
import bolt from '@slack/bolt';
import { renderMessage } from '../../adapters/slack/block-kit.renderer.js';
import { helpText } from '../../src/core/commands/help.js';
import { textMessage } from '../../src/core/messages/message.js';
import { supportText } from '../../src/core/messages/support.js';

export async function startBareBolt(options: {
  port: number;
  signingSecret: string;
}): Promise<() => Promise<void>> {
  const app = new bolt.App({
    signingSecret: options.signingSecret,
    token: 'xoxb-bench',
    // With botId and botUserId Bolt never calls auth.test (PITFALLS.md), at start or on the first request.
    botId: 'BBENCH',
    botUserId: 'UBENCH',
    endpoints: '/slack/events',
  });
  const help = renderMessage(
    textMessage(`${helpText(undefined, false)}\n\n${supportText({ signpost: null, crisis_lines: true })}`),
  );
  app.command('/roundtable', async ({ ack, respond }) => {
    await ack();
    await respond({ response_type: 'ephemeral', ...help });
  });
  await app.start(options.port);
  return async () => {
    await app.stop();
  };
}
