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
import { testPrefix, testRedis } from './redis.js';
import { waitFor } from './wait.js';

export const TEST_KEY = Buffer.alloc(32, 7).toString('base64');

export type TestDatabaseKind = 'postgres' | 'pglite';

/**
 * Which database a test app runs on: the vitest project sets `ROUNDTABLE_TEST_DB` (see vitest.config.ts), so the
 * same end-to-end files run on Postgres and on the embedded PGlite the README's quick start uses, as Kysely runs
 * its tests over every dialect.
 */
export function testDatabaseKind(): TestDatabaseKind {
  return process.env.ROUNDTABLE_TEST_DB === 'pglite' ? 'pglite' : 'postgres';
}

export interface TestApp extends App {
  clock: ManualClock;
  logs: ReturnType<typeof captureLogs>;
  prefix: string;
  /** The Postgres URL; empty on PGlite (the data is under `dataDir`). */
  databaseUrl: string;
  databaseKind: TestDatabaseKind;
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
    /** Reuse a data folder (a restart on PGlite keeps its database there); left in place on close. */
    dataDir?: string;
    /** Defaults to the vitest project's choice (`testDatabaseKind()`). */
    database?: TestDatabaseKind;
    prefix?: string;
  } = {},
): Promise<TestApp> {
  const label = options.label ?? 'app';
  const databaseKind = options.databaseUrl ? 'postgres' : (options.database ?? testDatabaseKind());
  const db = options.databaseUrl || databaseKind === 'pglite' ? undefined : await createTestDatabase(label);
  const queue = options.prefix ? undefined : testPrefix(label);
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'rt-data-'));
  const databaseUrl = options.databaseUrl ?? db?.url ?? '';
  const prefix = options.prefix ?? queue!.prefix;
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    REDIS_URL: testRedis().url,
    REDIS_CLUSTER: String(testRedis().cluster),
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
  // The app gives Redis 3 s at start and carries on without it; a test's first command must not race a slow
  // connection (a cluster on a loaded machine takes longer). A test that points at its own Redis decides itself.
  if (!options.env?.REDIS_URL) await waitFor('the job queue to connect', () => app.jobs.available(), 30_000);
  return {
    ...app,
    clock,
    logs,
    prefix,
    databaseUrl,
    databaseKind,
    dataDir,
    close: async () => {
      await app.stop();
      await queue?.cleanup();
      await db?.drop();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
