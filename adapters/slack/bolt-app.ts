/**
 * The Bolt app and its transport. Over HTTP, Bolt's `ExpressReceiver` is built on a router of ours that the shared
 * server mounts: `POST /slack/events` (events, commands and interactivity, signature-checked: 401 when the signature
 * is bad or missing or the timestamp is older than five minutes) and, with OAuth, `GET /slack/install` and
 * `GET /slack/oauth_redirect`. With `SLACK_APP_TOKEN`, Socket Mode instead: no public URL needed.
 *
 * The receiver is wrapped so the adapter knows which requests are still being handled (`drain()`, used by a
 * graceful stop and by tests), and a first global middleware de-duplicates Slack's event retries on `event_id`,
 * and any replay of a signed slash command or interaction on its signature and timestamp (a captured request is
 * valid for the five minutes Bolt accepts its timestamp: replayed, it is acknowledged and goes no further).
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  App,
  type Authorize,
  ExpressReceiver,
  type Installation,
  type Receiver,
  type ReceiverEvent,
  type ReceiverProcessEventErrorHandlerArgs,
  HTTPModuleFunctions,
  SocketModeReceiver,
} from '@slack/bolt';
import { Router } from 'express';
import type { SlackConfig } from '../../src/config.js';
import type { Logger } from '../../src/log.js';
import type { InstallationRepository } from './installation.repository.js';
import { slackLogger, type WebClientPool } from './web-client-pool.js';

/** Bot scopes the app asks for: exactly those the adapter uses (keep in step with `manifest.yml`). */
export const BOT_SCOPES = [
  'commands',
  'chat:write',
  'im:history',
  'users:read',
  'channels:read',
  'groups:read',
  'files:write',
];

export interface BoltAppOptions {
  slack: SlackConfig;
  logger: Logger;
  pool: WebClientPool;
  authorize: Authorize<boolean>;
  /** Present in multi-workspace (OAuth) mode. */
  installations?: InstallationRepository;
  /** Called after an OAuth installation was stored; must not throw. */
  onInstalled?: (installation: Installation<'v1' | 'v2', boolean>) => Promise<void>;
  /** Records an event id; false when it was seen before (a Slack retry). */
  firstDelivery: (eventId: string) => Promise<boolean>;
}

export interface BoltApp {
  app: App;
  /** The routes to mount on the shared server; undefined in Socket Mode. */
  router?: Router;
  socketMode: boolean;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves once every request received so far has been fully handled. */
  drain(): Promise<void>;
}

/** Tracks `processEvent` calls of the wrapped receiver; all else is delegated. */
class DrainingReceiver implements Receiver {
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly inner: Receiver) {}

  init(app: App): void {
    // Both Bolt receivers use only `processEvent` of the app they are given.
    const tracked = {
      processEvent: (event: ReceiverEvent) => {
        const done = app.processEvent(event);
        this.pending.add(done);
        void done.finally(() => this.pending.delete(done)).catch(() => {});
        return done;
      },
    };
    this.inner.init(tracked as unknown as App);
  }

  start(...args: unknown[]): Promise<unknown> {
    return this.inner.start(...args);
  }

  stop(...args: unknown[]): Promise<unknown> {
    return this.inner.stop(...args);
  }

  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}

/**
 * A signed request whose payload has an impossible shape (Bolt fails on it with a TypeError) is the sender's
 * fault: answer 400 rather than Bolt's 500, which would invite Slack to retry it. Everything else keeps Bolt's
 * default (401 for authorization errors, 500 for our own failures, so Slack retries events).
 */
async function malformedIsBadRequest(args: ReceiverProcessEventErrorHandlerArgs): Promise<boolean> {
  if (!args.response.headersSent && (args.error instanceof TypeError || args.error instanceof SyntaxError)) {
    args.response.writeHead(400);
    args.response.end();
    return true;
  }
  return HTTPModuleFunctions.defaultProcessEventErrorHandler(args);
}

