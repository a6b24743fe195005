import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export const REDIS_URL = 'redis://127.0.0.1:6379';

/** Delete every key under `prefix` on the Redis at `redisUrl` (never FLUSHALL: other test files share it). */
export async function deletePrefix(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** A queue prefix of this test file's own, and a cleanup that deletes every key under it. */
export function testPrefix(label = 'test'): { prefix: string; cleanup(): Promise<void> } {
  const prefix = `rt-${label}-${randomBytes(4).toString('hex')}`;
  return { prefix, cleanup: () => deletePrefix(REDIS_URL, prefix) };
}
