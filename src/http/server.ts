/**
 * One HTTP server for everything: health, readiness, metrics, and the adapters' routes.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import express, { type Express, type Router } from 'express';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';

export interface HttpServer {
  app: Express;
  router: Router;
  server: Server;
  /** Listen on `host` (every interface when undefined); resolves with the port. */
  listen(port: number, host?: string): Promise<number>;
  /**
   * Refuse, with 403, every request whose `Host` header fails `allowed` (the sandbox: loopback names only, so a
   * DNS-rebinding page cannot reach it under its own name).
   */
  restrictHosts(allowed: (host: string | undefined) => boolean): void;
  close(): Promise<void>;
}

export function createHttpServer(deps: {
  logger: Logger;
  metrics: Metrics;
  readiness: () => Promise<{ ready: boolean; checks: Record<string, string> }>;
  beforeMetrics?: () => Promise<void>;
  /**
   * `/metrics` needs `Authorization: Bearer <token>` (401 otherwise). Unset: `/metrics` is not served at all
   * (404, like any path that is not mounted), so a deployment never publishes it by forgetting a variable.
   */
  metricsToken?: string;
}): HttpServer {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', true);

  let hostAllowed: ((host: string | undefined) => boolean) | undefined;
  app.use((req, res, next) => {
    if (hostAllowed && !hostAllowed(req.headers.host)) {
      res.status(403).type('text/plain').send('Forbidden: this server answers only to localhost');
      return;
    }
    next();
  });

  app.get('/healthz', (_req, res) => {
    res.status(200).json({ status: 'ok' });
  });

  app.get('/readyz', async (_req, res) => {
    const result = await deps.readiness().catch((error: unknown) => ({
      ready: false,
      checks: { error: error instanceof Error ? error.message : 'unknown' },
    }));
    res
      .status(result.ready ? 200 : 503)
      .json({ status: result.ready ? 'ready' : 'not ready', ...result.checks });
  });

  if (deps.metricsToken) {
    const metricsAllowed = bearerCheck(deps.metricsToken);
    app.get('/metrics', async (req, res) => {
      if (!metricsAllowed(req.headers.authorization)) {
        res.status(401).set('www-authenticate', 'Bearer').type('text/plain').send('Unauthorized');
        return;
      }
      await deps.beforeMetrics?.().catch(() => {});
      res.setHeader('content-type', deps.metrics.registry.contentType);
      res.send(await deps.metrics.registry.metrics());
    });
  }

  const router = express.Router();
  app.use(router);

  // Anything not mounted: a plain 404 (no stack, no framework banner).
  app.use((_req, res) => {
    res.status(404).type('text/plain').send('Not found');
  });
  // Errors in routes: a plain 500, logged without the request body.
  app.use((error: Error, req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = (error as { status?: number }).status ?? 500;
    if (status >= 500) deps.logger.error({ path: req.path, error: error.name }, 'request failed');
    if (!res.headersSent)
      res
        .status(status)
        .type('text/plain')
        .send(status === 413 ? 'Payload too large' : 'Error');
  });

  const server = createServer(app);
  // Slack needs an answer within 3 s; keep-alive sockets must not hold shutdown for long.
  server.keepAliveTimeout = 5_000;
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  return {
    app,
    router,
    server,
    restrictHosts: (allowed) => {
      hostAllowed = allowed;
    },
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const address = server.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
      }),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 5_000).unref();
      }),
  };
}

/** A constant-time check of `Bearer <token>` (both sides hashed first, so lengths never differ). */
function bearerCheck(token: string): (authorization: string | undefined) => boolean {
  const digest = (v: string) => createHash('sha256').update(v).digest();
  const expected = digest(`Bearer ${token}`);
  return (authorization) => timingSafeEqual(digest(authorization ?? ''), expected);
}
