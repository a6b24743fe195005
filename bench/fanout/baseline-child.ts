/**
 * Child process: the fan-out baseline (a bare paced loop) against a rate-limited fake, for its own CPU and
 * peak RSS. Input: `{ platform, url, token?, recipients, rate }`.
 */
import { childInput, reportResult } from '../lib/child.js';
import { selfPeakRssMb } from '../lib/proc.js';
import { pacedConnectorLoop } from '../shared/paced-connector-loop.js';
import { pacedSlackLoop } from '../shared/paced-slack-loop.js';

export interface BaselineInput {
  platform: 'slack' | 'teams';
  /** Slack: the Web API base URL ending in `/`; Teams: the service URL. */
  url: string;
  token?: string;
  recipients: string[];
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
const r =
  input.platform === 'slack'
    ? await pacedSlackLoop({
        apiUrl: input.url,
        token: input.token ?? '',
        channels: input.recipients,
        ratePerSecond: input.rate,
      })
    : await pacedConnectorLoop({
        serviceUrl: input.url,
        conversations: input.recipients,
        ratePerSecond: input.rate,
      });
reportResult({ ...r, peakRssMb: selfPeakRssMb() } satisfies BaselineResult);
