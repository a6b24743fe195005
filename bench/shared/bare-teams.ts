/**
 * The interaction-latency baseline for Teams: a bare botbuilder `CloudAdapter` (empty app id, so unauthenticated
 * like the app under `TEAMS_ALLOW_UNAUTHENTICATED`) on express at `/api/messages`, whose turn sends the same help
 * answer the app sends (our core's help text and support lines, rendered once by our Adaptive Card renderer, as
 * the Slack baseline posts the same help blocks) through the Bot Connector at the activity's `serviceUrl`. No
 * database, no member lookup, no Teams AI routing: the fair floor for the same answer. Run it in a child
 * (`bare-teams-child.ts`).
 */
import type { Server } from 'node:http';
import type { Activity } from 'botbuilder';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import express from 'express';
import { cardActivities } from '../../adapters/teams/teams-messenger.js';
import { helpText } from '../../src/core/commands/help.js';
import { textMessage } from '../../src/core/messages/message.js';
import { supportText } from '../../src/core/messages/support.js';

export async function startBareTeams(options: { port: number }): Promise<() => Promise<void>> {
  const adapter = new CloudAdapter(
    new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppId: '',
      MicrosoftAppPassword: '',
      MicrosoftAppType: 'MultiTenant',
    } as ConfigurationBotFrameworkAuthenticationOptions),
  );
  const help = cardActivities(
    textMessage(`${helpText(undefined, false)}\n\n${supportText({ signpost: null, crisis_lines: true })}`),
  );
  const app = express();
  app.post('/api/messages', express.json({ limit: '256kb' }), async (req, res, next) => {
    try {
      await adapter.process(req, res, async (context) => {
        if (context.activity.type !== 'message') return;
        for (const activity of help) await context.sendActivity(activity as Partial<Activity>);
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
