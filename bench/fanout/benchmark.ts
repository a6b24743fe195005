/**
 * Fan-out at the platform's limit: a check-in to everyone in a workspace of 10,000 members, sent by the real app
 * through a fake Slack Web API and a fake Bot Connector that each enforce a per-workspace token bucket; then ten
 * Slack workspaces of 1,000 at once. Against a bare paced loop on the same kind of fake and limit.
 */
import type { Benchmark, Figures } from '../types.js';
import { type FanoutResult, measureFanout } from './measure.js';

const MEMBERS = 10_000;
const RATE = 100;
const MULTI_WORKSPACES = 10;
const MULTI_MEMBERS = 1_000;
const MULTI_RATE = 50;

const pct = (part: number, whole: number) => (whole > 0 ? (100 * part) / whole : Number.NaN);

/** The figures of one single-workspace fan-out and its baseline. */
function singleFigures(name: string, r: FanoutResult): Figures {
  const b = r.baseline;
  return {
    [`${name}-rate`]: {
      label: `${name}: delivery rate ÷ allowed rate (${RATE}/s)`,
      value: pct(r.rate, RATE),
      baseline: b && pct(b.rate, RATE),
      unit: '%',
      target: { min: 90 },
      limits:
        'the outbox workers (16 concurrent jobs, each several Postgres round trips and one platform call) and ' +
        'the per-workspace Redis token bucket that parks a job when the budget is spent.',
    },
    [`${name}-429`]: {
      label: `${name}: 429s received ÷ message sends`,
      value: pct(r.refused, r.sends),
      baseline: b && pct(b.rateLimited, b.sent + b.rateLimited),
      unit: '%',
      decimals: 2,
      target: { max: 1 },
      limits:
        "the app's budget equals the platform's exactly, and two token buckets (ours in Redis, the fake's in " +
        'memory) drift by network and queue latency: a send that was on time by ours can be early by theirs.',
    },
    [`${name}-duplicates`]: {
      label: `${name}: duplicate deliveries`,
      value: r.duplicates,
      baseline: b?.duplicates,
      unit: '',
      target: { max: 0 },
    },
    [`${name}-missing`]: {
      label: `${name}: missing deliveries (of ${r.expected.toLocaleString('en-GB')})`,
      value: r.missing,
      baseline: b?.missing,
      unit: '',
      target: { max: 0 },
    },
    [`${name}-cpu`]: {
      label: `${name}: CPU per delivery (the app process)`,
      value: r.cpuMs / Math.max(1, r.delivered),
      baseline: b && b.cpuMs / Math.max(1, b.delivered),
      unit: 'ms',
      decimals: 2,
    },
    [`${name}-rss`]: {
      label: `${name}: peak RSS of the app process (VmHWM, start-up included)`,
      value: r.peakRssMb,
      baseline: b?.peakRssMb,
      unit: 'MB',
    },
    [`${name}-other`]: {
      label: `${name}: other platform calls on the way (Slack: conversations.open)`,
      value: r.otherCalls,
      unit: '',
    },
  };
}

