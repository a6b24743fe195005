/**
 * The composition root as a function: config → db → queues → services → http → adapters → workers.
 * `main.ts` calls it for the real process; tests call it in-process with an injected clock and randomness.
 */
import type { Kysely } from 'kysely';
import { createDb, migrateToLatest, migrationsApplied, ping, type DbKind } from '../db/index.js';
import type { Database } from '../db/schema.js';
import { type Clock, type Random, systemClock, systemRandom } from './clock.js';
import type { Config } from './config.js';
import {
  createPersonHasher,
  createTextCipher,
  type PersonHasher,
  resolveEncryptionKey,
  type TextCipher,
} from './crypto.js';
import type { PlatformAdapter } from './http/platform-adapter.js';
import { mountPublicPages } from './http/public-pages.route.js';
import { isLoopbackHostHeader } from './http/loopback.js';
import { mountChartRoute } from './http/chart.route.js';
import { mountExportRoute } from './http/export.route.js';
import { mountRecordRoute } from './http/record.route.js';
import { createHttpServer, type HttpServer } from './http/server.js';
import { JobRuntime } from './jobs/job-runtime.js';
import { pingRedis } from './jobs/redis.js';
import { rruleRepeatStrategy } from './jobs/scheduler-reconcile.js';
import { type Logger, safeUrl } from './log.js';
import { createMetrics, type Metrics } from './metrics.js';
import type { Inbound } from './ports.js';
import { createChartStore } from './services/charts/chart-store.js';
import type { ServiceContext } from './services/context.js';
import { createServices, type Services } from './services/index.js';
import { PlatformRegistry } from './services/platform-registry.js';

/** Builds a platform adapter once the services exist. Adapters are passed in, so `src` never imports them. */
export type AdapterFactory = (deps: {
  config: Config;
  inbound: Inbound;
  db: Kysely<Database>;
  cipher: TextCipher;
  /** Recognises people who said `stop` or `forget me`, so a roster read never stores them again. */
  people: PersonHasher;
  logger: Logger;
  metrics: Metrics;
  clock: Clock;
  random: Random;
}) => Promise<PlatformAdapter | undefined>;

export interface AppOptions {
  config: Config;
  logger: Logger;
  clock?: Clock;
  random?: Random;
  adapters?: AdapterFactory[];
  /** How often schedulers are compared with Postgres and rebuilt if Redis lost them. */
  reconcileIntervalMs?: number;
  graceMs?: number;
}

export interface App {
  port: number;
  url: string;
  db: Kysely<Database>;
  dbKind: DbKind;
  jobs: JobRuntime;
  services: Services;
  context: ServiceContext;
  adapters: PlatformAdapter[];
  http: HttpServer;
  stop(): Promise<void>;
}

const REDIS_DOWN_LOG_EVERY_MS = 60_000;

/** What the PGlite watchdog logs (with the holders' code locations) when a wait for its one connection is long. */
export const STALL_MESSAGE =
  'waiting for the embedded database for a long time: something holds its only connection (see holders)';

