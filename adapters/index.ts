/**
 * Every platform adapter the app knows. A platform's SDK (Bolt, Bot Framework) is loaded only when that platform
 * is configured, so a process that does not use it does not pay its memory; when it is not configured the
 * start-up log says so in one line. The sandbox comes last: it mounts only when neither Slack nor Teams is
 * configured (and never in production).
 */
import type { AdapterFactory } from '../src/app.js';
import { sandboxFactory } from './sandbox/index.js';

const slackAdapterFactory: AdapterFactory = async (deps) => {
  if (!deps.config.slack) {
    deps.logger.info(
      'Slack: not configured (set SLACK_SIGNING_SECRET first, then SLACK_BOT_TOKEN, SLACK_CLIENT_ID or SLACK_APP_TOKEN); /slack/events not mounted',
    );
    return undefined;
  }
  const { slackAdapterFactory: load } = await import('./slack/slack-adapter.js');
  return load(deps);
};

const teamsAdapterFactory: AdapterFactory = async (deps) => {
  if (!deps.config.teams) {
    deps.logger.info(
      'Teams: not configured (set TEAMS_APP_ID, TEAMS_TENANT_ID and TEAMS_APP_PASSWORD); /api/messages not mounted',
    );
    return undefined;
  }
  const { teamsAdapterFactory: load } = await import('./teams/teams-adapter.js');
  return load(deps);
};

export const adapterFactories: AdapterFactory[] = [slackAdapterFactory, teamsAdapterFactory, sandboxFactory];
