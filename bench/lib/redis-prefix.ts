/** Deleting one prefix's keys: what a benchmark does instead of FLUSHALL, which would wipe the shared Redis. */
import type { Redis } from 'ioredis';

/**
 * Delete every key under `prefix:` with SCAN and UNLINK (never KEYS or FLUSHALL).
 * @returns how many keys were deleted.
 */
export async function deletePrefix(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.unlink(...keys);
  } while (cursor !== '0');
  return deleted;
}
