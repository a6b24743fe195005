/**
 * Every platform adapter the app knows. Each factory returns undefined (and the start-up log says so in one
 * line) when its platform is not configured. The sandbox comes last: it mounts only when neither Slack nor Teams
 * is configured (and never in production).
 */
import type { AdapterFactory } from '../src/app.js';
import { sandboxFactory } from './sandbox/index.js';
import { slackAdapterFactory } from './slack/slack-adapter.js';
import { teamsAdapterFactory } from './teams/teams-adapter.js';

export const adapterFactories: AdapterFactory[] = [slackAdapterFactory, teamsAdapterFactory, sandboxFactory];
