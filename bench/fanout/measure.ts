/**
 * One fan-out measurement: rate-limited fake (Slack Web API or Bot Connector) behind a front, a seeded database,
 * the real app as a child with its send budget set to the fake's rate, a real `checkin now to everyone` from each
 * workspace's admin, and the ledger of what the fake accepted. The app is either one process (ROUNDTABLE_ROLE=all)
 * or one `web` process taking the commands and M `worker` processes running the outbox, all sharing the database,
 * the Redis and one QUEUE_PREFIX. The baseline (a bare paced loop in its own child,
 * against its own instance of the same fake and limit) can run alongside.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from '../../db/schema.js';
import { PREVIEW_LINE } from '../../src/services/checkins/sender.js';
import { FakeBotConnector } from '../../test/fakes/fake-bot-connector.js';
import { FakeSlack } from '../../test/fakes/fake-slack.js';
import { personalMessage, postActivity } from '../../test/fakes/teams-activities.js';
import { slashCommand, postSlack } from '../../test/fakes/slack-requests.js';
import {
  type AppChild,
  benchPrefix,
  deleteBenchPrefix,
  heapSnapshot,
  procCpuMs,
  sleep,
  startAppChild,
  until,
} from '../lib/app-child.js';
import { createRedis } from '../../src/jobs/redis.js';
import { REDIS_URL } from '../../test/helpers/redis.js';
import { runChild } from '../lib/child.js';
import { procMemory } from '../lib/proc.js';
import { DeliveryLedger, RateLimit } from '../shared/rate-limit.js';
import type { BaselineInput, BaselineResult } from './baseline-child.js';
import { type Accepted, fakeHandler, type Front, startFront } from './front.js';
import { seedFanout, type Seeded, userId } from './seed.js';

const SECRET = 'bench-signing-secret-0123456789';

export interface FanoutSpec {
  platform: 'slack' | 'teams';
  workspaces: number;
  membersPerWorkspace: number;
  /** Messages per second per workspace: the fake's limit and the app's budget. */
  rate: number;
  /** Run the bare paced loop alongside (single workspace only). */
  baseline: boolean;
  /**
   * Absent or 0: one app process with ROUNDTABLE_ROLE=all (web and workers in one). M ≥ 1: one `web` process
   * (the commands go to it) and M `worker` processes, each a separate child.
   */
  workers?: number;
  log(message: string): void;
}

export interface FanoutResult {
  expected: number;
  delivered: number;
  duplicates: number;
  missing: number;
  /** Deliveries per second from the first to the last accepted check-in, all workspaces together. */
  rate: number;
  /** The slowest workspace's own rate. */
  slowestWorkspaceRate: number;
  /** Message sends the fake saw (accepted + refused). */
  sends: number;
  refused: number;
  /** Other calls the app made on the way (Slack: `conversations.open`). */
  otherCalls: number;
  /** CPU from the trigger until the outbox is empty: the `all` process, or summed over the worker processes. */
  cpuMs: number;
  /** Peak RSS (VmHWM) of the `all` process, or of the largest worker process. */
  peakRssMb: number;
  /**
   * CPU of the Postgres backends serving this run's database (not the benchmark's own polling connection), from
   * `/proc/<pid>/stat`, sampled while the fan-out runs; NaN when Postgres is not a local process. A backend
   * that ends between two samples loses its last 250 ms, so this can only undercount.
   */
  postgresCpuMs: number;
  /** CPU of this (the runner's) process over the same time: the fake, its rate-limited front and the ledger. */
  runnerCpuMs: number;
  /**
   * Redis's own CPU over the same time (`INFO cpu`, used_cpu_user + used_cpu_sys): the whole server, so on a
   * shared Redis it includes everyone's commands, an upper bound for this run's.
   */
  redisCpuMs: number;
  /** Split workers only: each worker process's CPU (ms) and peak RSS (MB), and the web process's CPU. */
  split?: { workers: { cpuMs: number; peakRssMb: number }[]; webCpuMs: number };
  baseline?: BaselineResult & { delivered: number; duplicates: number; missing: number; rate: number };
}

