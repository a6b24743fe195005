/**
 * Cadences live in Postgres and are reconciled into BullMQ job schedulers: created, changed, paused, deleted,
 * rebuilt after Redis lost them, one per member zone for `local` cadences; missed firings are caught up once
 * within the grace window, otherwise recorded as skipped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actor, messageText } from '../../helpers/actors.js';
import { Cluster } from 'ioredis';
import { deleteKeys, redisKeys, testRedis } from '../../helpers/redis.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

let app: TestApp;
const admin = actor('UADMIN', { timezone: 'Europe/London' });

async function say(text: string): Promise<string> {
  return messageText((await app.services.inbound.command({ actor: admin, text, channelId: 'C1' })).message);
}

async function schedulers() {
  return (await app.jobs.queues.cadence.getJobSchedulers(0, -1)).map((s) => ({
    key: s.key,
    tz: s.tz,
    next: s.next,
  }));
}

beforeAll(async () => {
  app = await startTestApp({ label: 'sched' });
  await app.services.inbound.installed({ platform: 'sandbox', workspaceId: 'W-test', installer: admin });
});
afterAll(async () => {
  await app?.close();
});

describe('cadence schedulers', () => {
  it('starts with none, and a schedule creates one whose next run matches the rule', async () => {
    expect(await schedulers()).toEqual([]);
    const reply = await say('pairing schedule every week on monday at 09:00 Europe/London size 3');
    expect(reply).toMatch(/Scheduled pairing rounds \(groups of 3\) 1/);
    const list = await schedulers();
    expect(list).toHaveLength(1);
    expect(list[0]!.key).toBe('cadence-1@Europe/London');
    // The next Monday 09:00 in London (BullMQ computes from real time, so check the wall-clock shape).
    const next = new Date(list[0]!.next!);
    const parts = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
    }).format(next);
    expect(parts).toBe('Mon 09:00');
  });

  it('a local cadence gets one scheduler per member zone', async () => {
    await app.services.inbound.command({
      actor: actor('UNY', { timezone: 'America/New_York' }),
      text: 'help',
    });
    await app.services.inbound.command({ actor: actor('UIN', { timezone: 'Asia/Kolkata' }), text: 'help' });
    await say('checkin schedule every weekday at 09:30 to everyone');
    const keys = (await schedulers()).map((s) => s.key).sort();
    expect(keys).toEqual([
      'cadence-1@Europe/London',
      'cadence-2@America/New_York',
      'cadence-2@Asia/Kolkata',
      'cadence-2@Europe/London',
    ]);
    const ny = (await schedulers()).find((s) => s.key === 'cadence-2@America/New_York')!;
    const hm = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'America/New_York',
      hour: '2-digit',
      minute: '2-digit',
    }).format(new Date(ny.next!));
    expect(hm).toBe('09:30');
  });

  it('pause removes the scheduler, resume brings it back, delete removes it for good', async () => {
    await say('checkin pause 2');
    expect((await schedulers()).map((s) => s.key)).toEqual(['cadence-1@Europe/London']);
    await say('checkin resume 2');
    expect(await schedulers()).toHaveLength(4);
    await say('checkin delete 2');
    expect((await schedulers()).map((s) => s.key)).toEqual(['cadence-1@Europe/London']);
    expect(await say('checkin pause 2')).toContain('There is no checkin cadence with id 2');
  });

  it('on a Redis Cluster, every key of the app hashes to one slot (the prefix is a hash tag)', async () => {
    const target = testRedis();
    if (!target.cluster) {
      expect(app.jobs.prefix).toBe(app.prefix);
      return;
    }
    expect(app.jobs.connection).toBeInstanceOf(Cluster);
    expect(app.jobs.prefix).toBe(`{${app.prefix}}`);
    const keys = await redisKeys(target, `${app.jobs.prefix}:*`);
    expect(keys.length).toBeGreaterThan(3);
    const slots = new Set(await Promise.all(keys.map((k) => app.jobs.connection.cluster('KEYSLOT', k))));
    expect(slots.size).toBe(1);
  });

  it('Redis losing everything is repaired from Postgres', async () => {
    const keys = await redisKeys(testRedis(), `${app.jobs.prefix}:cadence:*`);
    expect(keys.length).toBeGreaterThan(0);
    await deleteKeys(testRedis(), keys);
    expect(await schedulers()).toEqual([]);
    await app.services.cadences.reconcileSoon();
    expect((await schedulers()).map((s) => s.key)).toEqual(['cadence-1@Europe/London']);
    // The periodic sweeps (retention, lost deliveries, sessions, pairing) are rebuilt too, once each.
    const periodic = (await app.jobs.queues.tasks.getJobSchedulers(0, -1)).map((s) => s.key).sort();
    expect(periodic).toEqual([
      'periodic-checkin-retention',
      'periodic-delivery-sweep',
      'periodic-pairing-sweep',
      'periodic-sessions-sweep',
    ]);
    // Reconciling again changes nothing.
    const before = await schedulers();
    await app.services.cadences.reconcileSoon();
    expect(await schedulers()).toEqual(before);
  });

  it('a missed firing inside the grace window is caught up once; outside it is recorded as skipped', async () => {
    // Cadence 1 fires Mondays 09:00 London. The app's clock says Monday 2026-03-02 09:00 UTC (= 09:00 London).
    const cadence = await app.db
      .selectFrom('cadences')
      .selectAll()
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    await app.db
      .updateTable('cadences')
      .set({ updated_at: new Date('2026-02-01T00:00:00Z') })
      .where('id', '=', 1)
      .execute();
    app.clock.set(new Date('2026-03-02T10:00:00Z')); // one hour late: inside the 2 h window
    let result = await app.services.cadences.catchUp();
    expect(result).toEqual({ caughtUp: 1, skipped: 0 });
    // Fire it as the catch-up task would (the worker may already have): exactly one occurrence either way.
    await app.services.cadences.fire(1, 'Europe/London', new Date('2026-03-02T09:00:00Z'));
    await app.services.cadences.fire(1, 'Europe/London', new Date('2026-03-02T09:00:00Z'));
    let rows = await app.db
      .selectFrom('occurrences')
      .selectAll()
      .where('cadence_id', '=', cadence.id)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.status).not.toBe('skipped');
    result = await app.services.cadences.catchUp();
    expect(result).toEqual({ caughtUp: 0, skipped: 0 });

    app.clock.set(new Date('2026-03-09T13:00:00Z')); // four hours after Monday 9 March 09:00: outside
    result = await app.services.cadences.catchUp();
    expect(result).toEqual({ caughtUp: 0, skipped: 1 });
    rows = await app.db
      .selectFrom('occurrences')
      .selectAll()
      .where('cadence_id', '=', cadence.id)
      .orderBy('id')
      .execute();
    expect(rows).toHaveLength(2);
    expect(rows[1]!.status).toBe('skipped');
    expect(rows[1]!.skip_reason).toContain('grace');
  });
});
