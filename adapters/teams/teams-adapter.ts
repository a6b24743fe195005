/**
 * The Teams adapter factory: a Teams AI `Application` on a `TeamsAdapter` (botbuilder `CloudAdapter`) at
 * `POST /api/messages`, and the Messenger/Directory ports over the Bot Connector. Everything Teams-specific lives
 * in `adapters/teams`, so a later move to the Teams SDK v2 touches only this folder.
 *
 * Authentication: with `TEAMS_APP_ID` set, every request's Bot Framework token is validated by the
 * CloudAdapter (missing or invalid → 401, nothing processed). Without it the adapter is mounted only when
 * `TEAMS_ALLOW_UNAUTHENTICATED=true` (refused in production by the config).
 */
import { CallerIdConstants, type ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import { AuthenticationConstants } from 'botframework-connector';
import express, { type Router } from 'express';
import type { AdapterFactory } from '../../src/app.js';
import type { TeamsConfig } from '../../src/config.js';
import type { PlatformAdapter } from '../../src/http/platform-adapter.js';
import { RoundtableBotAdapter } from './bot-adapter.js';
import { BotConnectorClient, type TokenProvider } from './bot-connector.client.js';
import { createTeamsApplication } from './teams-app.js';
import { TeamsDirectory } from './teams-directory.js';
import { TeamsMessenger } from './teams-messenger.js';

export const TEAMS_ROUTE = '/api/messages';
/** Bot Framework activities are small; cards we receive back are under Teams' 40 KB message limit. */
const BODY_LIMIT = '256kb';

/**
 * The CloudAdapter's configuration. The OpenID metadata URL and token issuer can be pointed at a local JWKS
 * server (tests); when either is set, the Bot Framework SDK treats all parameters as given, so the public
 * cloud's defaults are filled in for the rest.
 */
export function botFrameworkAuthOptions(teams: TeamsConfig): ConfigurationBotFrameworkAuthenticationOptions {
  const options: Record<string, string | boolean | undefined> = {
    MicrosoftAppId: teams.appId ?? '',
    MicrosoftAppPassword: teams.appPassword ?? '',
    MicrosoftAppTenantId: teams.tenantId ?? '',
    MicrosoftAppType: teams.appType,
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

export const teamsAdapterFactory: AdapterFactory = async ({ config, inbound, db, logger, clock }) => {
  const teams = config.teams;
  // Not configured: `adapters/index.ts` says so in the start-up log (and does not even load this module).
  if (!teams || (!teams.appId && !teams.allowUnauthenticated)) return undefined;
  const authenticated = Boolean(teams.appId);
  const adapter = new RoundtableBotAdapter(botFrameworkAuthOptions(teams));

  // Outbound calls outside a turn need a token for the bot's own identity (client credentials at
  // login.microsoftonline.com); with authentication off there is none.
  const token: TokenProvider = authenticated
    ? async () => {
        const credentials = (await adapter.credentialsFactory.createCredentials(
          teams.appId!,
          AuthenticationConstants.ToChannelFromBotOAuthScope,
          AuthenticationConstants.ToChannelFromBotLoginUrl,
          true,
        )) as { getToken?: () => Promise<string> };
        return credentials.getToken ? await credentials.getToken() : undefined;
      }
    : async () => undefined;
  const client = new BotConnectorClient(token);
  const messenger = new TeamsMessenger({
    db,
    client,
    clock,
    logger,
    defaultBotId: teams.appId ? `28:${teams.appId}` : undefined,
  });
  const app = createTeamsApplication({
    adapter,
    botAppId: teams.appId ?? '',
    inbound,
    db,
    clock,
    logger,
    sendPrivately: async (tenantId, userId, message) => {
      await messenger.sendDirect({ workspaceId: tenantId, userId }, message);
    },
  });
  const directory = new TeamsDirectory({ db, client, clock });

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
        try {
          await adapter.process(req, res, async (context) => {
            await app.run(context);
          });
        } catch (error) {
          next(error);
        }
      });
    },
    describe: () =>
      authenticated
        ? `Teams: Bot Framework authentication on (${teams.appType}), POST ${TEAMS_ROUTE}`
        : `Teams: UNAUTHENTICATED (local testing only), POST ${TEAMS_ROUTE}`,
  };
  return platformAdapter;
};

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
