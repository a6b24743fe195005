/**
 * Fault: two web and two worker processes on one Redis and one Postgres (`ROUNDTABLE_ROLE=web|worker`), all started
 * at once on an empty database. Commands work through either web process, a fan-out is shared by both workers
 * with no duplicate sends, and each cadence has exactly one job scheduler.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schedulerId } from '../../../src/jobs/scheduler-reconcile.js';
import { FakeSlack } from '../../fakes/fake-slack.js';
import { type AppProcess, AppProcessGroup } from '../../helpers/app-process.js';
import { REDIS_URL, testPrefix } from '../../helpers/redis.js';
import {
  ADMIN,
  cadenceSchedulers,
  deliveriesOf,
  duplicates,
  type FaultDatabase,
  memberCount,
  metric,
  migratedDatabase,
  nowOccurrence,
  postsPerDelivery,
  seedMembers,
  slackEnv,
  slash,
  TEAM,
  waitForRoundDone,
  workspaceId,
} from './fault-helpers.js';

const MEMBERS = 300;
const SENT = 'roundtable_sends_total{platform="slack",kind="checkin",outcome="sent"}';

const procs = new AppProcessGroup();
const fake = new FakeSlack();
const queue = testPrefix('scaled');
let fdb: FaultDatabase;
let webA: AppProcess;
let webB: AppProcess;
let workerA: AppProcess;
let workerB: AppProcess;

beforeAll(async () => {
  await fake.start();
  fake.addWorkspace(TEAM).setUsers([{ id: ADMIN, real_name: 'Ada Admin', is_admin: true }]);
  // Not migrated: the four processes start together and migrate it between them.
  fdb = await migratedDatabase('scaled', false);
  const options = (label: string, role: 'web' | 'worker') => ({
    label,
    role,
    databaseUrl: fdb.url,
    prefix: queue.prefix,
    redisUrl: REDIS_URL,
    slack: slackEnv(fake.url),
  });
  [webA, webB, workerA, workerB] = await Promise.all([
    procs.start(options('web-a', 'web')),
    procs.start(options('web-b', 'web')),
    procs.start(options('worker-a', 'worker')),
    procs.start(options('worker-b', 'worker')),
  ]);
}, 120_000);

afterAll(async () => {
  await procs.killAll();
  await fake.stop();
  await queue.cleanup();
  await fdb?.drop();
}, 60_000);

describe('two web and two worker processes', () => {
  it('take commands through either web process and keep one scheduler per cadence', async () => {
    // Both web processes announced the same workspace at start: one row.
    const workspace = await workspaceId(fdb.db);
    await seedMembers(fdb.db, workspace, MEMBERS);

    // Two schedules at the same moment, one through each web process (two reconciliations racing).
    const [a, b] = await Promise.all([
      slash(webA, fake, 'checkin schedule every weekday at 09:30 Europe/London to everyone'),
      slash(webB, fake, 'checkin schedule every week on mon at 4pm Europe/Paris to role manager'),
    ]);
    expect(a).toMatch(/^Scheduled check-in \d+/);
    expect(b).toMatch(/^Scheduled check-in \d+/);
    // The same audience again through the other web process replaces, not duplicates.
    expect(
      await slash(webB, fake, 'checkin schedule every weekday at 10:00 Europe/London to everyone'),
    ).toMatch(/^Updated check-in \d+/);

    const cadences = await fdb.db.selectFrom('cadences').select(['id', 'zone']).execute();
    expect(cadences).toHaveLength(2);
    const expected = cadences.map((c) => schedulerId(c.id, c.zone)).sort();
    expect(await cadenceSchedulers(REDIS_URL, queue.prefix)).toEqual(expected);

    const list = await slash(webA, fake, 'checkin list');
    for (const c of cadences) expect(list).toContain(String(c.id));
  });

  it('sends a fan-out through both workers with no duplicate sends', async () => {
    const workspace = await workspaceId(fdb.db);
    const reply = await slash(webB, fake, 'checkin now to everyone');
    expect(reply).toContain('Sending a check-in now to everyone');
    const occurrence = await nowOccurrence(fdb.db);
    const total = await memberCount(fdb.db, workspace);
    expect(total).toBe(MEMBERS + 1);
    expect(await waitForRoundDone(fdb.db, occurrence, total, 90_000)).toEqual({ sent: total });

    const rows = await deliveriesOf(fdb.db, occurrence);
    const posts = postsPerDelivery(fake);
    expect(rows.filter((r) => !posts.has(r.id))).toEqual([]);
    const dup = duplicates(posts);
    expect(dup.extra, `duplicate sends: deliveries ${dup.deliveries.join(', ')}`).toBe(0);

    // Both workers took part, and between them they sent each check-in once.
    const sentA = await metric(workerA, SENT);
    const sentB = await metric(workerB, SENT);
    expect(sentA + sentB).toBe(total);
    expect(sentA).toBeGreaterThan(0);
    expect(sentB).toBeGreaterThan(0);
    expect(await metric(webA, SENT)).toBe(0);

    // Still one scheduler per cadence after all that.
    const cadences = await fdb.db.selectFrom('cadences').select(['id', 'zone']).execute();
    expect(await cadenceSchedulers(REDIS_URL, queue.prefix)).toEqual(
      cadences.map((c) => schedulerId(c.id, c.zone)).sort(),
    );
  }, 120_000);
});
