/**
 * The development Redis starter: a private redis-server when none answers at the default address, only when
 * REDIS_URL was not set and not in production, and one clear line when redis-server is not installed.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type DevRedis,
  redisAnswers,
  redisNotice,
  startDevRedisIfNeeded,
} from '../../../src/dev/redis-starter.js';
import { freePort } from '../../helpers/child.js';
import { captureLogs } from '../../helpers/log-capture.js';
import { REDIS_URL } from '../../helpers/redis.js';

const dataDir = mkdtempSync(join(tmpdir(), 'rt-devredis-'));
const started: DevRedis[] = [];
afterAll(async () => {
  for (const r of started) await r.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function closedUrl(): Promise<string> {
  return `redis://127.0.0.1:${await freePort()}`;
}

describe('startDevRedisIfNeeded', () => {
  it('starts a private redis-server under DATA_DIR when none answers, and stops it', async () => {
    const logs = captureLogs();
    const url = await closedUrl();
    const redis = await startDevRedisIfNeeded(
      { env: 'development', redisUrl: url, redisUrlDefaulted: true, dataDir },
      logs.logger,
    );
    expect(redis).toBeDefined();
    started.push(redis!);
    expect(redis!.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
    expect(await redisAnswers(redis!.url)).toBe(true);
    expect(existsSync(join(dataDir, 'redis'))).toBe(true);
    expect(logs.text()).toContain('started a private redis-server');

    await redis!.stop();
    expect(await redisAnswers(redis!.url)).toBe(false);
  });

  it('leaves an explicit REDIS_URL alone, and never runs in production', async () => {
    const logs = captureLogs();
    const url = await closedUrl();
    expect(
      await startDevRedisIfNeeded(
        { env: 'development', redisUrl: url, redisUrlDefaulted: false, dataDir },
        logs.logger,
      ),
    ).toBeUndefined();
    expect(
      await startDevRedisIfNeeded(
        { env: 'production', redisUrl: url, redisUrlDefaulted: true, dataDir },
        logs.logger,
      ),
    ).toBeUndefined();
    expect(logs.lines).toEqual([]);
  });

  it('uses a Redis that already answers', async () => {
    const logs = captureLogs();
    expect(
      await startDevRedisIfNeeded(
        { env: 'development', redisUrl: REDIS_URL, redisUrlDefaulted: true, dataDir },
        logs.logger,
      ),
    ).toBeUndefined();
    expect(logs.lines).toEqual([]);
  });

  it('says in one line how to get Redis when redis-server is not installed', async () => {
    const logs = captureLogs();
    const result = await startDevRedisIfNeeded(
      { env: 'development', redisUrl: await closedUrl(), redisUrlDefaulted: true, dataDir },
      logs.logger,
      { command: join(dataDir, 'no-such-redis-server') },
    );
    expect(result).toBeUndefined();
    expect(logs.lines).toHaveLength(1);
    expect(logs.text()).toContain('sudo apt install redis-server');
    expect(logs.text()).toContain('brew install redis');
    expect(logs.text()).toContain('REDIS_URL');
  });
});

describe('redisNotice: what the sandbox page says when Redis cannot be used', () => {
  it('says nothing while Redis answers', async () => {
    expect(await redisNotice({ redisUrl: REDIS_URL, redisUrlDefaulted: true })).toBeUndefined();
  });

  it('with no REDIS_URL and no redis-server, says both are missing and how to install it', async () => {
    const notice = await redisNotice(
      { redisUrl: await closedUrl(), redisUrlDefaulted: true },
      { command: join(dataDir, 'no-such-redis-server') },
    );
    expect(notice?.missing).toContain('redis-server is not installed');
    expect(notice?.fix).toContain('sudo apt install redis-server');
    expect(notice?.fix).toContain('brew install redis');
    expect(notice?.fix).toContain('set REDIS_URL');
  });

  it('with an explicit REDIS_URL, names that address, without its password', async () => {
    const port = await freePort();
    const notice = await redisNotice({
      redisUrl: `redis://someone:hunter2@127.0.0.1:${port}`,
      redisUrlDefaulted: false,
    });
    expect(notice?.missing).toContain(`Redis is not answering at redis://127.0.0.1:${port}`);
    expect(notice?.missing).toContain('REDIS_URL');
    expect(`${notice?.missing} ${notice?.fix}`).not.toMatch(/hunter2|someone/);
    expect(notice?.fix).toContain('remove REDIS_URL');
  });
});

describe('config', () => {
  it('says whether REDIS_URL was defaulted', async () => {
    const { loadConfig } = await import('../../../src/config.js');
    expect(loadConfig({}).redisUrlDefaulted).toBe(true);
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6380' }).redisUrlDefaulted).toBe(false);
  });
});
