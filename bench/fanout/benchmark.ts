/**
 * Fan-out at the platform's limit: a check-in to everyone in a workspace of 10,000 members, sent by the real app
 * through a fake Slack Web API and a fake Bot Connector that each enforce a per-workspace token bucket; then ten
 * Slack workspaces of 1,000 at once, delivered by 1, 2 and 4 worker processes (a sweep). Against a bare paced loop
 * on the same kind of fake and limit.
 *
 * Sizes can be made smaller for checking (see bench/README.md): BENCH_FANOUT_MEMBERS, BENCH_FANOUT_WORKSPACES,
 * BENCH_FANOUT_WORKSPACE_MEMBERS, BENCH_FANOUT_WORKERS, BENCH_FANOUT_RECOMMENDED, BENCH_FANOUT_SCENARIOS.
 */
import type { Benchmark, Figures } from '../types.js';
import { type FanoutResult, measureFanout } from './measure.js';

/** A whole number ≥ 1 from the environment, or the default. */
function envCount(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number ≥ 1, not ${raw}`);
  return n;
}

/** A comma-separated list from the environment, or the default. */
function envList(name: string, fallback: string[]): string[] {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  return raw.split(',').map((x) => x.trim());
}

const MEMBERS = envCount('BENCH_FANOUT_MEMBERS', 10_000);
const RATE = 100;
const MULTI_WORKSPACES = envCount('BENCH_FANOUT_WORKSPACES', 10);
const MULTI_MEMBERS = envCount('BENCH_FANOUT_WORKSPACE_MEMBERS', 1_000);
const MULTI_RATE = 50;
/** The sweep: how many worker processes deliver the ten-workspace fan-out, one configuration after another. */
const SWEEP = envList('BENCH_FANOUT_WORKERS', ['1', '2', '4']).map((x) => {
  const n = Number(x);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`BENCH_FANOUT_WORKERS must list whole numbers ≥ 1, not ${x}`);
  return n;
});
/**
 * The configuration this benchmark recommends for a 2-core host, and the one the ≥ 80 % target is checked on:
 * one web process and this many worker processes (see the notes and bench/README.md for why).
 */
const RECOMMENDED = envCount('BENCH_FANOUT_RECOMMENDED', 2);
if (!SWEEP.includes(RECOMMENDED)) {
  throw new Error(`BENCH_FANOUT_RECOMMENDED (${RECOMMENDED}) must be one of BENCH_FANOUT_WORKERS (${SWEEP})`);
}
const SCENARIOS = new Set(envList('BENCH_FANOUT_SCENARIOS', ['slack', 'multi', 'teams']));
for (const s of SCENARIOS) {
  if (!['slack', 'multi', 'teams'].includes(s)) {
    throw new Error(`BENCH_FANOUT_SCENARIOS lists slack, multi, teams, not ${s}`);
  }
}
const workersLabel = (n: number) => `1 web + ${n} worker${n === 1 ? '' : 's'}`;

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
      // Issue #19: the platforms' limits, not our CPU, decide how fast people are reached.
      target: { ratioMax: 2 },
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

/** What limits the recommended configuration's total rate (shown when the ≥ 80 % target is missed). */
const MULTI_RATE_LIMITS =
  'CPU, and not the platform or the number of worker processes: a delivery costs about 4 to 5 ms of worker CPU ' +
  'and about 2.5 ms of Postgres CPU (the sweep rows), and up to about 1 ms of Redis (the progress log: the whole ' +
  'shared server), so 400/s (80 %) needs about 3 cores for the workers, Postgres and Redis alone; this machine ' +
  'has 2, shared with the fake, the runner and other work. More workers than cores add slots, not CPU. ' +
  'docs/OPERATIONS.md (Scaling) works the same costs out for a larger host.';

/** The figures of one point of the worker-process sweep (ten Slack workspaces). */
function sweepFigures(workers: number, r: FanoutResult): Figures {
  const summed = MULTI_WORKSPACES * MULTI_RATE;
  const at = `Slack ${MULTI_WORKSPACES} workspaces, ${workersLabel(workers)}`;
  const id = `sweep-${workers}w`;
  return {
    [`${id}-rate`]: { label: `${at}: deliveries per second (all workspaces)`, value: r.rate, unit: '/s' },
    [`${id}-share`]: {
      label: `${at}: total rate ÷ summed budgets (${summed}/s)`,
      value: pct(r.rate, summed),
      unit: '%',
    },
    [`${id}-429`]: {
      label: `${at}: 429s ÷ message sends`,
      value: pct(r.refused, r.sends),
      unit: '%',
      decimals: 2,
    },
    [`${id}-duplicates`]: { label: `${at}: duplicates`, value: r.duplicates, unit: '', target: { max: 0 } },
    [`${id}-missing`]: {
      label: `${at}: missing (of ${r.expected.toLocaleString('en-GB')})`,
      value: r.missing,
      unit: '',
      target: { max: 0 },
    },
    [`${id}-cpu`]: {
      label: `${at}: CPU per delivery (summed over the worker processes)`,
      value: r.cpuMs / Math.max(1, r.delivered),
      unit: 'ms',
      decimals: 2,
    },
    [`${id}-pg-cpu`]: {
      label: `${at}: Postgres CPU per delivery (the backends of this run's database)`,
      value: r.postgresCpuMs / Math.max(1, r.delivered),
      unit: 'ms',
      decimals: 2,
    },
    [`${id}-runner-cpu`]: {
      label: `${at}: the runner's CPU per delivery (the fake, its front, the ledger)`,
      value: r.runnerCpuMs / Math.max(1, r.delivered),
      unit: 'ms',
      decimals: 2,
    },
    [`${id}-rss`]: {
      label: `${at}: peak RSS of the largest worker process (VmHWM, start-up included)`,
      value: r.peakRssMb,
      unit: 'MB',
    },
  };
}

