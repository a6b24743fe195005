/**
 * The interaction-latency baseline for Slack: a bare Bolt app with one `/roundtable` listener that only acks,
 * on the same path as the app (`/slack/events`). Run it in a child process (see `bare-bolt-child.ts`) so it
 * does not share an event loop with the load generator.
 */
import bolt from '@slack/bolt';

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
  app.command('/roundtable', async ({ ack }) => {
    await ack();
  });
  await app.start(options.port);
  return async () => {
    await app.stop();
  };
}
