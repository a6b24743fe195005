/** A fixed-rate HTTP load with autocannon, for the interaction-latency benchmark. */
import autocannon from 'autocannon';

export interface LoadResult {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  sent: number;
  /** Connection errors, timeouts and non-2xx answers together. */
  errors: number;
  /** Requests per second achieved (below the asked rate means the server could not keep up). */
  achievedRate: number;
}

/**
 * POST the same request at `rate` per second for `durationS` seconds. Latencies are corrected for coordinated
 * omission (autocannon's default at a fixed rate), so a stalled server shows up in p99.
 */
export async function fixedRateLoad(options: {
  url: string;
  body: string;
  headers: Record<string, string>;
  rate: number;
  durationS: number;
  connections?: number;
}): Promise<LoadResult> {
  const r = await autocannon({
    url: options.url,
    method: 'POST',
    headers: options.headers,
    body: options.body,
    connections: options.connections ?? 20,
    overallRate: options.rate,
    duration: options.durationS,
    timeout: 10,
  });
  return {
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    maxMs: r.latency.max,
    sent: r.requests.total,
    errors: r.errors + r.timeouts + r.non2xx,
    achievedRate: r.requests.average,
  };
}
