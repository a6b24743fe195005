/**
 * The connector client's own timeout: a connector that takes the request and never answers. A new message that
 * timed out may have arrived, so it is "maybe delivered" (never sent again); any other call is worth a retry.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotConnectorClient } from '../../../adapters/teams/bot-connector.client.js';
import { classifyOutcome } from '../../../src/delivery/outcome.js';
import { Transient } from '../../../src/errors.js';

describe('BotConnectorClient timeout', () => {
  let server: Server;
  let url: string;
  const held: Array<() => void> = [];

  beforeAll(async () => {
    // Reads the request, then answers only when the test ends (or, for /fast, at once).
    server = createServer((req, res) => {
      req.resume();
      if (req.url?.includes('fast')) {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"a1"}');
        return;
      }
      held.push(() => res.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    for (const release of held) release();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const client = () => new BotConnectorClient(async () => undefined, undefined, 50);

  it('a new message that got no answer in time is "maybe delivered", not retried', async () => {
    const error = await client()
      .sendActivity(url, 'conv-slow', { type: 'message', text: 'hello' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Transient);
    expect((error as Transient).maybeDelivered).toBe(true);
    expect(classifyOutcome(error)).toEqual({ kind: 'maybe-delivered' });
  });

  it('a read or an update that got no answer in time is retried', async () => {
    for (const call of [
      () => client().getMember(url, 'conv-slow', 'u1'),
      () => client().updateActivity(url, 'conv-slow', 'a1', { type: 'message', text: 'edited' }),
      () => client().createConversation(url, { botId: 'b', memberId: 'u1', tenantId: 't' }),
    ]) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Transient);
      expect(classifyOutcome(error)).toEqual({ kind: 'retryable' });
      expect((error as Error).message).toMatch(/timed out/);
    }
  });

  it('an answer in time is read as the message it sent', async () => {
    const sent = await client().sendActivity(`${url}/fast`, 'conv-fast', { type: 'message', text: 'hi' });
    expect(sent).toEqual({ id: 'a1' });
  });
});
