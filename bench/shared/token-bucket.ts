/**
 * A token bucket, as platforms enforce per-workspace limits: `rate` tokens a second, holding at most `burst`.
 * Time is passed in, so the same bucket works against the wall clock in a fake server and against a manual one.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  /**
   * @param rate tokens added per second.
   * @param burst capacity (and the starting amount).
   * @param nowMs the time the bucket starts at.
   */
  constructor(
    readonly rate: number,
    readonly burst: number,
    nowMs: number,
  ) {
    this.tokens = burst;
    this.last = nowMs;
  }

  /**
   * Take one token if there is one.
   * @returns `{ ok: true }`, or how long until a token is due (at least 1 ms).
   */
  take(nowMs: number): { ok: true } | { ok: false; retryAfterMs: number } {
    this.tokens = Math.min(this.burst, this.tokens + ((nowMs - this.last) * this.rate) / 1000);
    this.last = nowMs;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterMs: Math.max(1, Math.ceil(((1 - this.tokens) * 1000) / this.rate)) };
  }
}
