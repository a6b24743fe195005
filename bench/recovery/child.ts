/**
 * Child process of the recovery benchmark. Against an already seeded database: build the schedulers as the app
 * does at start, delete every key under this run's prefix (never FLUSHALL: the Redis is shared), then time
 * `reconcileSchedulers` rebuilding them all from Postgres. The baseline, in the same process and run, upserts
 * the same number of schedulers with a plain cron pattern straight into BullMQ (no Postgres, no RRULE).
 */
import { Queue } from 'bullmq';
import { createDb } from '../../db/index.js';
import { QUEUES } from '../../src/jobs/queue-names.js';
import { createRedis } from '../../src/jobs/redis.js';
import { reconcileSchedulers, rruleRepeatStrategy } from '../../src/jobs/scheduler-reconcile.js';
import { createLogger } from '../../src/log.js';
import { childInput, reportResult } from '../lib/child.js';
import { selfPeakRssMb } from '../lib/proc.js';
import { deletePrefix } from '../lib/redis-prefix.js';

export interface RecoveryInput {
  databaseUrl: string;
  redisUrl: string;
  prefix: string;
  expectedSchedulers: number;
}

export interface RecoveryOutput {
  initialMs: number;
  deletedKeys: number;
  flushMs: number;
  recoveryMs: number;
  recoveryCpuMs: number;
  rebuilt: number;
  baselineMs: number;
  baselineCpuMs: number;
  peakRssMb: number;
}

/** The baseline: `count` schedulers with a fixed cron pattern, straight into BullMQ. */
async function upsertPlain(queue: Queue, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await queue.upsertJobScheduler(
      `cadence-${i}`,
      { pattern: '30 9 * * 1-5', tz: 'Europe/London' },
      { name: 'fire', data: { cadenceId: i, zone: 'Europe/London' }, opts: { attempts: 3 } },
    );
  }
}

async function main(): Promise<void> {
  const input = childInput<RecoveryInput>();
  const logger = createLogger('silent');
  const { db, close } = await createDb({ databaseUrl: input.databaseUrl, dataDir: '/tmp' });
  const connection = createRedis({ url: input.redisUrl, cluster: false });
  const queue = new Queue(QUEUES.cadence, {
    connection,
    prefix: input.prefix,
    settings: { repeatStrategy: rruleRepeatStrategy },
  });
  const basePrefix = `${input.prefix}-base`;
  const baseQueue = new Queue(QUEUES.cadence, { connection, prefix: basePrefix });
  try {
    let t = performance.now();
    await reconcileSchedulers({ db, queue, logger });
    const initialMs = performance.now() - t;
    const before = await queue.getJobSchedulersCount();
    if (before !== input.expectedSchedulers)
      throw new Error(`initial reconcile built ${before} schedulers, expected ${input.expectedSchedulers}`);

    t = performance.now();
    const deletedKeys = await deletePrefix(connection, input.prefix);
    const flushMs = performance.now() - t;
    if ((await queue.getJobSchedulersCount()) !== 0) throw new Error('schedulers survived the prefix delete');

    const cpu = process.cpuUsage();
    t = performance.now();
    const { upserted } = await reconcileSchedulers({ db, queue, logger });
    const recoveryMs = performance.now() - t;
    const used = process.cpuUsage(cpu);
    const rebuilt = await queue.getJobSchedulersCount();
    if (rebuilt !== input.expectedSchedulers || upserted !== rebuilt)
      throw new Error(`rebuilt ${rebuilt} (upserted ${upserted}), expected ${input.expectedSchedulers}`);

    // Warm the baseline's code path too (cron parsing), as the rebuild above ran warm after the first build.
    await upsertPlain(baseQueue, 500);
    await deletePrefix(connection, basePrefix);
    const baseCpu = process.cpuUsage();
    t = performance.now();
    await upsertPlain(baseQueue, input.expectedSchedulers);
    const baselineMs = performance.now() - t;
    const baseUsed = process.cpuUsage(baseCpu);

    reportResult({
      initialMs,
      deletedKeys,
      flushMs,
      recoveryMs,
      recoveryCpuMs: (used.user + used.system) / 1000,
      rebuilt,
      baselineMs,
      baselineCpuMs: (baseUsed.user + baseUsed.system) / 1000,
      peakRssMb: selfPeakRssMb(),
    } satisfies RecoveryOutput);
  } finally {
    await deletePrefix(connection, input.prefix).catch(() => 0);
    await deletePrefix(connection, basePrefix).catch(() => 0);
    await queue.close();
    await baseQueue.close();
    connection.disconnect();
    await close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
