/**
 * A delaying proxy in front of the fake Slack Web API: `chat.postMessage` answers only after `delayMs`, as a slow
 * Slack does. With the app's send pacing that keeps several sends in flight at any moment, so a kill or a stop
 * lands in the middle of some of them — which is what the fault tests need.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export class SlowSlack {
  private server?: Server;
  private port = 0;

  constructor(
    /** The fake's Web API base URL (ending in `/api/`). */
    private readonly target: string,
    private readonly delayMs: number,
    private readonly slowMethods: readonly string[] = ['chat.postMessage'],
  ) {}

  /** What `SLACK_API_URL` takes: the proxy's `/api/`. */
  get url(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void this.forward(req).then(
        ({ status, headers, body }) => {
          res.writeHead(status, headers);
          res.end(body);
        },
        () => {
          res.writeHead(502);
          res.end();
        },
      );
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private async forward(
    req: IncomingMessage,
  ): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = (req.url ?? '/').replace(/^\/api\//, '');
    if (this.slowMethods.includes(path.split('?')[0] ?? '')) {
      // The slow platform under test, not a wait for luck: the delay is the fault being simulated.
      await new Promise((r) => setTimeout(r, this.delayMs));
    }
    const headers: Record<string, string> = {};
    for (const name of ['content-type', 'authorization']) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const res = await fetch(`${this.target}${path}`, {
      method: req.method,
      headers,
      body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
    });
    const out: Record<string, string> = {};
    for (const name of ['content-type', 'retry-after']) {
      const value = res.headers.get(name);
      if (value) out[name] = value;
    }
    return { status: res.status, headers: out, body: Buffer.from(await res.arrayBuffer()) };
  }
}
