/**
 * The fan-out baseline: a bare `@slack/web-api` loop that posts one message per recipient, paced to the same
 * budget the fake enforces, against the same fake. No queue, no Postgres: what a minimal script achieves. The
 * message is the app's first check-in (`first-checkin.ts`), unless a text is given.
 */
import { WebClient, type WebAPIRateLimitedError } from '@slack/web-api';
import { renderMessage } from '../../adapters/slack/block-kit.renderer.js';
import { firstCheckin } from './first-checkin.js';

export interface PacedLoopResult {
  sent: number;
  rateLimited: number;
  elapsedMs: number;
  cpuMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Post `chat.postMessage` to every channel in order, starting each call at `i / ratePerSecond` after the start
 * (calls may overlap), retrying a 429 once its Retry-After has passed.
 * @param options the fake's Web API base URL (ending in `/`), a bot token, recipients and the budget.
 */
export async function pacedSlackLoop(options: {
  apiUrl: string;
  token: string;
  channels: readonly string[];
  ratePerSecond: number;
  text?: string;
}): Promise<PacedLoopResult> {
  const client = new WebClient(options.token, {
    slackApiUrl: options.apiUrl,
    // PITFALLS.md: no hidden retries, and a 429 throws instead of pausing the client's whole queue.
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    maxRequestConcurrency: 50,
  });
  let rateLimited = 0;
  // The app's first check-in, as Block Kit: rendered once, as the same message for everyone.
  const message = options.text ? { text: options.text } : renderMessage(firstCheckin());
  const cpu = process.cpuUsage();
  const start = performance.now();
  const post = async (channel: string): Promise<void> => {
    for (;;) {
      try {
        await client.chat.postMessage({ channel, ...message });
        return;
      } catch (error) {
        const retryAfter = (error as Partial<WebAPIRateLimitedError>).retryAfter;
        if (retryAfter === undefined) throw error;
        rateLimited++;
        await sleep(retryAfter * 1000);
      }
    }
  };
  const pending: Array<Promise<void>> = [];
  for (const [i, channel] of options.channels.entries()) {
    const due = start + (i * 1000) / options.ratePerSecond;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    pending.push(post(channel));
  }
  await Promise.all(pending);
  const used = process.cpuUsage(cpu);
  return {
    sent: options.channels.length,
    rateLimited,
    elapsedMs: performance.now() - start,
    cpuMs: (used.user + used.system) / 1000,
  };
}
