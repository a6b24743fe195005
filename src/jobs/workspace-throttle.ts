import type { RedisClient } from './redis.js';

/**
 * A send budget per workspace, kept in Redis so every worker process shares it. BullMQ's Worker `limiter` is
 * global to a queue, so one slow workspace would hold back all others (docs/PITFALLS.md); this budget lets each
 * workspace go at its own platform rate.
 *
 * It is a GCRA (a token bucket kept as one "theoretical arrival time"), and a job over budget is given a
 * **reservation**: the moment its own send will conform. The job is parked until exactly then and, when it runs
 * again, it spends its reservation instead of asking again. So a job over budget is parked once, not over and over
 * (every parked job waking at the same moment to find the one free token taken), which was most of the outbox's
 * Redis and CPU work under load. A reservation is spent once (a retry later asks again), and only on time: a job
 * woken later than one burst after its moment (a worker short of CPU releases delayed jobs late, and together)
 * takes a fresh moment, so late jobs never reach the platform in a bunch. Reservations of jobs that never come
 * back expire with the key (kept at least ten minutes past the last moment reserved).
 *
 * Jobs enqueued together (a fan-out) get their moments at once, `reserve`, and are enqueued delayed until them:
 * each is taken up once, at its moment, and never parked at all.
 *
 * `take` returns 0 when the job may send now, else how many ms to wait. `block` stops a workspace until a
 * platform's `Retry-After` has passed: later reservations start after it, and a moment reserved before the block
 * that falls inside it is replaced by a fresh one when its job asks.
 */
const TAKE = `
local key = KEYS[1]
local slots = KEYS[2]
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local id = ARGV[4]
local count = tonumber(ARGV[5] or '1')
local blocked = tonumber(redis.call('HGET', key, 'blocked') or '0')
if id ~= '' then
  local mine = redis.call('HGET', slots, id)
  if mine then
    mine = tonumber(mine)
    -- A moment reserved before a 429's block and falling inside it is not kept: a fresh moment, after the block.
    if mine >= blocked and mine > now then return math.ceil(mine - now) end
    redis.call('HDEL', slots, id)
    -- On time (within one burst of its moment): it sends. Later than that, the jobs woken late together would
    -- reach the platform in one bunch, so this one takes a fresh moment like any newcomer.
    if mine >= blocked and now - mine <= burst * interval then return 0 end
  end
end
local tat = tonumber(redis.call('HGET', key, 'tat') or '0')
if tat < now then tat = now end
if blocked > tat then tat = blocked end
-- A job that sends \`count\` messages one interval apart (a batch) takes \`count\` moments from its first.
local nextTat = tat + count * interval
local allowAt = tat + interval - burst * interval
if allowAt < blocked then allowAt = blocked end
if allowAt <= now then
  redis.call('HSET', key, 'tat', nextTat)
  redis.call('PEXPIRE', key, math.ceil(nextTat - now) + 600000)
  return 0
end
if id == '' then return math.ceil(allowAt - now) end
local ttl = math.ceil(nextTat - now) + 600000
redis.call('HSET', key, 'tat', nextTat)
redis.call('PEXPIRE', key, ttl)
redis.call('HSET', slots, id, allowAt)
redis.call('PEXPIRE', slots, ttl)
return math.ceil(allowAt - now)
`;

/**
 * Reserve a moment for each of many jobs at once (a fan-out enqueuing them): the same arithmetic as TAKE for a
 * newcomer, in order, but every id gets a slot, including those that may go at once, so that each job spends its
 * own moment when it runs. An id that already holds a slot keeps it. Returns the wait of each id, in order.
 */
/**
 * Reserve moments for many jobs at once (a fan-out enqueuing them): the same arithmetic as TAKE for a newcomer, in
 * order, but every job gets a slot, including those that may go at once, so that each spends its own moment when
 * it runs. ARGV after the budget and the clock is pairs of job id and how many messages it sends (a batch sends
 * them one interval apart from its moment). An id that already holds a slot keeps it. Returns each id's wait.
 */