interface Platform {
  front: Front;
  limit: RateLimit;
  ledger: DeliveryLedger;
  stop(): Promise<void>;
  /** Other (non-message) calls seen. */
  otherCalls(): number;
}

const TENANT = (w: number) => `tenant-bench-${w}`;
const TEAM = (w: number) => `TBENCH${w}`;
const TOKEN = (w: number) => `xoxb-bench-${w}`;

/** A fake Slack behind a limit on `chat.postMessage` per bot token, recording check-ins (not the preview). */
async function slackPlatform(workspaces: number, rate: number, admins: string[]): Promise<Platform> {
  const fake = new FakeSlack();
  await fake.start();
  const teamOfToken = new Map<string, string>();
  for (let w = 0; w < workspaces; w++) {
    fake.addWorkspace({
      teamId: TEAM(w),
      teamName: `Partnership ${w}`,
      botToken: TOKEN(w),
      botUserId: `UBOT${w}`,
      botId: `BBOT${w}`,
    });
    teamOfToken.set(`Bearer ${TOKEN(w)}`, TEAM(w));
  }
  fake.setUsers(admins.map((id) => ({ id, name: 'admin', real_name: 'Admin', tz: 'Europe/London' })));
  const limit = new RateLimit({
    rate,
    keyOf: (req) =>
      req.url?.startsWith('/api/chat.postMessage') ? String(req.headers.authorization) : undefined,
  });
  const ledger = new DeliveryLedger();
  const onAccepted = (a: Accepted) => {
    if (a.path !== '/api/chat.postMessage') return;
    const text = a.body.toString('utf8');
    const params: Record<string, unknown> = String(a.headers['content-type']).includes('json')
      ? (JSON.parse(text) as Record<string, unknown>)
      : Object.fromEntries(new URLSearchParams(text));
    if (String(params.text ?? '').startsWith(PREVIEW_LINE)) return;
    const team = teamOfToken.get(String(a.headers.authorization)) ?? 'unknown';
    // A DM is posted to the user id (Slack opens the bot's DM with them) or to the DM channel `D<user id>`
    // once known; both are the same recipient.
    const channel = String(params.channel);
    ledger.record(team, channel.startsWith('U') ? `D${channel}` : channel);
  };
  const front = await startFront(fakeHandler(fake), limit, onAccepted);
  return {
    front,
    limit,
    ledger,
    otherCalls: () => fake.calls.filter((c) => c.method !== 'chat.postMessage').length,
    async stop() {
      await front.stop();
      await fake.stop();
    },
  };
}

const ACTIVITIES = /^\/v3\/conversations\/([^/]+)\/activities(\/[^/]+)?$/;

/** A fake Bot Connector behind a limit on activity posts, recording new 1:1 messages (not replies or previews). */
async function teamsPlatform(rate: number): Promise<Platform> {
  const fake = new FakeBotConnector();
  await fake.start();
  const limit = new RateLimit({
    rate,
    // One tenant per run: every activity post spends from its bucket.
    keyOf: (req) =>
      req.method === 'POST' && ACTIVITIES.test(new URL(req.url ?? '/', 'http://x').pathname)
        ? TENANT(0)
        : undefined,
  });
  const ledger = new DeliveryLedger();
  const onAccepted = (a: Accepted) => {
    const m = ACTIVITIES.exec(a.path);
    if (a.method !== 'POST' || !m || m[2]) return;
    const body = JSON.parse(a.body.toString('utf8')) as { summary?: string; text?: string };
    if ((body.summary ?? body.text ?? '').startsWith(PREVIEW_LINE)) return;
    ledger.record(TENANT(0), decodeURIComponent(m[1]!));
  };
  const front = await startFront(fakeHandler(fake), limit, onAccepted);
  return {
    front,
    limit,
    ledger,
    otherCalls: () => fake.calls.filter((c) => !(c.method === 'POST' && ACTIVITIES.test(c.path))).length,
    async stop() {
      await front.stop();
      await fake.stop();
    },
  };
}

/**
 * CPU of the Postgres backends of one database, by pid: the first and the latest reading of each. Postgres must
 * run on this machine (it does for the benchmark: 127.0.0.1); a backend not readable in /proc is left out.
 */
