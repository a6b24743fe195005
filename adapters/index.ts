/**
 * Every platform adapter the app knows. Each factory returns undefined (and the start-up log says so in one
 * line) when its platform is not configured.
 */
import type { AdapterFactory } from '../src/app.js';
import { teamsAdapterFactory } from './teams/teams-adapter.js';

export const adapterFactories: AdapterFactory[] = [teamsAdapterFactory];
