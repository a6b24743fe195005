/**
 * Interaction latency: signed `/roundtable help` slash commands and 1:1 `help` activities at a fixed rate against
 * the real app, and the same load against a bare Bolt app that acks and posts the same help blocks to
 * `response_url` (no database), and a bare CloudAdapter that echoes.
 */
import { startChild, cleanEnv, freePort } from '../../test/helpers/child.js';
import { FakeBotConnector } from '../../test/fakes/fake-bot-connector.js';
import { FakeSlack } from '../../test/fakes/fake-slack.js';
import { personalMessage, user } from '../../test/fakes/teams-activities.js';
import { createTestDatabase } from '../../test/helpers/postgres.js';
import { type AppChild, procCpuMs, startAppChild, until } from '../lib/app-child.js';
import { fixedRateLoad, type LoadResult } from '../shared/fixed-rate-load.js';
import { slackHeaders, slashCommandBody } from '../shared/slack-signing.js';
import type { Benchmark, Figures } from '../types.js';

const RATE = 200;
const DURATION_S = 20;
const WARMUP_S = 2;
const SECRET = 'bench-signing-secret-0123456789';
const TEAM = {
  teamId: 'TLATENCY',
  teamName: 'Latency',
  botToken: 'xoxb-latency',
  botUserId: 'UBOT',
  botId: 'BBOT',
};
const PERSON = 'ULATENCY1';

interface Measured extends LoadResult {
  /** CPU of the server process during the measured load, per request answered. */
  cpuPerRequestMs: number;
}

/** A warm-up at half the rate (not measured), then the measured load, with the server's CPU around it. */
async function load(
  pid: number,
  request: { url: string; body: string; headers: Record<string, string> },
): Promise<Measured> {
  await fixedRateLoad({ ...request, rate: RATE / 2, durationS: WARMUP_S });
  const cpu = procCpuMs(pid);
  const r = await fixedRateLoad({ ...request, rate: RATE, durationS: DURATION_S });
  return { ...r, cpuPerRequestMs: (procCpuMs(pid) - cpu) / Math.max(1, r.sent) };
}