class BackendCpu {
  private readonly seen = new Map<number, { first: number; last: number }>();
  private local = true;
  private started = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly database: string,
  ) {}

  async sample(): Promise<void> {
    if (!this.local) return;
    const { rows } = await sql<{ pid: number }>`
      select pid from pg_stat_activity where datname = ${this.database} and pid <> pg_backend_pid()`.execute(
      this.db,
    );
    let readable = 0;
    for (const { pid } of rows) {
      let ms: number;
      try {
        ms = procCpuMs(pid);
      } catch {
        continue; // ended since the query, or not a process on this machine
      }
      readable++;
      const s = this.seen.get(pid);
      // A backend first seen after the start began during the fan-out: all of its CPU counts.
      if (s) s.last = ms;
      else this.seen.set(pid, { first: this.started ? 0 : ms, last: ms });
    }
    // Backends listed but none ever readable in /proc: Postgres runs elsewhere.
    if (rows.length > 0 && readable === 0 && this.seen.size === 0) this.local = false;
  }

  /** Take the starting readings. */
  async start(): Promise<void> {
    await this.sample();
    this.started = true;
  }

  totalMs(): number {
    if (!this.local) return Number.NaN;
    let total = 0;
    for (const s of this.seen.values()) total += s.last - s.first;
    return total;
  }
}

/** Redis's CPU time so far (the whole server), in ms. */
async function redisCpuMs(): Promise<number> {
  const redis = createRedis({ url: REDIS_URL, cluster: false });
  try {
    const info = await redis.info('cpu');
    const field = (name: string) =>
      Number(new RegExp(`^${name}:([0-9.]+)`, 'm').exec(info)?.[1] ?? Number.NaN);
    return (field('used_cpu_user') + field('used_cpu_sys')) * 1000;
  } finally {
    redis.disconnect();
  }
}