export function createBoltApp(options: BoltAppOptions): BoltApp {
  const { slack, logger, pool, installations } = options;
  const boltLogger = slackLogger(logger);
  const socketMode = Boolean(slack.appToken);
  if (socketMode && !slack.botToken) {
    throw new Error(
      'Socket Mode (SLACK_APP_TOKEN) needs SLACK_BOT_TOKEN: OAuth installs need the public HTTP endpoints instead',
    );
  }
  const oauth =
    !socketMode && installations && slack.clientId && slack.clientSecret && slack.stateSecret
      ? {
          clientId: slack.clientId,
          clientSecret: slack.clientSecret,
          stateSecret: slack.stateSecret,
          scopes: BOT_SCOPES,
          installationStore: installations,
          installerOptions: {
            directInstall: true,
            clientOptions: pool.clientOptions,
            callbackOptions: {
              successAsync: async (
                installation: Installation<'v1' | 'v2', boolean>,
                _options: unknown,
                _req: IncomingMessage,
                res: ServerResponse,
              ) => {
                await options.onInstalled?.(installation);
                page(
                  res,
                  200,
                  'Roundtable is installed',
                  'You can close this tab and type /roundtable in Slack.',
                );
              },
              failure: (_error: unknown, _options: unknown, _req: IncomingMessage, res: ServerResponse) => {
                page(
                  res,
                  400,
                  'Roundtable was not installed',
                  'Nothing was changed. Please try installing again.',
                );
              },
            },
          },
        }
      : {};

  const router = socketMode ? undefined : Router();
  const inner: Receiver = socketMode
    ? new SocketModeReceiver({
        appToken: slack.appToken!,
        logger: boltLogger,
        installerOptions: { clientOptions: pool.clientOptions },
      })
    : new ExpressReceiver({
        signingSecret: slack.signingSecret,
        router,
        endpoints: '/slack/events',
        logger: boltLogger,
        processBeforeResponse: false,
        // Slack's payloads are small; a larger body is refused (413) before it is read into memory.
        bodyLimit: 1_000_000,
        processEventErrorHandler: malformedIsBadRequest,
        // The signed request's identity, for the replay guard below (a replay carries the same pair).
        customPropertiesExtractor: (req) => {
          const timestamp = req.headers['x-slack-request-timestamp'];
          const signature = req.headers['x-slack-signature'];
          return typeof timestamp === 'string' && typeof signature === 'string'
            ? { slackSignedRequest: `${timestamp}:${signature}` }
            : {};
        },
        ...oauth,
      });
  const receiver = new DrainingReceiver(inner);

  const app = new App({
    receiver,
    authorize: options.authorize,
    logger: boltLogger,
    clientOptions: pool.clientOptions,
    ignoreSelf: true,
  });

  // First of all middleware: Slack retries an event it thinks we missed (`x-slack-retry-num`); the second
  // delivery of an `event_id` is acknowledged (Bolt acks events itself) and goes no further.
  app.use(async (args) => {
    const { body, context, next } = args;
    const eventId = (body as { type?: string; event_id?: string }).event_id;
    if ((body as { type?: string }).type === 'event_callback' && eventId) {
      if (!(await options.firstDelivery(eventId))) {
        logger.debug({ eventId }, 'slack event delivered again; ignored');
        return;
      }
    } else if (typeof context.slackSignedRequest === 'string') {
      // Slash commands and interactions: Slack never retries them, so the same signature and timestamp twice is a
      // replay. Kept as a hash (the key space is separate from event ids by its prefix).
      const key = `signed:${createHash('sha256').update(context.slackSignedRequest).digest('hex')}`;
      if (!(await options.firstDelivery(key))) {
        logger.warn('slack request replayed within the signature window; acknowledged and ignored');
        const ack = (args as { ack?: () => Promise<void> }).ack;
        await ack?.();
        return;
      }
    }
    await next();
  });

  return {
    app,
    router,
    socketMode,
    start: async () => {
      if (socketMode) await receiver.start();
    },
    stop: async () => {
      await receiver.drain();
      if (socketMode) await receiver.stop();
    },
    drain: () => receiver.drain(),
  };
}

function page(res: ServerResponse, status: number, title: string, text: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  res.end(
    `<!doctype html><html lang="en"><meta charset="utf-8"><title>${title}</title>` +
      `<body style="font-family:sans-serif;max-width:40em;margin:4em auto"><h1>${title}</h1><p>${text}</p></body></html>`,
  );
}
