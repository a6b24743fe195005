import type { RedisClient } from './redis.js';

/**
 * A token bucket per workspace, kept in Redis so every worker process shares it. BullMQ's Worker `limiter` is
 * global to a queue, so one slow workspace would hold back all others (docs/PITFALLS.md); this bucket lets each
 * workspace go at its own platform budget.
 *
 * `take` returns 0 when a token was taken, else how many ms to wait. `block` stops a workspace until a platform's
 * `Retry-After` has passed.
 */
const TAKE = `
local key = KEYS[1]
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local blocked = tonumber(redis.call('HGET', key, 'blocked') or '0')
if blocked > now then return blocked - now end
local tokens = tonumber(redis.call('HGET', key, 'tokens') or burst)
local ts = tonumber(redis.call('HGET', key, 'ts') or now)
tokens = math.min(burst, tokens + (now - ts) * rate / 1000)
if tokens >= 1 then
  redis.call('HSET', key, 'tokens', tokens - 1, 'ts', now)
  redis.call('PEXPIRE', key, 600000)
  return 0
end
redis.call('HSET', key, 'tokens', tokens, 'ts', now)
redis.call('PEXPIRE', key, 600000)
return math.ceil((1 - tokens) * 1000 / rate)
`;

const BLOCK = `
local key = KEYS[1]
local untilMs = tonumber(ARGV[1])
local blocked = tonumber(redis.call('HGET', key, 'blocked') or '0')
if untilMs > blocked then redis.call('HSET', key, 'blocked', untilMs) end
redis.call('HSET', key, 'tokens', 0, 'ts', ARGV[2])
redis.call('PEXPIRE', key, 600000)
return 1
`;

export interface ThrottleBudget {
  /** Sustained messages per second. */
  ratePerSecond: number;
  /** Messages allowed in a burst. */
  burst: number;
}

export class WorkspaceThrottle {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly now: () => number = Date.now,
  ) {}

  private key(workspaceKey: string): string {
    return `${this.prefix}:throttle:${workspaceKey}`;
  }

  /** Take one send token. Returns 0 if taken, else the wait in ms. */
  async take(workspaceKey: string, budget: ThrottleBudget): Promise<number> {
    const wait = await this.redis.eval(
      TAKE,
      1,
      this.key(workspaceKey),
      budget.ratePerSecond,
      budget.burst,
      this.now(),
    );
    return Number(wait);
  }

  /** Stop sending to a workspace for `ms` (the platform said 429, Retry-After). */
  async block(workspaceKey: string, ms: number): Promise<void> {
    const now = this.now();
    await this.redis.eval(BLOCK, 1, this.key(workspaceKey), now + ms, now);
  }
}