/** Deliveries not yet in a final state, straight from the app's database. */
async function openDeliveries(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('deliveries')
    .select(sql<string>`count(*)`.as('n'))
    .where('status', 'not in', ['sent', 'skipped', 'failed'])
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

async function trigger(spec: FanoutSpec, app: AppChild, front: Front, seeded: Seeded): Promise<void> {
  const sends = [...seeded.admins.entries()].map(async ([workspace, admin], w) => {
    const res =
      spec.platform === 'slack'
        ? await postSlack(
            app.url,
            slashCommand(SECRET, {
              teamId: workspace,
              userId: admin,
              text: 'checkin now to everyone',
              responseUrl: `${front.origin}/response/cmd-${w}`,
            }),
          )
        : await postActivity(
            app.url,
            personalMessage({
              serviceUrl: front.origin,
              tenantId: workspace,
              from: { id: `29:${admin}`, name: 'Admin', aadObjectId: admin },
              text: 'checkin now to everyone',
            }),
          );
    await res.arrayBuffer();
    if (res.status >= 300) throw new Error(`the trigger was answered ${res.status}`);
  });
  await Promise.all(sends);
}

/** Run one fan-out (and its baseline) and measure it. */
export async function measureFanout(spec: FanoutSpec): Promise<FanoutResult> {
  const n = spec.workspaces;
  const external = Array.from({ length: n }, (_, w) => (spec.platform === 'slack' ? TEAM(w) : TENANT(w)));
  const admins = external.map((_, w) => userId(spec.platform, w, 0));
  const platform =
    spec.platform === 'slack' ? await slackPlatform(n, spec.rate, admins) : await teamsPlatform(spec.rate);
  const basePlatform = spec.baseline
    ? spec.platform === 'slack'
      ? await slackPlatform(1, spec.rate, [])
      : await teamsPlatform(spec.rate)
    : undefined;
  const key = randomBytes(32).toString('base64');
  const multi = spec.platform === 'slack' && n > 1;
  let seeded: Seeded | undefined;
  let app: AppChild | undefined;
  const workers: AppChild[] = [];
  const split = (spec.workers ?? 0) > 0;
  const prefix = split ? benchPrefix(`fanout-${spec.platform}`) : undefined;
  let db: Kysely<Database> | undefined;
  try {
    spec.log(`seeding ${n} × ${spec.membersPerWorkspace} ${spec.platform} members`);
    seeded = await seedFanout(`benchfanout${spec.platform}`, {
      platform: spec.platform,
      workspaces: external.map((externalId, w) => ({ externalId, botToken: TOKEN(w) })),
      membersPerWorkspace: spec.membersPerWorkspace,
      installationKey: multi ? key : undefined,
      serviceUrl: platform.front.origin,
    });
    const env: Record<string, string> =
      spec.platform === 'slack'
        ? {
            DATABASE_URL: seeded.database.url,
            SLACK_SIGNING_SECRET: SECRET,
            SLACK_API_URL: `${platform.front.origin}/api/`,
            SLACK_SEND_RATE: String(spec.rate),
            ...(multi
              ? {
                  SLACK_CLIENT_ID: 'bench.client',
                  SLACK_CLIENT_SECRET: 'bench',
                  SLACK_STATE_SECRET: 'bench-state',
                }
              : { SLACK_BOT_TOKEN: TOKEN(0) }),
          }
        : {
            DATABASE_URL: seeded.database.url,
            // Unauthenticated Teams is refused in production (config.ts): development is the only way here.
            NODE_ENV: 'development',
            TEAMS_ALLOW_UNAUTHENTICATED: 'true',
            TEAMS_SEND_RATE: String(spec.rate),
          };
    if (split) {
      spec.log(`starting the app: 1 web + ${spec.workers} worker process(es)`);
      app = await startAppChild(`fanout-${spec.platform}`, { ...env, ROUNDTABLE_ROLE: 'web' }, key, {
        queuePrefix: prefix,
      });
      // One after another: each start-up (tsx compiling the app) takes a core for seconds on a 2-core machine.
      for (let i = 0; i < spec.workers!; i++) {
        workers.push(
          await startAppChild(`fanout-${spec.platform}`, { ...env, ROUNDTABLE_ROLE: 'worker' }, key, {
            queuePrefix: prefix,
          }),
        );
      }
    } else {
      spec.log('starting the app');
      app = await startAppChild(`fanout-${spec.platform}`, env, key);
    }
    const working = split ? workers : [app];
    db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: seeded.database.url, max: 1 }) }),
    });
    const backends = new BackendCpu(db, seeded.database.name);
    await backends.start();
    const redisBefore = await redisCpuMs();
    const runnerBefore = process.cpuUsage();
    const expected = n * spec.membersPerWorkspace;
    const cpuBefore = working.map((w) => procCpuMs(w.pid));
    const webCpuBefore = procCpuMs(app.pid);
    const baselineRun =
      basePlatform && runBaseline(spec, basePlatform, seeded.recipients.get(external[0]!) ?? []);
    // Awaited after ours; until then a failure must not become an unhandled rejection (it ends the runner).
    baselineRun?.catch(() => undefined);
    spec.log(`triggering ${n} fan-out(s) of ${spec.membersPerWorkspace}`);
    await trigger(spec, app, platform.front, seeded);
    // Paced by the limit: the ideal time, plus generous slack before calling the rest missing.
    const boundMs = Math.max((spec.membersPerWorkspace / spec.rate) * 2_000 + 30_000, 120_000);
    if (process.env.BENCH_HEAP_SNAPSHOT) {
      // Near the peak: most of the fan-out sent. Writing the snapshot pauses the app and grows its RSS, so the
      // figures of a run with BENCH_HEAP_SNAPSHOT set are not comparable; the RSS just before it is logged. With
      // split workers, the first worker is the one snapshotted.
      const sender = working[0]!;
      await until(() => platform.ledger.size >= expected * 0.9, boundMs, '90% of the deliveries', 250).catch(
        (e) => spec.log(String(e)),
      );
      spec.log(`RSS before the heap snapshot: ${JSON.stringify(procMemory(sender.pid))}`);
      await heapSnapshot(sender.pid, sender.url, `${spec.platform} fan-out, 90% sent`);
    }
    await until(
      async () => {
        await backends.sample();
        return platform.ledger.size >= expected;
      },
      boundMs,
      'every delivery',
      250,
    ).catch((e) => spec.log(String(e)));
    await until(
      async () => {
        await backends.sample();
        return (await openDeliveries(db!)) === 0;
      },
      30_000,
      'an empty outbox',
      250,
    ).catch((e) => spec.log(String(e)));
    await sleep(1_000); // a late duplicate would show up here
    await backends.sample();
    const runnerCpu = process.cpuUsage(runnerBefore);
    const redisCpu = (await redisCpuMs()) - redisBefore;
    const cpuEach = working.map((w, i) => procCpuMs(w.pid) - cpuBefore[i]!);
    const rssEach = working.map((w) => procMemory(w.pid).peakRssMb);
    const webCpuMs = procCpuMs(app.pid) - webCpuBefore;
    if (split) {
      spec.log(
        `worker CPU ms ${cpuEach.map((c) => c.toFixed(0)).join(', ')}; worker peak RSS MB ` +
          `${rssEach.map((r) => r.toFixed(0)).join(', ')}; web CPU ms ${webCpuMs.toFixed(0)}; ` +
          `Postgres backends CPU ms ${backends.totalMs().toFixed(0)}; runner CPU ms ` +
          `${((runnerCpu.user + runnerCpu.system) / 1000).toFixed(0)}; Redis server CPU ms (shared) ` +
          `${redisCpu.toFixed(0)}`,
      );
    }
    const check = platform.ledger.check(seeded.recipients);
    const totals = platform.limit.totals();
    const rates = [...check.ratePerWorkspace.values()];
    const base = baselineRun ? await baselineRun : undefined;
    return {
      expected,
      delivered: check.delivered,
      duplicates: check.duplicates,
      missing: check.missing,
      rate: check.overallRate,
      slowestWorkspaceRate: rates.length > 0 ? Math.min(...rates) : Number.NaN,
      sends: totals.admitted + totals.refused,
      refused: totals.refused,
      otherCalls: platform.otherCalls(),
      cpuMs: cpuEach.reduce((a, b) => a + b, 0),
      peakRssMb: Math.max(...rssEach),
      postgresCpuMs: backends.totalMs(),
      runnerCpuMs: (runnerCpu.user + runnerCpu.system) / 1000,
      redisCpuMs: redisCpu,
      split: split
        ? { workers: cpuEach.map((cpuMs, i) => ({ cpuMs, peakRssMb: rssEach[i]! })), webCpuMs }
        : undefined,
      baseline: base,
    };
  } finally {
    await db?.destroy().catch(() => undefined);
    await Promise.all(workers.map((w) => w.stop().catch(() => undefined)));
    await app?.stop().catch(() => undefined);
    if (prefix) await deleteBenchPrefix(prefix);
    await platform.stop();
    await basePlatform?.stop();
    await seeded?.database.drop();
  }
}

