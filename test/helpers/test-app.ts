/**
 * Start the real app in-process for integration and end-to-end tests: its own database, its own queue prefix,
 * a temporary DATA_DIR, an injected clock and randomness, and a captured log.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AdapterFactory, type App, startApp } from '../../src/app.js';
import { type Clock, ManualClock, type Random, seededRandom } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { captureLogs } from './log-capture.js';
import { createTestDatabase } from './postgres.js';
import { REDIS_URL, testPrefix } from './redis.js';

export const TEST_KEY = Buffer.alloc(32, 7).toString('base64');

export interface TestApp extends App {
  clock: ManualClock;
  logs: ReturnType<typeof captureLogs>;
  prefix: string;
  databaseUrl: string;
  dataDir: string;
  close(): Promise<void>;
}

export async function startTestApp(
  options: {
    label?: string;
    env?: Record<string, string>;
    adapters?: AdapterFactory[];
    clock?: ManualClock;
    random?: Random;
    /** Reuse an existing database (e.g. a restart in the same test). */
    databaseUrl?: string;
    prefix?: string;
  } = {},
): Promise<TestApp> {
  const label = options.label ?? 'app';
  const db = options.databaseUrl ? undefined : await createTestDatabase(label);
  const queue = options.prefix ? undefined : testPrefix(label);
  const dataDir = mkdtempSync(join(tmpdir(), 'rt-data-'));
  const databaseUrl = options.databaseUrl ?? db!.url;
  const prefix = options.prefix ?? queue!.prefix;
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    DATA_DIR: dataDir,
    DATA_ENCRYPTION_KEY: TEST_KEY,
    LOG_LEVEL: 'debug',
    ...options.env,
  });
  const logs = captureLogs('debug');
  const clock = options.clock ?? new ManualClock(new Date('2026-03-02T09:00:00Z'));
  const app = await startApp({
    config,
    logger: logs.logger,
    clock: clock as Clock,
    random: options.random ?? seededRandom(42),
    adapters: options.adapters,
    reconcileIntervalMs: 3_600_000,
  });
  return {
    ...app,
    clock,
    logs,
    prefix,
    databaseUrl,
    dataDir,
    close: async () => {
      await app.stop();
      await queue?.cleanup();
      await db?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
