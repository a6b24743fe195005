/**
 * Recovery: 5,000 cadences in Postgres; Redis loses this app's keys; how long until `reconcileSchedulers` has
 * rebuilt every job scheduler from Postgres.
 */
import { randomBytes } from 'node:crypto';
import { REDIS_URL } from '../../test/helpers/redis.js';
import { runChild } from '../lib/child.js';
import { seedDatabase } from '../lib/seed.js';
import type { Benchmark } from '../types.js';
import type { RecoveryInput, RecoveryOutput } from './child.js';

const CADENCES = 5_000;

export const recoveryBenchmark: Benchmark = {
  name: 'recovery',
  title: 'Recovery: rebuilding job schedulers after Redis lost them',
  description:
    `A fresh database (app migrations) with 10 workspaces of 5 members and ${CADENCES.toLocaleString('en-GB')} ` +
    "cadences inserted directly (12 schedules through the real grammar, 6 zones, every 4th check-in on members' " +
    'own zones, so a few cadences need one scheduler per member zone). A child process builds the schedulers as ' +
    'the app does at start, deletes every Redis key under its own QUEUE_PREFIX, then times one ' +
    '`reconcileSchedulers` call (src/jobs/scheduler-reconcile.ts) from start to every scheduler back, checked ' +
    "against the app's own `desiredSchedulers` count.",
  baseline:
    'in the same child and run, the same number of `upsertJobScheduler` calls with a fixed cron pattern on a second ' +
    'prefix: the cost of BullMQ itself, with no Postgres read and no RRULE arithmetic.',
  notes: [
    'The "flush" deletes only the keys under this run\'s prefix (SCAN + UNLINK). FLUSHALL is never used: the ' +
      'Redis on this machine is shared with other work.',
    'Not included: how long a running app takes to notice. The app reconciles at start, when its Redis connection ' +
      'becomes ready again, and every 60 s (`reconcileIntervalMs`); keys deleted under a live connection are ' +
      'noticed at the next 60-s tick, so worst-case detection adds up to 60 s to the figure here.',
    "The warm figure is the target's case (a running app rebuilding after losing its keys); the cold figure is the " +
      'same work as the first thing a restarted process does, and is held to the same 10 s.',
    'If the baseline (fixed cron pattern) comes out slower than ours, see the CPU row: it spends more CPU per ' +
      'upsert, most likely BullMQ parsing the cron pattern (cron-parser) each time. Either way the floor is ' +
      "BullMQ's own per-upsert work, not the Postgres read.",
    'The database is dropped and both prefixes deleted at the end of every run, also on failure.',
  ],
  timeoutMs: 4 * 60_000,
  async run(context) {
    context.log('seeding the database');
    const seeded = await seedDatabase('benchrecovery', {
      workspaces: 10,
      membersPerWorkspace: 5,
      cadences: CADENCES,
      localEvery: 4,
    });
    const prefix = `rt-bench-recovery-${randomBytes(4).toString('hex')}`;
    try {
      context.log(`rebuilding ${seeded.expectedSchedulers} schedulers`);
      const out = await runChild<RecoveryOutput>(
        'bench/recovery/child.ts',
        {
          databaseUrl: seeded.database.url,
          redisUrl: REDIS_URL,
          prefix,
          expectedSchedulers: seeded.expectedSchedulers,
        } satisfies RecoveryInput,
        { timeoutMs: 3 * 60_000 },
      );
      const perSecond = (n: number, ms: number) => (1000 * n) / ms;
      return {
        schedulers: { label: 'schedulers rebuilt (cadences × zones)', value: out.rebuilt, unit: '' },
        recovery: {
          label: 'time from the prefix delete to every scheduler rebuilt (warm process)',
          value: out.recoveryMs / 1000,
          baseline: out.baselineMs / 1000,
          unit: 's',
          decimals: 2,
          target: { max: 10 },
          limits:
            'reconcileSchedulers upserts schedulers one at a time under one lease: one awaited Redis round ' +
            'trip and one RRULE evaluation (Temporal polyfill) each, so it is latency-bound, not CPU-bound.',
        },
        rate: {
          label: 'schedulers rebuilt per second',
          value: perSecond(out.rebuilt, out.recoveryMs),
          baseline: perSecond(out.rebuilt, out.baselineMs),
          unit: '/s',
          decimals: 0,
        },
        cpu: {
          label: 'CPU of the rebuild in the app process',
          value: out.recoveryCpuMs,
          baseline: out.baselineCpuMs,
          unit: 'ms',
          decimals: 0,
        },
        initial: {
          label: 'the same rebuild in a cold process (first build, as after a restart with Redis emptied)',
          value: out.initialMs / 1000,
          unit: 's',
          decimals: 2,
          target: { max: 10 },
          limits:
            'the same sequential upserts as the warm rebuild, plus cold code (JIT, first RRULE and Temporal use, ' +
            'pool connections). Both are bounded by one awaited Redis round trip per scheduler; pipelining the ' +
            'upserts or running a few at once is the obvious next step.',
        },
        flush: {
          label: `deleting the prefix's keys (${out.deletedKeys.toLocaleString('en-GB')} keys)`,
          value: out.flushMs,
          unit: 'ms',
          decimals: 0,
        },
        rss: { label: 'peak RSS of the child', value: out.peakRssMb, unit: 'MB' },
      };
    } finally {
      await seeded.database.drop();
    }
  },
};
