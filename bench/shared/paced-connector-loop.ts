/**
 * The Teams fan-out baseline: a bare loop that POSTs one message activity per conversation to the Bot
 * Connector (`{serviceUrl}/v3/conversations/{id}/activities`) with `fetch`, paced to the same budget the fake
 * enforces, against the same fake. No queue, no Postgres, no SDK: what a minimal script achieves. The activity is
 * the app's first check-in as its Adaptive Card (`first-checkin.ts`), unless a text is given.
 */
import {
  ADAPTIVE_CARD_CONTENT_TYPE,
  renderMessageCards,
} from '../../adapters/teams/adaptive-card.renderer.js';
import { firstCheckin } from './first-checkin.js';
import type { PacedLoopResult } from './paced-slack-loop.js';

/** The first check-in as the app posts it: one Adaptive Card, the text as its summary (`cardActivities`). */
function firstCheckinActivity() {
  const message = firstCheckin();
  const [content] = renderMessageCards(message);
  return {
    type: 'message',
    summary: message.text.slice(0, 500),
    attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content }],
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Post to every conversation in order, starting each call at `i / ratePerSecond` after the start (calls may
 * overlap), retrying a 429 once its Retry-After has passed.
 * @param options the connector's service URL (no trailing slash), the conversations and the budget.
 */
export async function pacedConnectorLoop(options: {
  serviceUrl: string;
  conversations: readonly string[];
  ratePerSecond: number;
  text?: string;
}): Promise<PacedLoopResult> {
  let rateLimited = 0;
  // The app's first check-in as the Adaptive Card activity the app posts, unless a text is given.
  const body = JSON.stringify(
    options.text ? { type: 'message', summary: options.text, text: options.text } : firstCheckinActivity(),
  );
  const cpu = process.cpuUsage();
  const start = performance.now();
  const post = async (conversation: string): Promise<void> => {
    for (;;) {
      const res = await fetch(
        `${options.serviceUrl}/v3/conversations/${encodeURIComponent(conversation)}/activities`,
        { method: 'POST', headers: { 'content-type': 'application/json' }, body },
      );
      await res.arrayBuffer();
      if (res.status !== 429) {
        if (!res.ok) throw new Error(`connector answered ${res.status}`);
        return;
      }
      rateLimited++;
      await sleep(Number(res.headers.get('retry-after') ?? '1') * 1000);
    }
  };
  const pending: Array<Promise<void>> = [];
  for (const [i, conversation] of options.conversations.entries()) {
    const due = start + (i * 1000) / options.ratePerSecond;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    pending.push(post(conversation));
  }
  await Promise.all(pending);
  const used = process.cpuUsage(cpu);
  return {
    sent: options.conversations.length,
    rateLimited,
    elapsedMs: performance.now() - start,
    cpuMs: (used.user + used.system) / 1000,
  };
}
