/**
 * A rate-limited front for one of the project's fake platform servers: an HTTP server on loopback whose handler
 * is `RateLimit.wrap(fake's own handler)`, with a copy of each request body kept so that every message the fake
 * accepted can be put in the delivery ledger. The fakes offer no hook for this, so their private request
 * handler is borrowed (TypeScript `private`, reachable at run time); the fakes themselves are not changed.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeBotConnector } from '../../test/fakes/fake-bot-connector.js';
import type { FakeSlack } from '../../test/fakes/fake-slack.js';
import type { Handler, RateLimit } from '../shared/rate-limit.js';

/** A request the fake answered with a success status, with the exact bytes it received. */
export interface Accepted {
  method: string;
  path: string;
  status: number;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export interface Front {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  stop(): Promise<void>;
}

/** The fake's own request handler (see the file comment). */
export function fakeHandler(fake: FakeSlack | FakeBotConnector): Handler {
  const inner = fake as unknown as { handle(req: IncomingMessage, res: ServerResponse): Promise<unknown> };
  return (req, res) => {
    void inner.handle.call(fake, req, res);
  };
}

/**
 * Serve `inner` behind `limit`, calling `onAccepted` for each 2xx answer of the fake.
 * @param inner the fake's handler ({@link fakeHandler}).
 */
export async function startFront(
  inner: Handler,
  limit: RateLimit,
  onAccepted: (a: Accepted) => void,
): Promise<Front> {
  const teed: Handler = (req, res) => {
    const chunks: Buffer[] = [];
    // A second 'data' listener, attached before the fake's own in the same tick: both see every chunk.
    req.on('data', (c: Buffer) => chunks.push(c));
    res.on('finish', () => {
      if (res.statusCode < 200 || res.statusCode >= 300) return;
      onAccepted({
        method: req.method ?? 'GET',
        path: new URL(req.url ?? '/', 'http://front').pathname,
        status: res.statusCode,
        headers: req.headers,
        body: Buffer.concat(chunks),
      });
    });
    return inner(req, res);
  };
  const handler = limit.wrap(teed);
  const server: Server = createServer((req, res) => void handler(req, res));
  // Keep-alive sockets from the clients under test: many, and reused.
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