const RESERVE = `
local key = KEYS[1]
local slots = KEYS[2]
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local tat = tonumber(redis.call('HGET', key, 'tat') or '0')
if tat < now then tat = now end
local blocked = tonumber(redis.call('HGET', key, 'blocked') or '0')
if blocked > tat then tat = blocked end
local waits = {}
for i = 4, #ARGV, 2 do
  local id = ARGV[i]
  local count = tonumber(ARGV[i + 1])
  local mine = redis.call('HGET', slots, id)
  if mine then
    mine = tonumber(mine) - now
    if mine < 0 then mine = 0 end
    waits[#waits + 1] = math.ceil(mine)
  else
    local allowAt = tat + interval - burst * interval
    if allowAt < blocked then allowAt = blocked end
    if allowAt < now then allowAt = now end
    tat = tat + count * interval
    redis.call('HSET', slots, id, allowAt)
    waits[#waits + 1] = math.ceil(allowAt - now)
  end
end
local ttl = math.ceil(tat - now) + 600000
redis.call('HSET', key, 'tat', tat)
redis.call('PEXPIRE', key, ttl)
redis.call('PEXPIRE', slots, ttl)
return waits
`;

const BLOCK = `
local key = KEYS[1]
local untilMs = tonumber(ARGV[1])
local now = tonumber(ARGV[2])
local blocked = tonumber(redis.call('HGET', key, 'blocked') or '0')
if untilMs > blocked then redis.call('HSET', key, 'blocked', untilMs) end
-- Never shorten the life of moments reserved further ahead.
local ttl = math.ceil(untilMs - now) + 600000
if redis.call('PTTL', key) < ttl then redis.call('PEXPIRE', key, ttl) end
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

  /**
   * Ask to send one message. Returns 0 when it may go now, else the wait in ms. With `reservation` (the job's id),
   * a wait comes with a reserved moment that this same id spends when it asks again; without one, nothing is
   * reserved and the caller asks again after the wait.
   */
  async take(workspaceKey: string, budget: ThrottleBudget, reservation = '', sends = 1): Promise<number> {
    const wait = await this.budgeted(TAKE, workspaceKey, budget, reservation, Math.max(1, sends));
    return Number(wait);
  }

  /**
   * Reserve a moment for each job (in order) before the jobs are enqueued, so each can be enqueued delayed until
   * its moment and run once, instead of being taken up, found over budget and parked. A job that sends several
   * messages (`sends`, a batch) gets that many moments one interval apart, from its own. Returns each job's wait
   * in ms (0: at once). When it runs, the job spends its moment through {@link take} with its id.
   */
  async reserve(
    workspaceKey: string,
    budget: ThrottleBudget,
    jobs: ReadonlyArray<string | { id: string; sends: number }>,
  ): Promise<number[]> {
    if (jobs.length === 0) return [];
    const waits = (await this.budgeted(
      RESERVE,
      workspaceKey,
      budget,
      ...jobs.flatMap((j) => (typeof j === 'string' ? [j, 1] : [j.id, Math.max(1, j.sends)])),
    )) as unknown[];
    return waits.map(Number);
  }

  /** Run TAKE or RESERVE on a workspace's keys: its budget and the time first, then the script's own arguments. */
  private budgeted(
    script: string,
    workspaceKey: string,
    budget: ThrottleBudget,
    ...args: Array<string | number>
  ): Promise<unknown> {
    const key = this.key(workspaceKey);
    return this.redis.eval(
      script,
      2,
      key,
      `${key}:reserved`,
      1000 / budget.ratePerSecond,
      Math.max(1, budget.burst),
      this.now(),
      ...args,
    );
  }

  /** Stop sending to a workspace for `ms` (the platform said 429, Retry-After). */
  async block(workspaceKey: string, ms: number): Promise<void> {
    const now = this.now();
    await this.redis.eval(BLOCK, 1, this.key(workspaceKey), now + ms, now);
  }
}
