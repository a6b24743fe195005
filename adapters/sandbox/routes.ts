/**
 * The sandbox's HTTP routes on the shared router: the page and its two static files, the state, the live event
 * stream (server-sent events), the four actions a person can take, reset, and attachment downloads.
 */
import { fileURLToPath } from 'node:url';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { Logger } from '../../src/log.js';
import type { SandboxHub } from './event-hub.js';
import type { SandboxMessageStore } from './message-store.js';
import { SandboxRequestError, type SandboxService } from './sandbox-service.js';

const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));
const HEARTBEAT_MS = 15_000;

/** Only what the page needs: its own scripts, styles and API; no framing by other sites. */
const PAGE_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

const values = z.record(z.string().max(64), z.string().max(4000)).refine((v) => Object.keys(v).length <= 50);
const persona = z.string().min(1).max(64);
const messageId = z.coerce.number().int().positive();

const sayBody = z.object({ persona, text: z.string().min(1).max(4000) });
const actionBody = z.object({
  persona,
  messageId,
  actionId: z.string().min(1).max(255),
  value: z.string().max(2000).default(''),
  values: values.default({}),
});
const formBody = z.object({ persona, messageId, values: values.default({}) });

export function mountSandboxRoutes(
  router: Router,
  deps: { service: SandboxService; store: SandboxMessageStore; hub: SandboxHub; logger: Logger },
): void {
  const { service, store, hub, logger } = deps;
  const json = express.json({ limit: '64kb' });

  const page = (file: string, type: string) => (_req: Request, res: Response) => {
    res.set(PAGE_HEADERS).type(type).sendFile(file, { root: PUBLIC_DIR });
  };
  router.get('/', page('index.html', 'html'));
  router.get('/sandbox/sandbox.css', page('sandbox.css', 'css'));
  router.get('/sandbox/sandbox.js', page('sandbox.js', 'js'));

  router.get(
    '/sandbox/state',
    handle(async (_req, res) => {
      res.set('cache-control', 'no-store').json(await service.state());
    }),
  );

  router.get('/sandbox/events', (req, res) => {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    // Tell the browser to reconnect quickly after a restart; the page reloads its state when it does.
    res.write('retry: 1000\n\n');
    const unsubscribe = hub.subscribe((event) => {
      res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    });
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    req.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
  });

  router.post(
    '/sandbox/say',
    sameOrigin,
    json,
    handle(async (req, res) => {
      const body = sayBody.parse(req.body);
      res.json({ messages: await service.say(body.persona, body.text) });
    }),
  );

  router.post(
    '/sandbox/action',
    sameOrigin,
    json,
    handle(async (req, res) => {
      const { persona: who, ...input } = actionBody.parse(req.body);
      res.json({ messages: await service.action(who, input) });
    }),
  );

  router.post(
    '/sandbox/form',
    sameOrigin,
    json,
    handle(async (req, res) => {
      const { persona: who, ...input } = formBody.parse(req.body);
      res.json(await service.form(who, input));
    }),
  );

  router.post(
    '/sandbox/reset',
    sameOrigin,
    handle(async (_req, res) => {
      await service.reset();
      logger.info('sandbox reset: data deleted and seeded again');
      res.json({ ok: true });
    }),
  );

  router.get(
    '/sandbox/files/:id/:index',
    handle(async (req, res) => {
      const file = await store.attachment(Number(req.params.id), Number(req.params.index));
      if (!file) throw new SandboxRequestError(404, 'That file is not here any more.');
      const filename = file.filename.replace(/[^A-Za-z0-9._-]/g, '_') || 'file';
      res
        .set({
          'content-disposition': `attachment; filename="${filename}"`,
          'x-content-type-options': 'nosniff',
          'cache-control': 'no-store',
        })
        .type(safeType(file.contentType))
        .send(file.content);
    }),
  );
}

/**
 * Refuse cross-site posts: a page elsewhere must not act as a sandbox persona. JSON bodies already force a CORS
 * preflight (which is never granted); this also refuses a foreign Origin outright.
 */
function sameOrigin(req: Request, res: Response, next: NextFunction): void {
  const origin = req.headers.origin;
  if (origin) {
    let host = '';
    try {
      host = new URL(origin).host;
    } catch {
      // An unparsable Origin is refused below.
    }
    if (host !== req.headers.host) {
      res.status(403).json({ error: 'Requests from other sites are refused.' });
      return;
    }
  }
  next();
}

function safeType(type: string): string {
  return /^[a-z]+\/[a-z0-9.+-]+(;\s*charset=[a-z0-9-]+)?$/i.test(type) ? type : 'application/octet-stream';
}

/** Run an async route; bad input is a 400 with a plain reason, known refusals keep their status. */
function handle(run: (req: Request, res: Response) => Promise<void>) {
  return (req: Request, res: Response, next: NextFunction) => {
    run(req, res).catch((error: unknown) => {
      if (error instanceof z.ZodError) {
        res.status(400).json({ error: 'That request was not understood.' });
      } else if (error instanceof SandboxRequestError) {
        res.status(error.status).json({ error: error.message });
      } else {
        next(error);
      }
    });
  };
}