export const fanoutBenchmark: Benchmark = {
  name: 'fanout',
  title: 'Fan-out at the platform limit',
  description:
    `A fresh database with one workspace of ${MEMBERS.toLocaleString('en-GB')} members (inserted directly, ` +
    'member 0 a Roundtable admin). The real app runs as a child (`node --max-semi-space-size=16 --import tsx src/main.ts`, as `npm start`), its send ' +
    `budget set to the fake's limit with \`SLACK_SEND_RATE\` / \`TEAMS_SEND_RATE\` = ${RATE}. The fake Slack Web ` +
    `API (\`test/fakes/fake-slack.ts\`) sits behind a front that allows ${RATE} \`chat.postMessage\` per second ` +
    'per bot token (token bucket, burst one second, 429 with Retry-After beyond it); the fake Bot Connector ' +
    `(\`test/fakes/fake-bot-connector.ts\`) likewise allows ${RATE} activity posts per second for the tenant. The ` +
    'admin sends a signed `/roundtable checkin now to everyone` (Slack, single-workspace mode with ' +
    '`SLACK_BOT_TOKEN`) or a 1:1 message `checkin now to everyone` (Teams, unauthenticated, every member with a ' +
    "stored 1:1 conversation). Every check-in the fake accepts is put in a ledger (the admin's preview is left " +
    'out); the rate is counted from the first to the last accepted check-in. CPU is utime+stime from ' +
    '`/proc/<pid>/stat`, from the trigger until the outbox is empty. The single-workspace fan-outs run in one ' +
    'app process (`ROUNDTABLE_ROLE=all`). Then a sweep over worker processes: ' +
    `${MULTI_WORKSPACES} Slack workspaces × ${MULTI_MEMBERS.toLocaleString('en-GB')} members, ${MULTI_RATE}/s ` +
    "each (OAuth mode, one `slack_installations` row per workspace written with the app's own " +
    "`InstallationRepository` and key, the admins' commands sent together), delivered by one " +
    `\`ROUNDTABLE_ROLE=web\` process (which takes the commands) and ${SWEEP.join(', ')} ` +
    '`ROUNDTABLE_ROLE=worker` processes, each a separate child sharing the database, the Redis and one ' +
    '`QUEUE_PREFIX`. Each configuration gets the same population, seeded afresh into its own database, and its ' +
    'own fake and ledger; CPU per delivery is summed over its worker processes, and Postgres CPU per delivery ' +
    'is that of the backends serving its database (`pg_stat_activity`, then `/proc/<pid>/stat`).',
  baseline:
    'a bare paced loop in its own child process against its own instance of the same fake behind the same ' +
    'limit, running alongside the app: Slack `bench/shared/paced-slack-loop.ts` (`@slack/web-api`, ' +
    '`chat.postMessage` straight to the DM channel ids), Teams `bench/shared/paced-connector-loop.ts` (`fetch` ' +
    'POSTs of the activity), each posting the same first check-in the app sends (welcome, prompt, scale, ' +
    'reflection box, crisis lines; `bench/shared/first-checkin.ts`, rendered once by our Block Kit and Adaptive ' +
    'Card renderers), as the latency baseline answers with the same help blocks. No queue, no database. The ' +
    'worker sweep has no baseline: its reference is the summed budgets.',
  notes: [
    'One run only (`maxRuns: 1`): each single-workspace fan-out is paced to 100 s by the limit, and three runs ' +
      'would take `npm run bench` past its 15-minute budget. Treat the figures as one sample.',
    'The baseline runs at the same time as the app, so the two share the 2 cores (and the fake servers share ' +
      "the runner's event loop); CPU per delivery is each process's own, the rates are paced by the limit.",
    `The recommended configuration for this 2-core machine is ${workersLabel(RECOMMENDED)}: the ` +
      '"recommended" rows (and the ≥ 80 % target) are that point of the sweep. Each worker process runs 32 ' +
      'concurrent outbox jobs (`OUTBOX_CONCURRENCY`) and a Postgres pool of 10. More workers than cores add ' +
      'slots but not CPU; the sweep shows where that stops paying (docs/OPERATIONS.md, Scaling, has the plan ' +
      'for a larger host).',
    'Every process of the sweep (the fake and the runner too) shares the same 2 cores with Postgres and Redis, ' +
      'so the sweep measures how the app scales when CPU is already short, not how it would on more cores.',
    'Slack: the app posts a DM to the user id (Slack opens the DM) and keeps the DM channel it gets back, so a ' +
      'fan-out makes no `conversations.open` call per person (a Tier 3 method, about 50 calls a minute on real ' +
      'Slack, which would otherwise bind a first fan-out to 10,000 people).',
    'Teams: the app runs with NODE_ENV=development, because unauthenticated Teams is refused in production.',
    'Where the CPU per delivery went (issue #19), from CPU profiles (`BENCH_CPU_PROF`, `bench/lib/profile-top.ts`). ' +
      'On 2026-12-03 26.5% of self time was `writev` under pg `Query.submit` (one syscall per query), about 10% ' +
      'ioredis writes, and job churn (every job over budget parked and woken again and again); the reserving ' +
      'budget and three round trips fewer took Slack from 7.57 to 2.56 ms per delivery. On 2026-12-04, the same ' +
      'code measured 4.06 ms against a text-only baseline of 1.14 ms (3.57×) on a busier machine, and the top ' +
      'frames were still socket writes: `writev` under pg 16-18% of the non-idle time, the Slack client 15% (the ' +
      'baseline pays it too), ioredis and BullMQ 14-18%, the prompt rotation 6-7%, Kysely building and compiling ' +
      'the claim and the mark 7-10%. Changed, one run each, Slack ms per delivery (text-only baseline): a stop ' +
      'skips queued rows, so the send reads no stop, and the mark, the welcome and the round finish are one ' +
      'statement; the fan-out reserves moments as it enqueues, so no job is parked (3.65 ms); the claim and the ' +
      'mark compiled once, a library indexed once (3.11 ms); jobs woken in steps of half a burst (2.88 ms, ' +
      '2.30×); batches of twenty check-ins per job, claimed in one statement and sent one interval apart (2.43 ' +
      'ms, 2.17×; Teams 2.94 ms, 2.75×); Teams reads a batch’s conversation references in one query and counts ' +
      'a card’s size as it grows (Teams 2.66 ms, 2.30×); the rotation worked out once per profile and history. ' +
      'With the fair baseline (the same first check-in): Slack 2.43 ms against 1.54 (1.58×), Teams 2.72 ms against ' +
      '1.28 (2.12×). On 2026-12-04 a Teams profile showed every connector call leaving an `AbortSignal.timeout` ' +
      'timer that fired 15 s later and aborted the finished fetch (a DOMException each, 3.5% of non-idle time, ' +
      'and every finished request kept alive that long); one timer per call, cleared with the answer: Teams ' +
      "2.00 to 1.73 ms against 0.96-1.03 (1.99× to 1.80×). This run's table has the figures. What is left per " +
      'message: one query (the mark, kept per ' +
      'message so a crash sends at most one message twice), the platform call and the rendering; per batch of ' +
      'twenty, BullMQ, the budget and the claim. The V8 profiles above overstate the socket writes: they sample ' +
      'wall time, so a thread taken off the core inside `writev` (the woken Postgres backend runs) is counted ' +
      'there. `perf record` of the Teams app over 30 s of the fan-out (on-CPU samples only, 2026-12-04, ' +
      '`--perf-basic-prof`) puts 63% in the node binary (builtins, inline caches, GC), 23% in JIT code, 10.5% in ' +
      'the kernel (TCP send and receive, epoll) and 3% in libc; by JavaScript caller, the connector call 18% ' +
      '(`fetch` 12%, which the baseline pays too), the pg query path 7%, rendering the card 4-5%, the batch loop ' +
      '6%. What is left is JavaScript work per message, not system calls.',
    "The app's peak RSS (VmHWM) includes start-up; the baseline's is the whole child.",
    'Where the Teams peak goes (issue #19; 2026-12-03, Node 24, one run each, Teams fan-out only): a heap ' +
      'snapshot at 90% sent (`BENCH_HEAP_SNAPSHOT`, summarised by `bench/lib/heap-summary.ts`) holds 103.9 MB ' +
      'live while the process is at 533 MB RSS: strings 42 MB, code 18 MB (41 MB retained), arrays 17 MB, ' +
      'ArrayBuffer data 10.5 MB, 2,243 scripts loaded. Nothing grows per conversation or per send: no map or ' +
      "cache of ours is among the big retainers (the adapter's one map, of recently stored references, is " +
      'cleared once past 10,000 keys and an outbound fan-out adds none), about 1,300 AbortSignal and Timeout objects ' +
      '(the 15-s timeouts of the last 13 s of connector calls) retain 0.5 MB, and the fake Bot Connector and ' +
      'its recorded calls live in the runner, not in the app. The largest retainers are loaded code and its ' +
      'data: the tsx loader (8.3 MB), @microsoft/recognizers-text (loaded by botbuilder-dialogs, about 10 MB ' +
      "of source), teams-ai's tokenizer (a gpt-tokenizer encoding, 5.6 MB; gone after the change below).",
    'The rest of the peak is garbage V8 had not collected yet, watched with `BENCH_NODE_OPTIONS=--inspect` and ' +
      '`v8.getHeapSpaceStatistics()`: the young generation at 128 MB (V8 on Node 22 and later sizes a semi-' +
      "space from the machine's memory, 64 MB here; Node 20 stopped at 16 MB), old space growing to 314 MB " +
      'before its first full GC of the fan-out brought it to 98 MB; in another run, 392 MB resident in ' +
      "V8's 256-KB pages against a 263 MB heap after a full GC (freed pages are kept for reuse). The process " +
      'allocates about 60 MB/s during the fan-out ' +
      '(sampling heap profiler): kysely and pg, BullMQ and ioredis, the prompt rotation, the Adaptive Card ' +
      'renderer (about 4 MB/s), the connector calls (about 3 MB/s).',
    'Changed: the Teams adapter imports `TeamsAdapter` and `Application` from their own modules instead of the ' +
      'teams-ai index, so the AI planners, models, tokenizers and the OpenAI client are no longer loaded: live ' +
      'heap at 90% sent 103.9 MB before, 92.3 MB after; scripts 2,243 before, 2,084 after; Teams peak RSS ' +
      '638 MB before (697 MB in the last full run), 600 MB after (520.2 MB in a full `--only fanout` run). ' +
      'Then (2026-12-04) the app runs with `--max-semi-space-size=16`, as `npm start` and the Dockerfile now do ' +
      '(docs/OPERATIONS.md, Memory): one run each, Slack peak 427 MB without it and 313 MB with it, Teams 459 and ' +
      '357 MB, CPU per delivery no higher (Slack 2.69 ms with it, 2.43 to 2.83 ms without; Teams 2.49, 2.66 to ' +
      '2.94). Peak RSS moves by tens of MB from run to run with when V8 happens to run its full GCs.',
  ],
  timeoutMs: 15 * 60_000,
  maxRuns: 1,
  async run({ log }) {
    const figures: Figures = {};
    if (SCENARIOS.has('slack')) {
      const slack = await measureFanout({
        platform: 'slack',
        workspaces: 1,
        membersPerWorkspace: MEMBERS,
        rate: RATE,
        baseline: true,
        log: (m) => log(`slack: ${m}`),
      });
      Object.assign(figures, singleFigures('Slack', slack));
    }
    if (SCENARIOS.has('multi')) {
      const sweep = new Map<number, FanoutResult>();
      for (const workers of SWEEP) {
        sweep.set(
          workers,
          await measureFanout({
            platform: 'slack',
            workspaces: MULTI_WORKSPACES,
            membersPerWorkspace: MULTI_MEMBERS,
            rate: MULTI_RATE,
            baseline: false,
            workers,
            log: (m) => log(`slack ×${MULTI_WORKSPACES}, ${workersLabel(workers)}: ${m}`),
          }),
        );
      }
      for (const [workers, r] of sweep) Object.assign(figures, sweepFigures(workers, r));
      const multi = sweep.get(RECOMMENDED)!;
      const summed = MULTI_WORKSPACES * MULTI_RATE;
      const at = `Slack ${MULTI_WORKSPACES} workspaces, recommended (${workersLabel(RECOMMENDED)})`;
      Object.assign(figures, {
        'multi-rate': {
          label: `${at}: total rate ÷ summed budgets (${summed}/s)`,
          value: pct(multi.rate, summed),
          unit: '%',
          target: { min: 80 },
          limits: MULTI_RATE_LIMITS,
        },
        'multi-slowest': {
          label: `${at}: the slowest workspace's rate ÷ its budget (${MULTI_RATE}/s)`,
          value: pct(multi.slowestWorkspaceRate, MULTI_RATE),
          unit: '%',
        },
        'multi-429': {
          label: `${at}: 429s ÷ message sends`,
          value: pct(multi.refused, multi.sends),
          unit: '%',
          decimals: 2,
          target: { max: 1 },
          limits:
            "each workspace's budget equals the platform's exactly, and our bucket (Redis, at the moment a job " +
            "takes its token) and the fake's (at the moment the call arrives) drift apart by the time between " +
            'the two: with ten workspaces competing for the same worker slots that time is longer and more ' +
            'uneven, so sends arrive in small bunches the platform counts as early. Each 429 parks only that job.',
        },
        'multi-duplicates': {
          label: `${at}: duplicates`,
          value: multi.duplicates,
          unit: '',
          target: { max: 0 },
        },
        'multi-missing': {
          label: `${at}: missing (of ${multi.expected.toLocaleString('en-GB')})`,
          value: multi.missing,
          unit: '',
          target: { max: 0 },
        },
        'multi-cpu': {
          label: `${at}: CPU per delivery (summed over the worker processes)`,
          value: multi.cpuMs / Math.max(1, multi.delivered),
          unit: 'ms',
          decimals: 2,
        },
      } satisfies Figures);
    }
    if (SCENARIOS.has('teams')) {
      const teams = await measureFanout({
        platform: 'teams',
        workspaces: 1,
        membersPerWorkspace: MEMBERS,
        rate: RATE,
        baseline: true,
        log: (m) => log(`teams: ${m}`),
      });
      Object.assign(figures, singleFigures('Teams', teams));
    }
    return figures;
  },
};
