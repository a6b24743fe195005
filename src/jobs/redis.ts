import { Cluster, Redis, type RedisOptions } from 'ioredis';

/** A connection to one Redis, or to a Redis Cluster (managed Redis is often clustered). */
export type RedisClient = Redis | Cluster;

export interface RedisTarget {
  url: string;
  /** `url` is one node of a Redis Cluster; the others are found from it (CLUSTER SLOTS). */
  cluster: boolean;
}

/**
 * A Redis connection for BullMQ. `maxRetriesPerRequest: null` is required by workers; the retry strategy keeps
 * reconnecting (capped at 5 s) instead of crash-looping when Redis is down at start.
 */
export function createRedis(target: RedisTarget & { cluster: false }, extra?: Partial<RedisOptions>): Redis;
export function createRedis(target: RedisTarget, extra?: Partial<RedisOptions>): RedisClient;
export function createRedis(target: RedisTarget, extra: Partial<RedisOptions> = {}): RedisClient {
  const options: RedisOptions = {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    retryStrategy: (times) => Math.min(times * 200, 5_000),
    lazyConnect: false,
    ...extra,
  };
  if (!target.cluster) return new Redis(target.url, options);
  const seed = new URL(target.url);
  const { retryStrategy, enableOfflineQueue, ...nodeOptions } = options;
  return new Cluster([{ host: seed.hostname, port: Number(seed.port || 6379) }], {
    redisOptions: {
      ...nodeOptions,
      username: seed.username || undefined,
      password: seed.password ? decodeURIComponent(seed.password) : undefined,
      ...(seed.protocol === 'rediss:' ? { tls: {} } : {}),
    },
    enableOfflineQueue,
    // ioredis' cluster ready check sends CLUSTER INFO to a node whose own connection may still be connecting;
    // without an offline queue that command is refused, the check "fails", and the cluster reconnects — on a busy
    // machine, again and again, never reaching `ready` (seen in CI). The producer, which has no offline queue,
    // therefore skips the check: reaching `refresh` already means a node answered CLUSTER SLOTS, and `/readyz`
    // pings before it says ready.
    enableReadyCheck: enableOfflineQueue !== false,
    clusterRetryStrategy: retryStrategy,
  });
}

/**
 * The queue prefix as BullMQ must have it: on a cluster every key of a queue must hash to one slot, so the prefix
 * is a hash tag (`{roundtable}`); the throttle's keys share it, so its scripts stay in that slot too.
 */
export function clusterSafePrefix(prefix: string, cluster: boolean): string {
  return cluster && !/\{[^}]+\}/.test(prefix) ? `{${prefix}}` : prefix;
}

/** Ping with a bound, for readiness checks: a Redis that does not answer in time is not ready. */
export async function pingRedis(redis: RedisClient, timeoutMs = 1_000): Promise<void> {
  if (redis.status !== 'ready') throw new Error(`redis is ${redis.status}`);
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      redis.ping(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('redis did not answer in time')), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
