import { randomBytes } from 'node:crypto';
import { Cluster, Redis } from 'ioredis';
import { inject } from 'vitest';
import type { RedisTarget } from '../../src/jobs/redis.js';

/** The shared standalone Redis every machine here runs. */
export const REDIS_URL = 'redis://127.0.0.1:6379';

/**
 * The Redis this test runs against: the shared one, or in the `cluster` project the run's own Redis Cluster
 * (test/support/redis-cluster.global.ts).
 */
export function testRedis(): RedisTarget {
  const cluster = process.env.ROUNDTABLE_TEST_REDIS === 'cluster' ? inject('redisClusterUrl') : undefined;
  return cluster ? { url: cluster, cluster: true } : { url: REDIS_URL, cluster: false };
}

function connect(target: RedisTarget): Redis | Cluster {
  if (!target.cluster) return new Redis(target.url, { maxRetriesPerRequest: 1 });
  const seed = new URL(target.url);
  return new Cluster([{ host: seed.hostname, port: Number(seed.port) }], {
    redisOptions: { maxRetriesPerRequest: 1 },
  });
}

/** Every key matching `pattern` (a SCAN over each master of a cluster). */
export async function redisKeys(target: RedisTarget, pattern: string): Promise<string[]> {
  const redis = connect(target);
  try {
    const nodes = redis instanceof Cluster ? (await waitForNodes(redis)).nodes('master') : [redis];
    const keys: string[] = [];
    for (const node of nodes) {
      let cursor = '0';
      do {
        const [next, found] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        cursor = next;
        keys.push(...found);
      } while (cursor !== '0');
    }
    return keys;
  } finally {
    redis.disconnect();
  }
}

/** Delete keys one by one (a cluster refuses a multi-key DEL across slots). */
export async function deleteKeys(target: RedisTarget, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  const redis = connect(target);
  try {
    if (redis instanceof Cluster) for (const key of keys) await redis.del(key);
    else for (let i = 0; i < keys.length; i += 1000) await redis.del(...keys.slice(i, i + 1000));
  } finally {
    redis.disconnect();
  }
}

async function waitForNodes(cluster: Cluster): Promise<Cluster> {
  if (cluster.status === 'ready') return cluster;
  await new Promise<void>((resolve, reject) => {
    cluster.once('ready', () => resolve());
    cluster.once('error', reject);
  });
  return cluster;
}

/**
 * Delete every key under `prefix` (as given, or as the hash tag a cluster uses) on the Redis at `target` (never
 * FLUSHALL: other test files share it).
 */
export async function deletePrefix(target: string | RedisTarget, prefix: string): Promise<void> {
  const t = typeof target === 'string' ? { url: target, cluster: false } : target;
  const keys = [...(await redisKeys(t, `${prefix}:*`)), ...(await redisKeys(t, `{${prefix}}:*`))];
  await deleteKeys(t, keys);
}

/** A queue prefix of this test file's own, and a cleanup that deletes every key under it. */
export function testPrefix(label = 'test'): { prefix: string; cleanup(): Promise<void> } {
  const prefix = `rt-${label}-${randomBytes(4).toString('hex')}`;
  return { prefix, cleanup: () => deletePrefix(testRedis(), prefix) };
}
