/**
 * The interaction-latency baseline for Teams: a bare botbuilder `CloudAdapter` (empty app id, so unauthenticated
 * like the app under `TEAMS_ALLOW_UNAUTHENTICATED`) on express at `/api/messages`, whose turn sends one echo
 * reply through the Bot Connector at the activity's `serviceUrl`. Run it in a child (`bare-teams-child.ts`).
 */
import type { Server } from 'node:http';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import express from 'express';

export async function startBareTeams(options: { port: number }): Promise<() => Promise<void>> {
  const adapter = new CloudAdapter(
    new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppId: '',
      MicrosoftAppPassword: '',
      MicrosoftAppType: 'MultiTenant',
    } as ConfigurationBotFrameworkAuthenticationOptions),
  );
  const app = express();
  app.post('/api/messages', express.json({ limit: '256kb' }), async (req, res, next) => {
    try {
      await adapter.process(req, res, async (context) => {
        if (context.activity.type === 'message') await context.sendActivity(`echo: ${context.activity.text}`);
      });
    } catch (error) {
      next(error);
    }
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(options.port, '127.0.0.1', () => resolve(s));
  });
  return async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
}
