/**
 * Job schedulers are rebuilt from Postgres, the source of truth: at start, after every cadence change, and after
 * Redis lost its data. One scheduler per cadence; for `local` cadences one per distinct member zone, so each member
 * is reached at their own wall-clock time.
 */
import type { Queue, RepeatStrategy } from 'bullmq';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { nextOccurrences } from '../core/schedule/index.js';
import type { Logger } from '../log.js';
import { listActiveCadences, memberZones } from '../store/cadence.repository.js';
import { newLeaseHolder, releaseLease, takeLease } from '../store/lease.repository.js';

/**
 * Serialises reconciliation across processes: concurrent upserts of one scheduler misbehave (docs/PITFALLS.md). A lease
 * (a row), not an advisory lock: a lock is held by a connection, and holding PGlite's only connection while
 * awaiting Redis froze the embedded app, most of all with Redis down.
 */
const RECONCILE_LEASE = 'scheduler-reconcile';
/** A reconcile of 5,000 cadences takes about a second; a holder silent for this long has died. */
const RECONCILE_LEASE_MS = 120_000;
/** How long a second caller waits for the first to finish before leaving the work to it. */
const RECONCILE_WAIT_MS = 15_000;
const RECONCILE_POLL_MS = 100;
const UPSERT_BATCH = 32;

export function schedulerId(cadenceId: number, zone: string): string {
  // BullMQ ids must not contain ':' (docs/PITFALLS.md); IANA zones never do.
  return `cadence-${cadenceId}@${zone}`;
}

/** BullMQ's `pattern` holds our RRULE (with DTSTART); this computes the next firing after `millis`. */
export const rruleRepeatStrategy: RepeatStrategy = (millis, opts) => {
  if (!opts.pattern) return undefined;
  const next = nextOccurrences(
    { rrule: opts.pattern, zone: opts.tz ?? 'UTC', text: '' },
    opts.tz ?? 'UTC',
    new Date(millis),
    2,
  ).find((d: Date) => d.getTime() > millis);
  return next?.getTime();
};

export interface DesiredScheduler {
  id: string;
  cadenceId: number;
  zone: string;
  rrule: string;
}

/** What the schedulers should be, read from Postgres. */
export async function desiredSchedulers(db: Kysely<Database>): Promise<DesiredScheduler[]> {
  const out: DesiredScheduler[] = [];
  for (const c of await listActiveCadences(db)) {
    const zones = c.zone === 'local' ? await memberZones(db, c.workspace_id, c.workspace_timezone) : [c.zone];
    for (const zone of zones)
      out.push({ id: schedulerId(c.id, zone), cadenceId: c.id, zone, rrule: c.rrule });
  }
  return out;
}

/** A fixed-interval task scheduler on the tasks queue (sweeps). */
export interface PeriodicScheduler {
  id: string;
  everyMs: number;
  task: string;
}

/** Periodic schedulers carry this prefix, so reconciliation never touches any other scheduler of the queue. */
const PERIODIC_PREFIX = 'periodic-';

export async function reconcileSchedulers(deps: {
  db: Kysely<Database>;
  queue: Queue;
  logger: Logger;
  tasksQueue?: Queue;
  periodic?: PeriodicScheduler[];
}): Promise<{ upserted: number; removed: number }> {
  const { db, queue, logger } = deps;
  const holder = newLeaseHolder();
  const deadline = Date.now() + RECONCILE_WAIT_MS;
  while (!(await takeLease(db, RECONCILE_LEASE, holder, new Date(), RECONCILE_LEASE_MS))) {
    if (Date.now() > deadline) {
      // The holder reads Postgres after our caller's change committed only if it started later; the next periodic
      // reconcile (and the one after any change) catches up either way.
      logger.warn('job schedulers not reconciled: another process has been reconciling for a long time');
      return { upserted: 0, removed: 0 };
    }
    await new Promise((r) => setTimeout(r, RECONCILE_POLL_MS));
  }
  try {
    const desired = await desiredSchedulers(db);
    const wanted = new Map(desired.map((d) => [d.id, d]));
    const existing = await queue.getJobSchedulers(0, -1);
    let removed = 0;
    for (const s of existing) {
      const want = s.key ? wanted.get(s.key) : undefined;
      if (!want) {
        await queue.removeJobScheduler(s.key);
        removed++;
      } else if (s.pattern === want.rrule && s.tz === want.zone && s.next) {
        wanted.delete(s.key); // unchanged and alive: leave its next run alone
      }
    }
    // A few upserts in flight at once: one Redis round trip at a time made a 5,000-cadence rebuild slow.
    const pending = [...wanted.values()];
    for (let i = 0; i < pending.length; i += UPSERT_BATCH) {
      await Promise.all(
        pending
          .slice(i, i + UPSERT_BATCH)
          .map((d) =>
            queue.upsertJobScheduler(
              d.id,
              { pattern: d.rrule, tz: d.zone },
              { name: 'fire', data: { cadenceId: d.cadenceId, zone: d.zone }, opts: { attempts: 3 } },
            ),
          ),
      );
    }
    if (deps.tasksQueue) await reconcilePeriodic(deps.tasksQueue, deps.periodic ?? []);
    if (wanted.size > 0 || removed > 0) {
      logger.info({ upserted: wanted.size, removed, total: desired.length }, 'job schedulers reconciled');
    }
    return { upserted: wanted.size, removed };
  } finally {
    await releaseLease(db, RECONCILE_LEASE, holder);
  }
}

async function reconcilePeriodic(queue: Queue, periodic: PeriodicScheduler[]): Promise<void> {
  const wanted = new Map(periodic.map((p) => [`${PERIODIC_PREFIX}${p.id}`, p]));
  for (const s of await queue.getJobSchedulers(0, -1)) {
    if (!s.key.startsWith(PERIODIC_PREFIX)) continue;
    const want = wanted.get(s.key);
    if (!want) await queue.removeJobScheduler(s.key);
    else if (Number(s.every) === want.everyMs && s.name === want.task) wanted.delete(s.key);
  }
  for (const [id, p] of wanted) {
    await queue.upsertJobScheduler(id, { every: p.everyMs }, { name: p.task, data: {} });
  }
}
