/**
 * The Slack adapter factory: wires the Web API client pool, the Messenger and Directory, the Bolt app and its
 * listeners. Undefined when Slack is not configured (`config.slack` absent).
 *
 * Three modes:
 * - single workspace: `SLACK_BOT_TOKEN`; the workspace is announced to the services once at start (`auth.test`);
 * - multi-workspace: `SLACK_CLIENT_ID`/`SECRET`/`STATE_SECRET`; OAuth installs stored encrypted in Postgres;
 * - set-up: `SLACK_SIGNING_SECRET` alone, the operator's first step. Slack saves the Request URL only once the
 *   server answers its signed `url_verification`, and a bot token exists only after the app is installed, so the
 *   app answers the verification and tells anyone trying `/roundtable` it is not connected yet; nothing else.
 */
import type { App } from '@slack/bolt';
import type { ErrorRequestHandler } from 'express';
import type { AdapterFactory } from '../../src/app.js';
import type { PlatformAdapter } from '../../src/http/platform-adapter.js';
import type { Logger } from '../../src/log.js';
import { createBoltApp } from './bolt-app.js';
import { firstDelivery } from './inbound-event.repository.js';
import { InstallationRepository, type BotCredentials } from './installation.repository.js';
import { registerHandlers } from './interaction-handlers.js';
import { baseActor } from './payload-mappers.js';
import { SlackDirectory } from './slack-directory.js';
import { slackCall } from './slack-errors.js';
import { SlackMessenger } from './slack-messenger.js';
import { WebClientPool } from './web-client-pool.js';

export interface SlackAdapterOptions {
  /**
   * Retries of the WebClient for network failures only (HTTP errors and 429 go to the job queue). Default 2;
   * tests pass 0 so a failing fake fails fast.
   */
  webApiRetries?: number;
  /** How long a Web API call may wait for Slack's answer to begin (default 15 s); tests pass a short one. */
  webApiTimeoutMs?: number;
}

/** A Slack adapter with the extras the tests and a graceful stop need. */
export interface SlackAdapter extends PlatformAdapter {
  /** Resolves once every Slack request received so far has been fully handled. */
  drain(): Promise<void>;
  readonly pool: WebClientPool;
}

/** Build the factory; `slackAdapterFactory` is the production default. */
/** Slack posts events, commands and interactivity here. */
const SLACK_EVENTS_ROUTE = '/slack/events';
const MAX_SLACK_BODY_BYTES = 1_000_000;

/** The answer to `/roundtable` (and to a button) in set-up mode: no token, so nothing can be done yet. */
export const NOT_CONNECTED =
  'Roundtable is not connected to this workspace yet: whoever runs it still has to add the bot token (SLACK_BOT_TOKEN) or set up installs (SLACK_CLIENT_ID), then restart it.';

