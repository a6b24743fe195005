/**
 * Check-ins under stress on real Postgres and Redis: two workers on one fan-out, rate limits mid fan-out, a
 * flushed Redis, and firings missed inside and outside the grace window.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schedulerId } from '../../../src/jobs/scheduler-reconcile.js';
import { Recording, recordingPlatform } from '../../fakes/recording-platform.js';
import { deleteKeys, redisKeys, testRedis } from '../../helpers/redis.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { ADMIN, install, occurrenceFor, say, says, statuses, waitFor, waitForRound } from './helpers.js';

const HOUR = 3600_000;
const SCHEDULE = 'checkin schedule every month on first monday at 03:00 Europe/London';

let app: TestApp;
let second: TestApp | undefined;
const rec = new Recording();

beforeAll(async () => {
  app = await startTestApp({ label: 'checkinrel', adapters: [recordingPlatform(rec)] });
  await install(app);
}, 60_000);

afterAll(async () => {
  await second?.close();
  await app?.close();
});

async function cadenceIn(channel: string): Promise<number> {
  const reply = await say(app, ADMIN, SCHEDULE, channel);
  const id = /check-in (\d+)/.exec(says(reply))?.[1];
  expect(id).toBeDefined();
  return Number(id);
}

describe('two workers on one fan-out', () => {
  it('sends each of 300 members exactly one DM', async () => {
    rec.setRoster(
      'BIG',
      Array.from({ length: 300 }, (_, i) => ({ userId: `P${i}` })),
    );
    // A second app instance (its own worker processes in spirit) on the same database and queue prefix.
    second = await startTestApp({
      label: 'checkinrel2',
      databaseUrl: app.databaseUrl,
      prefix: app.prefix,
      clock: app.clock,
      adapters: [recordingPlatform(rec)],
    });
    const cadenceId = await cadenceIn('BIG');
    const at = app.clock.now();
    // Both instances receive the firing (as after a duplicated scheduler): still one occurrence, one DM each.
    await Promise.all([
      app.services.cadences.fire(cadenceId, 'Europe/London', at),
      second.services.cadences.fire(cadenceId, 'Europe/London', at),
    ]);
    const occurrence = await occurrenceFor(app, cadenceId, at);
    await waitForRound(app, occurrence, 300);
    expect(await statuses(app, occurrence)).toEqual({ sent: 300 });
    const counts = rec.dmCounts();
    expect(counts.size).toBe(300);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(rec.directs).toHaveLength(300);
    await second.close();
    second = undefined;
  }, 60_000);
});

describe('rate limits mid fan-out', () => {
  it('parks the refused sends and reaches everybody once; status shows the wait', async () => {
    rec.clear();
    rec.setRoster(
      'RL',
      Array.from({ length: 40 }, (_, i) => ({ userId: `R${i}` })),
    );
    const cadenceId = await cadenceIn('RL');
    app.clock.advance(HOUR);
    const at = app.clock.now();
    rec.rateLimitNext(3, 1_500);
    await app.services.cadences.fire(cadenceId, 'Europe/London', at);
    const occurrence = await occurrenceFor(app, cadenceId, at);
    await waitFor(
      'a delivery waiting on a rate limit',
      async () => (await statuses(app, occurrence))['rate-limited'],
    );
    const status = says(await say(app, ADMIN, 'status'));
    expect(status).toMatch(
      /Check-in round \d+ \(schedule \d+\): \d+% done, for about 40 people, some waiting on a rate limit/,
    );
    const list = says(await say(app, ADMIN, 'checkin list'));
    expect(list).toMatch(/sending now: \d+% done, for about 40 people/);

    await waitForRound(app, occurrence, 40);
    expect(await statuses(app, occurrence)).toEqual({ sent: 40 });
    expect(rec.rateLimitedCount).toBe(3);
    const counts = rec.dmCounts();
    expect(counts.size).toBe(40);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  }, 60_000);
});

describe('stop while a check-in is still queued', () => {
  it('sends nothing to the person who said stop, and the round still finishes', async () => {
    rec.clear();
    rec.setRoster('ST', [{ userId: 'T1' }, { userId: 'T2' }, { userId: 'T3' }]);
    const cadenceId = await cadenceIn('ST');
    app.clock.advance(HOUR);
    const at = app.clock.now();
    // Hold every check-in in the queue: the fan-out has written the rows and enqueued the jobs, none has run.
    await app.jobs.queues.outbox.pause();
    try {
      await app.services.cadences.fire(cadenceId, 'Europe/London', at);
      const occurrence = await occurrenceFor(app, cadenceId, at);
      await waitFor('three queued check-ins', async () => (await statuses(app, occurrence)).pending === 3);
      await say(app, 'T2', 'stop');
      await app.jobs.queues.outbox.resume();
      await waitForRound(app, occurrence, 3);
      expect(await statuses(app, occurrence)).toEqual({ sent: 2, skipped: 1 });
      expect(rec.dmsTo('T2')).toHaveLength(0);
      expect(rec.dmsTo('T1')).toHaveLength(1);
      const row = await app.db
        .selectFrom('deliveries')
        .innerJoin('members', 'members.id', 'deliveries.member_id')
        .select(['deliveries.skip_reason'])
        .where('deliveries.occurrence_id', '=', occurrence)
        .where('members.external_id', '=', 'T2')
        .executeTakeFirstOrThrow();
      expect(row.skip_reason).toBe('stopped');
      await waitFor('the round marked done', async () => {
        const o = await app.db
          .selectFrom('occurrences')
          .select('status')
          .where('id', '=', occurrence)
          .executeTakeFirstOrThrow();
        return o.status === 'done';
      });
    } finally {
      await app.jobs.queues.outbox.resume();
    }
  }, 60_000);
});

describe('missed firings', () => {
  it('catches up a firing inside the grace window and skips one outside it', async () => {
    rec.clear();
    rec.setRoster('GR', [{ userId: 'G1' }, { userId: 'G2' }]);
    const cadenceId = await cadenceIn('GR');
    app.clock.advance(HOUR);

    const outside = new Date(app.clock.now().getTime() - 3 * HOUR);
    await app.services.cadences.fire(cadenceId, 'Europe/London', outside);
    const skipped = await app.db
      .selectFrom('occurrences')
      .selectAll()
      .where('cadence_id', '=', cadenceId)
      .executeTakeFirstOrThrow();
    expect(skipped.status).toBe('skipped');
    expect(skipped.skip_reason).toContain('grace window');

    const inside = new Date(app.clock.now().getTime() - HOUR);
    await app.services.cadences.fire(cadenceId, 'Europe/London', inside);
    const occurrence = await occurrenceFor(app, cadenceId, inside);
    await waitForRound(app, occurrence, 2);
    expect(rec.directs).toHaveLength(2);
    const rows = await app.db
      .selectFrom('deliveries')
      .select('id')
      .where('occurrence_id', '=', skipped.id)
      .execute();
    expect(rows).toHaveLength(0);
  });

  it('catchUp fires a firing missed while down within grace, once', async () => {
    rec.clear();
    rec.setRoster('CU', [{ userId: 'K1' }, { userId: 'K2' }, { userId: 'K3' }]);
    // Created on Sunday; the app "wakes" on Monday 04:00 UTC, an hour after the 03:00 firing it missed.
    app.clock.set(new Date('2026-03-29T12:00:00Z'));
    const cadenceId = await cadenceIn('CU');
    await app.db.updateTable('cadences').set({ paused: true }).where('id', '!=', cadenceId).execute();
    app.clock.set(new Date('2026-04-06T03:00:00Z')); // 04:00 BST = 03:00 UTC, first Monday of April
    app.clock.advance(HOUR);
    const result = await app.services.cadences.catchUp();
    expect(result.caughtUp).toBe(1);
    const at = new Date('2026-04-06T02:00:00Z'); // 03:00 in London (BST)
    const occurrence = await occurrenceFor(app, cadenceId, at);
    await waitForRound(app, occurrence, 3);
    expect(rec.directs).toHaveLength(3);
    // A second catch-up finds the occurrence recorded and does nothing.
    expect((await app.services.cadences.catchUp()).caughtUp).toBe(0);
  });
});

describe('a flushed Redis', () => {
  it('is rebuilt from Postgres by reconcileSoon', async () => {
    const cadences = await app.db.selectFrom('cadences').select('id').where('paused', '=', false).execute();
    expect(cadences.length).toBeGreaterThan(0);
    // Every key of this app's queues, on a single Redis or across a cluster's nodes.
    await deleteKeys(testRedis(), await redisKeys(testRedis(), `${app.jobs.prefix}:*`));
    expect(await app.jobs.queues.cadence.getJobSchedulers(0, -1)).toHaveLength(0);
    await app.services.cadences.reconcileSoon();
    const ids = (await app.jobs.queues.cadence.getJobSchedulers(0, -1)).map((s) => s.key).sort();
    expect(ids).toEqual(cadences.map((c) => schedulerId(c.id, 'Europe/London')).sort());
  });
});
