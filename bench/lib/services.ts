/** The versions of the shared services the benchmarks ran against, for RESULTS.md. */
import { Redis } from 'ioredis';
import pg from 'pg';
import { PG_ADMIN_URL } from '../../test/helpers/postgres.js';
import { REDIS_URL } from '../../test/helpers/redis.js';

export async function serviceVersions(): Promise<string[]> {
  const out: string[] = [];
  try {
    const client = new pg.Client({ connectionString: PG_ADMIN_URL });
    await client.connect();
    const r = await client.query<{ server_version: string }>('show server_version');
    await client.end();
    out.push(
      `Postgres ${r.rows[0]?.server_version ?? '?'} on 127.0.0.1:5432 (shared with other work on this machine)`,
    );
  } catch (error) {
    out.push(`Postgres: not answering (${error instanceof Error ? error.message : 'unknown'})`);
  }
  try {
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true });
    await redis.connect();
    const info = await redis.info('server');
    redis.disconnect();
    const version = /redis_version:(\S+)/.exec(info)?.[1] ?? '?';
    out.push(
      `Redis ${version} on 127.0.0.1:6379 (shared; benchmarks only ever delete keys under their own prefix)`,
    );
  } catch (error) {
    out.push(`Redis: not answering (${error instanceof Error ? error.message : 'unknown'})`);
  }
  return out;
}