/** A baseline child from bench/shared that prints `listening`; stopped by the returned function. */
async function startBaseline(
  script: string,
  env: Record<string, string>,
): Promise<{ url: string; pid: number; stop: () => Promise<void> }> {
  const port = await freePort();
  const child = startChild(
    process.execPath,
    ['--import', 'tsx', script],
    cleanEnv({ PORT: String(port), NODE_ENV: 'production', ...env }),
  );
  const stop = async () => {
    if (child.child.exitCode === null) child.child.kill('SIGTERM');
    await child.exited;
  };
  try {
    await until(() => child.output().includes('listening'), 60_000, `${script} listening`);
  } catch (error) {
    await stop();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${child.output()}`);
  }
  return { url: `http://127.0.0.1:${port}`, pid: child.child.pid!, stop };
}

/** What limits p99, per platform (shown when the target is missed). */
const LIMITS: Record<string, string> = {
  Slack:
    'CPU on a shared 2-core machine. Ours acks as early as the baseline (Bolt, processBeforeResponse off), but ' +
    'the same process then does the work of the command: a `users.info` profile (cached), the caller resolved ' +
    'and upserted in Postgres, the help rendered to Block Kit and POSTed to `response_url`. That is several ' +
    'times the baseline\'s CPU per request (see "server CPU per request"), and the next requests\' acks wait ' +
    'behind it on the event loop; with the load average above the core count, they also wait for a core.',
  Teams:
    'Teams answers the HTTP request only after the turn. In that turn ours upserts the tenant row and the ' +
    "person's conversation reference (on every activity, changed or not), resolves and upserts the caller, " +
    'renders an Adaptive Card and sends it; the bare echo sends one text reply. Several Postgres round trips ' +
    'and several times the CPU per request sit in the request path.',
};

function figures(name: string, ours: Measured, base: Measured): Figures {
  const limits = LIMITS[name];
  return {
    [`${name}-p50`]: { label: `${name}: p50 latency`, value: ours.p50Ms, baseline: base.p50Ms, unit: 'ms' },
    [`${name}-p99`]: {
      label: `${name}: p99 latency`,
      value: ours.p99Ms,
      baseline: base.p99Ms,
      unit: 'ms',
      target: { ratioMax: 1.5 },
      limits,
    },
    [`${name}-max`]: { label: `${name}: max latency`, value: ours.maxMs, baseline: base.maxMs, unit: 'ms' },
    [`${name}-errors`]: {
      label: `${name}: errors (connection errors, timeouts, non-2xx)`,
      value: ours.errors,
      baseline: base.errors,
      unit: '',
      target: { max: 0 },
    },
    [`${name}-rate`]: {
      label: `${name}: requests per second achieved (asked ${RATE})`,
      value: ours.achievedRate,
      baseline: base.achievedRate,
      unit: '/s',
    },
    [`${name}-cpu`]: {
      label: `${name}: server CPU per request`,
      value: ours.cpuPerRequestMs,
      baseline: base.cpuPerRequestMs,
      unit: 'ms',
      decimals: 2,
    },
  };
}

export const latencyBenchmark: Benchmark = {
  name: 'latency',
  title: 'Interaction latency',
  description:
    `autocannon sends the same request at a fixed ${RATE} per second for ${DURATION_S} s (20 connections, ` +
    'latencies corrected for coordinated omission) after a 2 s warm-up at half the rate. Slack: a signed ' +
    '`/roundtable help` slash command to `/slack/events` (signed once; the signature stays valid for 300 s); the ' +
    "app's reply goes to the fake Slack's `response_url`. Teams: a 1:1 `message` activity with text `help` to " +
    '`/api/messages`, `serviceUrl` at the fake Bot Connector, which receives the reply. Ours is the real app as a ' +
    'child (`node --import tsx src/main.ts`, both adapters mounted, Teams unauthenticated, its own fresh ' +
    "database). Server CPU is the server process's utime+stime over the measured load (`/proc/<pid>/stat`).",
  baseline:
    'Slack: `bench/shared/bare-bolt-child.ts`, a bare Bolt app with one `/roundtable` listener that acks and then ' +
    'posts the same help blocks (our help text and support lines through our Block Kit renderer) to the same ' +
    "fake's `response_url`: the same answer with no database, queue or member lookup. " +
    'Teams: `bench/shared/bare-teams-child.ts`, a bare botbuilder `CloudAdapter` on express (empty app id) ' +
    'whose turn sends the same help answer as an Adaptive Card (rendered once by our renderer) to the same fake ' +
    'Bot Connector (until 2026-12-04 it sent a one-line echo). Each runs alone, right after ours, on the ' +
    'same machine.',
  notes: [
    'The app child runs with NODE_ENV=development because unauthenticated Teams is refused in production; the ' +
      'Slack path is the same code either way (LOG_LEVEL=warn in both).',
    'Slack acks before the work, so its latency is the verification and routing; Teams answers the HTTP ' +
      'request after the turn, so its latency includes the reply sent to the fake connector (ours and baseline alike).',
    'Two runs (`maxRuns: 2`) to keep `npm run bench` within 15 minutes; each is four 20 s loads.',
  ],
  timeoutMs: 5 * 60_000,
  maxRuns: 2,
  async run({ log }) {
    const slack = new FakeSlack();
    const connector = new FakeBotConnector();
    await slack.start();
    await connector.start();
    slack
      .addWorkspace(TEAM)
      .setUsers([{ id: PERSON, name: 'person', real_name: 'Person', tz: 'Europe/London' }]);
    const database = await createTestDatabase('benchlatency');
    let app: AppChild | undefined;
    try {
      log('starting the app');
      app = await startAppChild('latency', {
        DATABASE_URL: database.url,
        NODE_ENV: 'development',
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_BOT_TOKEN: TEAM.botToken,
        SLACK_API_URL: slack.url,
        TEAMS_ALLOW_UNAUTHENTICATED: 'true',
      });
      const body = slashCommandBody('help', {
        team: TEAM.teamId,
        user: PERSON,
        channel: 'DLATENCY',
        responseUrl: slack.responseUrl('latency'),
      });
      const slackRequest = (url: string) => ({
        url: `${url}/slack/events`,
        body,
        headers: slackHeaders(body, SECRET, Math.floor(Date.now() / 1000)),
      });
      const activity = JSON.stringify(
        personalMessage({ serviceUrl: connector.url, from: user('latency'), text: 'help' }),
      );
      const teamsRequest = (url: string) => ({
        url: `${url}/api/messages`,
        body: activity,
        headers: { 'content-type': 'application/json' },
      });

      log('slack: ours');
      const slackOurs = await load(app.pid, slackRequest(app.url));
      log('teams: ours');
      const teamsOurs = await load(app.pid, teamsRequest(app.url));
      await app.stop();
      app = undefined;

      log('slack: bare Bolt');
      const bolt = await startBaseline('bench/shared/bare-bolt-child.ts', { SIGNING_SECRET: SECRET });
      let slackBase: Measured;
      try {
        slackBase = await load(bolt.pid, slackRequest(bolt.url));
      } finally {
        await bolt.stop();
      }
      log('teams: bare CloudAdapter');
      const cloud = await startBaseline('bench/shared/bare-teams-child.ts', {});
      let teamsBase: Measured;
      try {
        teamsBase = await load(cloud.pid, teamsRequest(cloud.url));
      } finally {
        await cloud.stop();
      }
      return { ...figures('Slack', slackOurs, slackBase), ...figures('Teams', teamsOurs, teamsBase) };
    } finally {
      await app?.stop().catch(() => undefined);
      await slack.stop();
      await connector.stop();
      await database.drop();
    }
  },
};
