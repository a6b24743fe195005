/**
 * Job schedulers are rebuilt from Postgres, the source of truth: at start, after every cadence change, and after
 * Redis lost its data. One scheduler per cadence; for `local` cadences one per distinct member zone, so each member
 * is reached at their own wall-clock time.
 */
import type { Queue, RepeatStrategy } from 'bullmq';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.js';
import { nextOccurrences } from '../core/schedule/index.js';
import type { Logger } from '../log.js';
import { listActiveCadences, memberZones } from '../store/cadence.repository.js';

/** Serialises reconciliation across processes: concurrent upserts of one scheduler misbehave (PITFALLS.md). */
const RECONCILE_LOCK = 0x52_54_01;
const UPSERT_BATCH = 32;

export function schedulerId(cadenceId: number, zone: string): string {
  // BullMQ ids must not contain ':' (PITFALLS.md); IANA zones never do.
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
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${RECONCILE_LOCK})`.execute(conn);
    try {
      const desired = await desiredSchedulers(conn);
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
      await sql`select pg_advisory_unlock(${RECONCILE_LOCK})`.execute(conn);
    }
  });
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
