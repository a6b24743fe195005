/**
 * The set-up both fan-out fault tests share: a fake Slack behind a slow proxy (so sends are in flight when the
 * fault strikes), a migrated database with a workspace and `members` seeded members, a queue prefix of the test's
 * own, and the app's processes; `close()` undoes all of it.
 */
import { afterAll, beforeAll } from 'vitest';
import { FakeSlack } from '../../fakes/fake-slack.js';
import { AppProcessGroup } from '../../helpers/app-process.js';
import { REDIS_URL, testPrefix } from '../../helpers/redis.js';
import {
  ADMIN,
  type FaultDatabase,
  migratedDatabase,
  seedMembers,
  seedWorkspace,
  slackEnv,
  TEAM,
} from './fault-helpers.js';
import { SlowSlack } from './slow-slack.js';

export interface FanOutRig {
  fake: FakeSlack;
  fdb: FaultDatabase;
  workspace: string;
  procs: AppProcessGroup;
  options(label: string, role: 'web' | 'worker'): Parameters<AppProcessGroup['start']>[0];
  close(): Promise<void>;
}

export async function startFanOutRig(label: string, members: number): Promise<FanOutRig> {
  const fake = new FakeSlack();
  await fake.start();
  // Slack takes 150 ms per message: several sends are always in flight when the fault strikes.
  const slow = new SlowSlack(fake.url, 150);
  await slow.start();
  fake.addWorkspace(TEAM).setUsers([{ id: ADMIN, real_name: 'Ada Admin', is_admin: true }]);
  const fdb = await migratedDatabase(label);
  const workspace = await seedWorkspace(fdb.db);
  await seedMembers(fdb.db, workspace, members);
  const queue = testPrefix(label);
  const procs = new AppProcessGroup();
  return {
    fake,
    fdb,
    workspace,
    procs,
    options: (name, role) => ({
      label: name,
      role,
      databaseUrl: fdb.url,
      prefix: queue.prefix,
      redisUrl: REDIS_URL,
      slack: slackEnv(slow.url),
      // A higher workspace budget than the default keeps the test short; the proxy's delay keeps sends in flight.
      env: { SLACK_SEND_RATE: '100' },
    }),
    async close() {
      await procs.killAll();
      await slow.stop();
      await fake.stop();
      await queue.cleanup();
      await fdb.drop();
    },
  };
}

/** Start the rig before the file's tests and close it after them; `current()` gives it to a test. */
export function useFanOutRig(label: string, members: number): { current(): FanOutRig } {
  let rig: FanOutRig | undefined;
  beforeAll(async () => {
    rig = await startFanOutRig(label, members);
  }, 60_000);
  afterAll(async () => {
    await rig?.close();
  }, 60_000);
  return {
    current() {
      if (!rig) throw new Error('the fan-out rig has not started');
      return rig;
    },
  };
}