/** The bare loop in its own child, against its own instance of the same fake and limit. */
async function runBaseline(
  spec: FanoutSpec,
  base: Platform,
  recipients: string[],
): Promise<NonNullable<FanoutResult['baseline']>> {
  // 10,000 ids are more than one command-line argument may hold (E2BIG): they go in a file.
  const dir = mkdtempSync(join(tmpdir(), 'rt-bench-fanout-'));
  const recipientsFile = join(dir, 'recipients.json');
  writeFileSync(recipientsFile, JSON.stringify(recipients));
  const input: BaselineInput =
    spec.platform === 'slack'
      ? {
          platform: 'slack',
          url: `${base.front.origin}/api/`,
          token: TOKEN(0),
          recipientsFile,
          rate: spec.rate,
        }
      : { platform: 'teams', url: base.front.origin, recipientsFile, rate: spec.rate };
  let r: BaselineResult;
  try {
    r = await runChild<BaselineResult>('bench/fanout/baseline-child.ts', input, {
      timeoutMs: (recipients.length / spec.rate) * 2_000 + 60_000,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const workspace = spec.platform === 'slack' ? TEAM(0) : TENANT(0);
  const check = base.ledger.check(new Map([[workspace, recipients]]));
  return {
    ...r,
    delivered: check.delivered,
    duplicates: check.duplicates,
    missing: check.missing,
    rate: check.overallRate,
  };
}
