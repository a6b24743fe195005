/**
 * Prometheus metrics: default process metrics plus ours. One registry per app instance (tests run several).
 *
 * Nothing here is derived from what people answered or chose: no series per scale step, no count of the
 * private support messages a very low answer triggers, no count of reminders (sent only to people who did not
 * answer) and no count of check-ins skipped for a pause or quiet hours. Scraped every few seconds, any of those
 * would tell whoever reads the dashboard what one person just did. Only sends, failures and retries of messages
 * everyone in an audience gets, 429s, queue depth and latency. Each message kind declares its label, or none
 * (`metric` in `src/delivery/engine.ts`).
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export interface Metrics {
  registry: Registry;
  sends: Counter<'platform' | 'kind' | 'outcome'>;
  rateLimited: Counter<'platform'>;
  interactionSeconds: Histogram<'platform' | 'type'>;
  queueDepth: Gauge<'queue' | 'state'>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    sends: new Counter({
      name: 'roundtable_sends_total',
      help: 'Outbound messages by kind and outcome (sent, failed, retried); kinds that would say what one person did are not counted',
      labelNames: ['platform', 'kind', 'outcome'],
      registers: [registry],
    }),
    rateLimited: new Counter({
      name: 'roundtable_rate_limited_total',
      help: 'HTTP 429 responses received from a platform',
      labelNames: ['platform'],
      registers: [registry],
    }),
    interactionSeconds: new Histogram({
      name: 'roundtable_interaction_seconds',
      help: 'Time to handle an inbound interaction (command, action, form, message)',
      labelNames: ['platform', 'type'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: 'roundtable_queue_jobs',
      help: 'Jobs per queue and state, read at scrape time',
      labelNames: ['queue', 'state'],
      registers: [registry],
    }),
  };
}
