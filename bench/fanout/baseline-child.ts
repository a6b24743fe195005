/**
 * Child process: the fan-out baseline (a bare paced loop) against a rate-limited fake, for its own CPU and
 * peak RSS. Input: `{ platform, url, token?, recipientsFile, rate }`.
 */
import { readFileSync } from 'node:fs';
import { childInput, reportResult } from '../lib/child.js';
import { selfPeakRssMb } from '../lib/proc.js';
import { pacedConnectorLoop } from '../shared/paced-connector-loop.js';
import { pacedSlackLoop } from '../shared/paced-slack-loop.js';

export interface BaselineInput {
  platform: 'slack' | 'teams';
  /** Slack: the Web API base URL ending in `/`; Teams: the service URL. */
  url: string;
  token?: string;
  /** A JSON file holding the recipient ids (too many for a command-line argument). */
  recipientsFile: string;
  rate: number;
}

export interface BaselineResult {
  sent: number;
  rateLimited: number;
  elapsedMs: number;
  cpuMs: number;
  peakRssMb: number;
}

const input = childInput<BaselineInput>();
const recipients = JSON.parse(readFileSync(input.recipientsFile, 'utf8')) as string[];
const r =
  input.platform === 'slack'
    ? await pacedSlackLoop({
        apiUrl: input.url,
        token: input.token ?? '',
        channels: recipients,
        ratePerSecond: input.rate,
      })
    : await pacedConnectorLoop({
        serviceUrl: input.url,
        conversations: recipients,
        ratePerSecond: input.rate,
      });
reportResult({ ...r, peakRssMb: selfPeakRssMb() } satisfies BaselineResult);