export function createSlackAdapterFactory(options: SlackAdapterOptions = {}): AdapterFactory {
  return async ({ config, inbound, db, cipher, logger, clock }): Promise<SlackAdapter | undefined> => {
    const slack = config.slack;
    // Not configured: `adapters/index.ts` says so in the start-up log (and does not even load this module).
    if (!slack) return undefined;
    const log = logger.child({ platform: 'slack' });
    const setupMode = !slack.botToken && !slack.clientId && !slack.appToken;
    const oauthMode = !slack.botToken && !setupMode;
    const installations = oauthMode ? new InstallationRepository(db, cipher, clock) : undefined;

    // Single-workspace mode: one token for the one workspace; revoked workspaces are remembered until restart
    // (after which Slack itself refuses the token and we map that to Unauthorized).
    const revoked = new Set<string>();
    let identity: Promise<BotCredentials & { teamId?: string; teamName?: string }> | undefined;
    const tokenIdentity = () => {
      identity ??= slackCall(() => pool.forToken(slack.botToken).auth.test()).then((res) => ({
        token: slack.botToken!,
        botUserId: res.user_id,
        botId: res.bot_id,
        teamId: res.team_id,
        teamName: res.team,
      }));
      identity.catch(() => {
        identity = undefined;
      });
      return identity;
    };

    const pool: WebClientPool = new WebClientPool({
      apiUrl: slack.apiUrl,
      retries: options.webApiRetries ?? 2,
      ...(options.webApiTimeoutMs ? { timeoutMs: options.webApiTimeoutMs } : {}),
      logger: log,
      credentials: async (workspaceId) => {
        if (setupMode) return undefined;
        if (installations) return installations.botCredentials(workspaceId);
        if (revoked.has(workspaceId)) return undefined;
        const { token, botUserId, botId } = await tokenIdentity();
        return { token, botUserId, botId };
      },
    });
    const messenger = new SlackMessenger(pool, log);
    const directory = new SlackDirectory(pool, clock);

    const bolt = createBoltApp({
      slack,
      logger: log,
      pool,
      installations,
      authorize: async ({ teamId, enterpriseId }) => {
        // Set-up mode: no token to hand over; the set-up listeners below answer without one.
        if (setupMode) return { teamId, enterpriseId };
        const workspaceId = teamId ?? enterpriseId;
        if (!workspaceId) throw new Error('no workspace in the request');
        const { credentials } = await pool.forWorkspace(workspaceId);
        return {
          botToken: credentials.token,
          botUserId: credentials.botUserId,
          botId: credentials.botId,
          teamId,
          enterpriseId,
        };
      },
      firstDelivery: (eventId) => firstDelivery(db, eventId),
      onInstalled: async (installation) => {
        const workspaceId = installation.team?.id ?? installation.enterprise?.id;
        if (!workspaceId) return;
        pool.evict(workspaceId); // a reinstall brings a new token
        const userId = installation.user?.id;
        let installer = userId ? baseActor(workspaceId, userId) : undefined;
        if (installer) {
          const profile = await directory.profile(workspaceId, installer.userId).catch(() => null);
          if (profile)
            installer = {
              ...installer,
              displayName: profile.displayName,
              platformAdmin: profile.platformAdmin,
            };
        }
        await inbound.installed({ platform: 'slack', workspaceId, name: installation.team?.name, installer });
      },
    });

    if (setupMode) registerSetupHandlers(bolt.app, log);
    else
      registerHandlers(bolt.app, {
        inbound,
        pool,
        messenger,
        directory,
        logger: log,
        uninstall: async (workspaceId) => {
          if (installations) await installations.delete(workspaceId);
          else revoked.add(workspaceId);
          pool.evict(workspaceId);
          messenger.forget(workspaceId);
          directory.forget(workspaceId);
          await inbound.uninstalled({ platform: 'slack', workspaceId });
        },
      });

    const mode = oauthMode ? 'multi-workspace (OAuth at /slack/install)' : 'single workspace';
    const transport = bolt.socketMode ? 'Socket Mode' : 'HTTP at /slack/events';
    const description = setupMode
      ? 'Slack: signing secret only (no token yet): POST /slack/events answers Slack’s URL verification; add SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET (installs), then restart'
      : `Slack: ${mode}, ${transport}`;
    return {
      platform: 'slack',
      messenger,
      directory,
      pool,
      mount(router) {
        if (!bolt.router) return;
        // Slack's own payloads are far below this; anything bigger is refused before it is read.
        router.post(SLACK_EVENTS_ROUTE, (req, res, next) => {
          if (Number(req.headers['content-length'] ?? 0) > MAX_SLACK_BODY_BYTES) {
            res.status(413).type('text/plain').send('Payload too large');
            return;
          }
          next();
        });
        router.use(bolt.router);
        // A signed request whose payload Bolt cannot make sense of is the sender's fault: 400, not a 5xx.
        router.use(SLACK_EVENTS_ROUTE, ((error, _req, res, next) => {
          if (res.headersSent) return next(error);
          logger.warn(
            { error: error instanceof Error ? error.name : 'unknown' },
            'Slack: malformed request refused',
          );
          res.status(400).type('text/plain').send('Bad request');
        }) as ErrorRequestHandler);
      },
      async start() {
        if (!oauthMode && !setupMode && config.role !== 'worker') {
          const me = await tokenIdentity();
          if (me.teamId)
            await inbound.installed({ platform: 'slack', workspaceId: me.teamId, name: me.teamName });
        }
        if (config.role !== 'worker') await bolt.start();
      },
      stop: () => bolt.stop(),
      drain: () => bolt.drain(),
      describe: () => description,
    };
  };
}

/**
 * Set-up mode's listeners: Bolt itself answers `url_verification` (after checking the signature) and acknowledges
 * events; a command or a click is acknowledged with {@link NOT_CONNECTED} in the HTTP answer, which needs no token.
 */
function registerSetupHandlers(app: App, log: Logger): void {
  let warned = false;
  const notConnected = () => {
    if (!warned) log.warn('Slack: a request arrived, but no token is configured yet (set-up mode)');
    warned = true;
  };
  app.command(/.*/, async ({ ack }) => {
    notConnected();
    await ack({ response_type: 'ephemeral', text: NOT_CONNECTED });
  });
  app.action(/.*/, async ({ ack }) => {
    notConnected();
    await ack();
  });
  app.view(/.*/, async ({ ack }) => {
    notConnected();
    await ack();
  });
}

/** The production factory (listed in `adapters/index.ts`). */
export const slackAdapterFactory: AdapterFactory = createSlackAdapterFactory();