export const fanoutBenchmark: Benchmark = {
  name: 'fanout',
  title: 'Fan-out at the platform limit',
  description:
    `A fresh database with one workspace of ${MEMBERS.toLocaleString('en-GB')} members (inserted directly, ` +
    'member 0 a Roundtable admin). The real app runs as a child (`node --import tsx src/main.ts`), its send ' +
    `budget set to the fake's limit with \`SLACK_SEND_RATE\` / \`TEAMS_SEND_RATE\` = ${RATE}. The fake Slack Web ` +
    `API (\`test/fakes/fake-slack.ts\`) sits behind a front that allows ${RATE} \`chat.postMessage\` per second ` +
    'per bot token (token bucket, burst one second, 429 with Retry-After beyond it); the fake Bot Connector ' +
    `(\`test/fakes/fake-bot-connector.ts\`) likewise allows ${RATE} activity posts per second for the tenant. The ` +
    'admin sends a signed `/roundtable checkin now to everyone` (Slack, single-workspace mode with ' +
    '`SLACK_BOT_TOKEN`) or a 1:1 message `checkin now to everyone` (Teams, unauthenticated, every member with a ' +
    "stored 1:1 conversation). Every check-in the fake accepts is put in a ledger (the admin's preview is left " +
    "out); the rate is counted from the first to the last accepted check-in. CPU is the app process's " +
    'utime+stime from `/proc/<pid>/stat`, from the trigger until the outbox is empty. Then ' +
    `${MULTI_WORKSPACES} Slack workspaces × ${MULTI_MEMBERS.toLocaleString('en-GB')} members, ${MULTI_RATE}/s ` +
    "each: OAuth mode, one `slack_installations` row per workspace written with the app's own " +
    "`InstallationRepository` and key, and the ten admins' commands sent together.",
  baseline:
    'a bare paced loop in its own child process against its own instance of the same fake behind the same ' +
    'limit, running alongside the app: Slack `bench/shared/paced-slack-loop.ts` (`@slack/web-api`, ' +
    '`chat.postMessage` straight to the DM channel ids), Teams `bench/shared/paced-connector-loop.ts` (`fetch` ' +
    'POSTs of a plain message activity). No queue, no database.',
  notes: [
    'One run only (`maxRuns: 1`): each single-workspace fan-out is paced to 100 s by the limit, and three runs ' +
      'would take `npm run bench` past its 15-minute budget. Treat the figures as one sample.',
    'The baseline runs at the same time as the app, so the two share the 2 cores (and the fake servers share ' +
      "the runner's event loop); CPU per delivery is each process's own, the rates are paced by the limit.",
    'Slack: the app posts a DM to the user id (Slack opens the DM) and keeps the DM channel it gets back, so a ' +
      'fan-out makes no `conversations.open` call per person (a Tier 3 method, about 50 calls a minute on real ' +
      'Slack, which would otherwise bind a first fan-out to 10,000 people).',
    'Teams: the app runs with NODE_ENV=development, because unauthenticated Teams is refused in production.',
    "The app's peak RSS (VmHWM) includes start-up; the baseline's is the whole child.",
  ],
  timeoutMs: 8 * 60_000,
  maxRuns: 1,
  async run({ log }) {
    const slack = await measureFanout({
      platform: 'slack',
      workspaces: 1,
      membersPerWorkspace: MEMBERS,
      rate: RATE,
      baseline: true,
      log: (m) => log(`slack: ${m}`),
    });
    const multi = await measureFanout({
      platform: 'slack',
      workspaces: MULTI_WORKSPACES,
      membersPerWorkspace: MULTI_MEMBERS,
      rate: MULTI_RATE,
      baseline: false,
      log: (m) => log(`slack ×${MULTI_WORKSPACES}: ${m}`),
    });
    const teams = await measureFanout({
      platform: 'teams',
      workspaces: 1,
      membersPerWorkspace: MEMBERS,
      rate: RATE,
      baseline: true,
      log: (m) => log(`teams: ${m}`),
    });
    const summed = MULTI_WORKSPACES * MULTI_RATE;
    return {
      ...singleFigures('Slack', slack),
      'multi-rate': {
        label: `Slack ${MULTI_WORKSPACES} workspaces: total rate ÷ summed budgets (${summed}/s)`,
        value: pct(multi.rate, summed),
        unit: '%',
        target: { min: 80 },
        limits:
          'not the platform: one worker process. All workspaces share one outbox worked by 32 concurrent jobs ' +
          'in one Node process, and each delivery costs that process a few milliseconds of CPU (see CPU per ' +
          "delivery) plus Postgres round trips (claim, member, workspace, prompt, mark) and BullMQ's own Redis " +
          'calls, on the same 2 cores as Postgres, Redis and the fake; so the total levels off near 200/s ' +
          "whatever the budgets add up to. A job over its workspace's budget is also parked (moveToDelayed) and " +
          'taken again later. Running more ROUNDTABLE_ROLE=worker processes is the way to scale across ' +
          'workspaces.',
      },
      'multi-slowest': {
        label: `Slack ${MULTI_WORKSPACES} workspaces: the slowest workspace's rate ÷ its budget (${MULTI_RATE}/s)`,
        value: pct(multi.slowestWorkspaceRate, MULTI_RATE),
        unit: '%',
      },
      'multi-429': {
        label: `Slack ${MULTI_WORKSPACES} workspaces: 429s ÷ message sends`,
        value: pct(multi.refused, multi.sends),
        unit: '%',
        decimals: 2,
        target: { max: 1 },
        limits:
          "each workspace's budget equals the platform's exactly, and our bucket (Redis, at the moment a job " +
          "takes its token) and the fake's (at the moment the call arrives) drift apart by the time between the " +
          'two: with ten workspaces competing for the same 32 workers that time is longer and more uneven, so ' +
          'sends arrive in small bunches the platform counts as early. Each 429 parks only that job.',
      },
      'multi-duplicates': {
        label: `Slack ${MULTI_WORKSPACES} workspaces: duplicates`,
        value: multi.duplicates,
        unit: '',
        target: { max: 0 },
      },
      'multi-missing': {
        label: `Slack ${MULTI_WORKSPACES} workspaces: missing (of ${multi.expected.toLocaleString('en-GB')})`,
        value: multi.missing,
        unit: '',
        target: { max: 0 },
      },
      'multi-cpu': {
        label: `Slack ${MULTI_WORKSPACES} workspaces: CPU per delivery (the app process)`,
        value: multi.cpuMs / Math.max(1, multi.delivered),
        unit: 'ms',
        decimals: 2,
      },
      ...singleFigures('Teams', teams),
    };
  },
};