export async function startApp(options: AppOptions): Promise<App> {
  const { config, logger } = options;
  const clock = options.clock ?? systemClock;
  const random = options.random ?? systemRandom;
  const metrics = createMetrics();
  const timers: NodeJS.Timeout[] = [];

  const { key, generated } = resolveEncryptionKey(config.dataEncryptionKey, config.dataDir);
  if (generated) {
    logger.warn(
      { file: `${config.dataDir}/encryption.key` },
      'DATA_ENCRYPTION_KEY is not set: using a development key kept in DATA_DIR. Set DATA_ENCRYPTION_KEY in production.',
    );
  }
  const cipher = createTextCipher(
    key,
    config.previousEncryptionKeys.map((k) => Buffer.from(k, 'base64')),
  );

  const people = createPersonHasher(key);

  const database = await createDb({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    onPoolError: (error) =>
      logger.warn({ error: error.message }, 'database connection lost; the pool will reconnect'),
    onStall: (stall) => logger.warn(stall, STALL_MESSAGE),
  });
  await migrateToLatest(database.db);
  logger.info({ database: database.kind }, 'database ready, migrations applied');

  const jobs = new JobRuntime({
    redisUrl: config.redisUrl,
    redisCluster: config.redisCluster,
    prefix: config.queuePrefix,
    logger,
    metrics,
    repeatStrategy: rruleRepeatStrategy,
    budgets: {
      // Slack: chat.postMessage is about 1 message/s per conversation with short bursts; a workspace budget
      // keeps a large fan-out well under Slack's limits. Teams: the connector allows more per tenant.
      slack: { ratePerSecond: config.sendRates.slack, burst: smallBurst(config.sendRates.slack) },
      teams: { ratePerSecond: config.sendRates.teams, burst: smallBurst(config.sendRates.teams) },
      sandbox: { ratePerSecond: 200, burst: 200 },
    },
  });
  watchRedis(jobs, config.redisUrl, logger, timers);
  // Give Redis a moment so the first /readyz is meaningful; a Redis that is down does not stop the start.
  await waitForReady(jobs, 3_000);

  const platforms = new PlatformRegistry();
  const context: ServiceContext = {
    db: database.db,
    jobs,
    clock,
    random,
    cipher,
    people,
    logger,
    metrics,
    platforms,
    settings: { graceMs: options.graceMs ?? 2 * 3600_000, publicUrl: config.publicUrl },
    charts: createChartStore({
      redis: jobs.connection,
      prefix: jobs.prefix,
      dataKey: key,
      clock,
      random,
      publicUrl: config.publicUrl,
    }),
  };
  const services = createServices(context);

  let migrated = true;
  const http = createHttpServer({
    logger,
    metrics,
    metricsToken: config.metricsToken,
    readiness: async () => {
      const checks: Record<string, string> = {};
      let ready = true;
      try {
        await ping(database.db);
        migrated = migrated && (await migrationsApplied(database.db));
        checks.database = migrated ? 'ok' : 'migrations pending';
        ready &&= migrated;
      } catch (error) {
        ready = false;
        checks.database = `not answering: ${error instanceof Error ? error.message : 'unknown'}`;
      }
      try {
        await pingRedis(jobs.connection);
        checks.redis = 'ok';
      } catch (error) {
        ready = false;
        checks.redis = `not answering at ${safeUrl(config.redisUrl)}: ${error instanceof Error ? error.message : 'unknown'}`;
      }
      return { ready, checks };
    },
    beforeMetrics: async () => {
      const counts = await withTimeout(jobs.counts(), 500);
      for (const [queue, states] of Object.entries(counts)) {
        for (const [state, n] of Object.entries(states)) metrics.queueDepth.set({ queue, state }, n);
      }
    },
  });

  if (config.role !== 'worker') {
    mountRecordRoute(http.router, services.records, logger);
    mountChartRoute(http.router, context.charts, logger);
    mountExportRoute(http.router, services.exports, logger);
    mountPublicPages(http.router);
  }

  // Workers send too, so every process builds every configured platform's ports; only web processes mount routes.
  const adapters: PlatformAdapter[] = [];
  for (const factory of options.adapters ?? []) {
    const adapter = await factory({
      config,
      inbound: services.inbound,
      db: database.db,
      cipher,
      people,
      logger,
      metrics,
      clock,
      random,
    });
    if (!adapter) continue;
    if (config.role !== 'worker') adapter.mount(http.router);
    adapters.push(adapter);
  }
  for (const a of adapters) {
    platforms.register(a.messenger, a.directory);
    logger.info(a.describe());
  }

  if (config.role !== 'web') {
    services.registerJobs();
    jobs.startWorkers();
    const reconcile = async () => {
      await services.cadences.reconcileSoon();
      await services.cadences.catchUp();
    };
    const tick = () =>
      void reconcile().catch((error: unknown) =>
        logger.warn(
          { error: error instanceof Error ? error.message : 'unknown' },
          'schedule reconciliation failed; will retry',
        ),
      );
    jobs.connection.on('ready', tick);
    if (jobs.connection.status === 'ready') tick();
    timers.push(setInterval(tick, options.reconcileIntervalMs ?? 60_000));
  }

  // The sandbox has no login: it answers only under a loopback name, whatever address it listens on.
  if (adapters.some((a) => a.platform === 'sandbox')) http.restrictHosts(isLoopbackHostHeader);
  for (const a of adapters) await a.start?.();
  const port = await http.listen(config.port, config.host);
  const url = `http://127.0.0.1:${port}`;
  logger.info({ port, role: config.role }, `Roundtable is listening on ${url}`);

  let stopped = false;
  return {
    port,
    url,
    db: database.db,
    dbKind: database.kind,
    jobs,
    services,
    context,
    adapters,
    http,
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const t of timers) clearInterval(t);
      await http.close();
      for (const a of adapters) await a.stop?.().catch(() => {});
      await jobs.close(10_000);
      await database.close();
    },
  };
}

function watchRedis(jobs: JobRuntime, url: string, logger: Logger, timers: NodeJS.Timeout[]): void {
  let lastLog = 0;
  const report = () => {
    if (jobs.connection.status === 'ready') return;
    const now = Date.now();
    if (now - lastLog < REDIS_DOWN_LOG_EVERY_MS) return;
    lastLog = now;
    logger.warn(
      { redis: safeUrl(url) },
      'Redis is not answering; retrying. Jobs and schedules wait until it is back.',
    );
  };
  jobs.connection.on('error', report);
  timers.push(setInterval(report, REDIS_DOWN_LOG_EVERY_MS));
}

/**
 * A burst of a fifth of a second's budget: a whole second's burst at once reaches the platform in a bunch (queue and
 * network latency reorder it) that its own token bucket counts as early, and answers 429.
 */
function smallBurst(ratePerSecond: number): number {
  return Math.max(1, Math.ceil(ratePerSecond / 5));
}

function waitForReady(jobs: JobRuntime, ms: number): Promise<void> {
  if (jobs.connection.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      jobs.connection.off('ready', done);
      resolve();
    }
    jobs.connection.once('ready', done);
  });
}

async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
