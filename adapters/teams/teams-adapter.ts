/**
 * The Teams adapter factory: a Teams AI `Application` on a `TeamsAdapter` (botbuilder `CloudAdapter`) at
 * `POST /api/messages`, and the Messenger/Directory ports over the Bot Connector. Everything Teams-specific lives
 * in `adapters/teams`, so a later move to the Teams SDK v2 touches only this folder.
 *
 * Authentication: every configured registration (`TEAMS_APP_ID`, and `TEAMS_APP_ID_2`, ... for more tenants) gets
 * its own CloudAdapter. An activity goes to the registration it is addressed to (`recipient.id` = `28:<app id>`),
 * whose adapter validates the Bot Framework token (audience = that app id; missing or invalid → 401, nothing
 * processed), so a token for one registration cannot drive another. With no registration, the adapter is mounted
 * only when `TEAMS_ALLOW_UNAUTHENTICATED=true` (the config allows it only with `NODE_ENV` explicitly `development`
 * or `test`), and then only activities with a loopback `serviceUrl` are accepted or called.
 */
import { isLoopbackUrl } from '../../src/http/loopback.js';
import type { Application, TurnState } from '@microsoft/teams-ai';
import { CallerIdConstants, type ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import { AuthenticationConstants, type ServiceClientCredentialsFactory } from 'botframework-connector';
import express, { type Router } from 'express';
import type { AdapterFactory } from '../../src/app.js';
import type { TeamsConfig, TeamsRegistration } from '../../src/config.js';
import type { PlatformAdapter } from '../../src/http/platform-adapter.js';
import { RoundtableBotAdapter } from './bot-adapter.js';
import { BotConnectorClient, type TokenProvider } from './bot-connector.client.js';
import { BotRegistry, type RegisteredBot } from './bot-registry.js';
import { createTeamsApplication } from './teams-app.js';
import { TeamsDirectory } from './teams-directory.js';
import { TeamsMessenger } from './teams-messenger.js';

export const TEAMS_ROUTE = '/api/messages';
/** Bot Framework activities are small; cards we receive back are under Teams' 40 KB message limit. */
const BODY_LIMIT = '256kb';

export interface TeamsAdapterOptions {
  /**
   * The credentials of one registration: which app id its tokens must name, and the tokens it sends with.
   * Default: botbuilder's own (a client secret exchanged at login.microsoftonline.com, or the managed identity).
   * Tests pass one that signs tokens with a local key, since Microsoft's login service is unreachable there.
   */
  credentialsFactory?: (registration: TeamsRegistration) => ServiceClientCredentialsFactory;
  /** How long a Bot Connector call may take (default 15 s, `CONNECTOR_TIMEOUT_MS`); tests pass a short one. */
  connectorTimeoutMs?: number;
}

/**
 * The CloudAdapter's configuration for one registration (or none: unauthenticated local testing). The OpenID
 * metadata URL and token issuer can be pointed at a local JWKS server (tests); when either is set, the Bot
 * Framework SDK treats all parameters as given, so the public cloud's defaults are filled in for the rest.
 */
export function botFrameworkAuthOptions(
  teams: TeamsConfig,
  registration?: TeamsRegistration,
): ConfigurationBotFrameworkAuthenticationOptions {
  const options: Record<string, string | boolean | undefined> = {
    MicrosoftAppId: registration?.appId ?? '',
    MicrosoftAppPassword: registration?.password ?? '',
    MicrosoftAppTenantId: registration?.tenantId ?? '',
    MicrosoftAppType: registration?.type ?? 'MultiTenant',
  };
  if (teams.openIdMetadataUrl || teams.tokenIssuer) {
    Object.assign(options, {
      ValidateAuthority: true,
      ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
      ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
      ToBotFromChannelTokenIssuer: teams.tokenIssuer ?? AuthenticationConstants.ToBotFromChannelTokenIssuer,
      OAuthUrl: AuthenticationConstants.OAuthUrl,
      ToBotFromChannelOpenIdMetadataUrl:
        teams.openIdMetadataUrl ?? AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
      ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
      CallerId: CallerIdConstants.PublicAzureChannel,
    });
  }
  return options as unknown as ConfigurationBotFrameworkAuthenticationOptions;
}

/** One registration at work: its adapter (token checks, in-turn replies), its Teams AI app, its connector client. */
interface Bot extends RegisteredBot {
  adapter: RoundtableBotAdapter;
  application: Application<TurnState>;
}

export function createTeamsAdapterFactory(options: TeamsAdapterOptions = {}): AdapterFactory {
  return async ({ config, inbound, db, people, logger, clock }) => {
    const teams = config.teams;
    // Not configured: `adapters/index.ts` says so in the start-up log (and does not even load this module).
    if (!teams || (teams.registrations.length === 0 && !teams.allowUnauthenticated)) return undefined;
    const authenticated = teams.registrations.length > 0;
    // The apps answer a channel command in the person's 1:1 chat through the messenger, built once they exist.
    let messenger: TeamsMessenger | undefined;
    const build = (registration?: TeamsRegistration): Bot => {
      const appId = registration?.appId ?? '';
      const adapter = new RoundtableBotAdapter(
        botFrameworkAuthOptions(teams, registration),
        registration && options.credentialsFactory ? options.credentialsFactory(registration) : undefined,
      );
      // Outbound calls outside a turn need a token for this bot's own identity (client credentials at
      // login.microsoftonline.com, or the managed identity); with authentication off there is none.
      const token: TokenProvider = registration
        ? async () => {
            const credentials = (await adapter.credentialsFactory.createCredentials(
              appId,
              AuthenticationConstants.ToChannelFromBotOAuthScope,
              AuthenticationConstants.ToChannelFromBotLoginUrl,
              true,
            )) as { getToken?: () => Promise<string> };
            return credentials.getToken ? await credentials.getToken() : undefined;
          }
        : async () => undefined;
      const application = createTeamsApplication({
        adapter,
        botAppId: appId,
        inbound,
        db,
        people,
        clock,
        logger,
        sendPrivately: async (tenantId, userId, message) => {
          await messenger!.sendDirect({ workspaceId: tenantId, userId }, message);
        },
      });
      return {
        appId,
        tenantId: registration?.type === 'MultiTenant' ? undefined : registration?.tenantId,
        // With authentication off nothing vouches for a serviceUrl: the client calls loopback ones only.
        client: new BotConnectorClient(
          token,
          registration ? undefined : isLoopbackUrl,
          options.connectorTimeoutMs,
        ),
        adapter,
        application,
      };
    };
    const bots = authenticated ? teams.registrations.map(build) : [build()];
    const registry = new BotRegistry(db, bots);
    messenger = new TeamsMessenger({ db, bots: registry, clock, logger });
    const directory = new TeamsDirectory({ db, bots: registry, clock, people });

    const platformAdapter: PlatformAdapter = {
      platform: 'teams',
      messenger,
      directory,
      mount(router: Router) {
        router.post(TEAMS_ROUTE, express.json({ limit: BODY_LIMIT }), async (req, res, next) => {
          // An activity must at least say what it is and where it came from; anything else is the sender's fault.
          if (!isActivityShaped(req.body)) {
            res.status(400).type('text/plain').send('Bad request: not a Bot Framework activity');
            return;
          }
          // Unauthenticated (local testing): anyone can post an activity, and its serviceUrl is where the replies
          // go. Only this machine's loopback is ever called, so a forged activity cannot make us call out.
          if (!authenticated && !isLoopbackUrl((req.body as { serviceUrl: string }).serviceUrl)) {
            logger.warn('Teams activity refused: unauthenticated mode calls loopback service URLs only');
            res
              .status(403)
              .type('text/plain')
              .send('Forbidden: without authentication only a loopback serviceUrl is accepted');
            return;
          }
          const bot = registry.forRecipient((req.body as { recipient?: { id?: unknown } }).recipient?.id) as
            | Bot
            | undefined;
          if (!bot) {
            // No registration here is this activity's recipient, so none could accept its token.
            res.status(401).type('text/plain').send('Unauthorized: not addressed to a bot registered here');
            return;
          }
          try {
            await bot.adapter.process(req, res, async (context) => {
              await bot.application.run(context);
            });
          } catch (error) {
            next(error);
          }
        });
      },
      describe: () => {
        if (!authenticated) return `Teams: UNAUTHENTICATED (local testing only), POST ${TEAMS_ROUTE}`;
        if (teams.registrations.length === 1) {
          return `Teams: Bot Framework authentication on (${teams.registrations[0]!.type}), POST ${TEAMS_ROUTE}`;
        }
        const list = teams.registrations.map((r) => `${r.variable}: ${r.type}`).join(', ');
        return `Teams: Bot Framework authentication on, ${teams.registrations.length} registrations (${list}), POST ${TEAMS_ROUTE}`;
      },
    };
    return platformAdapter;
  };
}

/** The production factory (listed in `adapters/index.ts`). */
export const teamsAdapterFactory: AdapterFactory = createTeamsAdapterFactory();

function isActivityShaped(body: unknown): boolean {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return false;
  const a = body as { type?: unknown; serviceUrl?: unknown; conversation?: { id?: unknown } | null };
  return (
    typeof a.type === 'string' &&
    a.type.length > 0 &&
    typeof a.serviceUrl === 'string' &&
    typeof a.conversation === 'object' &&
    a.conversation !== null &&
    typeof a.conversation.id === 'string'
  );
}
