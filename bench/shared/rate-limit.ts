/**
 * A rate limit and a delivery ledger to put in front of the project's fake platform servers
 * (`test/fakes/fake-slack.ts`, `test/fakes/fake-bot-connector.ts`) for the fan-out benchmark, without
 * duplicating them: wrap the fake's request handler (or call `admit` from a hook it offers) and record each
 * accepted message in the ledger.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TokenBucket } from './token-bucket.js';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface RateLimitOptions {
  /** Messages per second per key (the workspace), e.g. 100 for the single-workspace run, 50 for ten. */
  rate: number;
  /** Bucket capacity; defaults to `rate` (one second's worth). */
  burst?: number;
  /** The bucket a request spends from: the workspace (token, team id, tenant, service URL), or undefined to pass. */
  keyOf(req: IncomingMessage): string | undefined;
  now?: () => number;
}

/** Per-key budget with counts of what was admitted and refused. */
export class RateLimit {
  private readonly buckets = new Map<string, TokenBucket>();
  readonly admitted = new Map<string, number>();
  readonly refused = new Map<string, number>();
  private readonly now: () => number;

  constructor(private readonly options: RateLimitOptions) {
    this.now = options.now ?? (() => performance.now());
  }

  /** Spend a token for `key`; `retryAfterS` (whole seconds, at least 1, as Slack sends) when none is left. */
  admit(key: string): { ok: true } | { ok: false; retryAfterS: number } {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(this.options.rate, this.options.burst ?? this.options.rate, this.now());
      this.buckets.set(key, bucket);
    }
    const r = bucket.take(this.now());
    const counts = r.ok ? this.admitted : this.refused;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    return r.ok ? r : { ok: false, retryAfterS: Math.max(1, Math.ceil(r.retryAfterMs / 1000)) };
  }

  /**
   * Wrap a fake's handler: over budget, answer 429 with `Retry-After` (and Slack's `{ok:false,error:'ratelimited'}`
   * body, which the Bot Connector's clients ignore) without calling the fake.
   */
  wrap(inner: Handler): Handler {
    return (req, res) => {
      const key = this.options.keyOf(req);
      if (key !== undefined) {
        const r = this.admit(key);
        if (!r.ok) {
          req.resume();
          res.writeHead(429, { 'retry-after': String(r.retryAfterS), 'content-type': 'application/json' });
          res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
          return;
        }
      }
      return inner(req, res);
    };
  }

  totals(): { admitted: number; refused: number } {
    const sum = (m: Map<string, number>) => [...m.values()].reduce((s, n) => s + n, 0);
    return { admitted: sum(this.admitted), refused: sum(this.refused) };
  }
}

/**
 * Every message the fake accepted, keyed by who should receive it, to count duplicates and missing deliveries
 * and the achieved rate per workspace.
 */
export class DeliveryLedger {
  private readonly seen = new Map<string, { count: number; workspace: string; at: number }>();
  private readonly now: () => number;

  constructor(now?: () => number) {
    this.now = now ?? (() => performance.now());
  }

  /** Distinct recipients reached so far. */
  get size(): number {
    return this.seen.size;
  }

  /** Record one accepted message to `recipient` in `workspace`. */
  record(workspace: string, recipient: string): void {
    const key = `${workspace}\u0000${recipient}`;
    const s = this.seen.get(key);
    if (s) s.count++;
    else this.seen.set(key, { count: 1, workspace, at: this.now() });
  }

  /**
   * Compare with who should have been reached.
   * @param expected workspace → recipients.
   * @returns duplicates (extra copies), missing recipients, per workspace the achieved rate (messages per
   *   second from its first to its last delivery), and the same over all workspaces together.
   */
  check(expected: Map<string, readonly string[]>): {
    delivered: number;
    duplicates: number;
    missing: number;
    ratePerWorkspace: Map<string, number>;
    overallRate: number;
  } {
    let duplicates = 0;
    let delivered = 0;
    const times = new Map<string, number[]>();
    for (const s of this.seen.values()) {
      duplicates += s.count - 1;
      delivered++;
      const list = times.get(s.workspace) ?? [];
      list.push(s.at);
      times.set(s.workspace, list);
    }
    let missing = 0;
    for (const [workspace, recipients] of expected) {
      for (const r of recipients) if (!this.seen.has(`${workspace}\u0000${r}`)) missing++;
    }
    const ratePerWorkspace = new Map<string, number>();
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    for (const [workspace, list] of times) {
      // A loop, not Math.max(...list): 10,000 arguments is near V8's limit.
      let lo = Number.POSITIVE_INFINITY;
      let hi = Number.NEGATIVE_INFINITY;
      for (const t of list) {
        lo = Math.min(lo, t);
        hi = Math.max(hi, t);
      }
      first = Math.min(first, lo);
      last = Math.max(last, hi);
      const span = (hi - lo) / 1000;
      ratePerWorkspace.set(workspace, span > 0 ? (list.length - 1) / span : Number.NaN);
    }
    const span = (last - first) / 1000;
    const overallRate = span > 0 ? (delivered - 1) / span : Number.NaN;
    return { delivered, duplicates, missing, ratePerWorkspace, overallRate };
  }
}
