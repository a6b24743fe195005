/**
 * `npm run bench [-- --only <name>] [-- --runs N]`: runs every registered benchmark N times (default 3), one run
 * after another, and writes bench/RESULTS.md. Progress goes to stderr.
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { benchmarks } from './benchmarks.js';
import { serviceVersions } from './lib/services.js';
import { type BenchmarkOutcome, renderResults } from './report.js';
import { summarise } from './stats.js';
import type { Benchmark, Figures } from './types.js';

interface Args {
  only?: string;
  runs: number;
  out: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { runs: 3, out: fileURLToPath(new URL('./RESULTS.md', import.meta.url)) };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--only') args.only = next();
    else if (a === '--runs') {
      args.runs = Number(next());
      if (!Number.isInteger(args.runs) || args.runs < 1) throw new Error('--runs must be a whole number ≥ 1');
    } else if (a === '--out') args.out = next();
    else throw new Error(`unknown argument ${a} (use --only <name>, --runs N, --out <file>)`);
  }
  return args;
}

async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<T>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms / 1000} s`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

async function runBenchmark(b: Benchmark, asked: number): Promise<BenchmarkOutcome> {
  const runs = Math.min(asked, b.maxRuns ?? asked);
  const started = performance.now();
  const results: Figures[] = [];
  const failures: string[] = [];
  for (let run = 0; run < runs; run++) {
    const log = (m: string) => process.stderr.write(`[${b.name} ${run + 1}/${runs}] ${m}\n`);
    log('start');
    try {
      results.push(await withTimeout(b.run({ run, log }), b.timeoutMs, `${b.name} run ${run + 1}`));
      log('done');
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      failures.push(`run ${run + 1}: ${message}`);
      log(`FAILED: ${message}`);
    }
  }
  return {
    benchmark: b,
    runs,
    summaries: summarise(results),
    failures,
    seconds: (performance.now() - started) / 1000,
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const selected = args.only ? benchmarks.filter((b) => b.name === args.only) : benchmarks;
  if (selected.length === 0) {
    throw new Error(`no benchmark named ${args.only}; known: ${benchmarks.map((b) => b.name).join(', ')}`);
  }
  const date = new Date();
  const loadAtStart = loadavg()[0] ?? Number.NaN;
  const started = performance.now();
  const outcomes: BenchmarkOutcome[] = [];
  for (const b of selected) outcomes.push(await runBenchmark(b, args.runs));
  const text = renderResults(
    {
      date,
      runs: args.runs,
      only: args.only,
      services: await serviceVersions(),
      totalSeconds: (performance.now() - started) / 1000,
      loadAtStart,
    },
    outcomes,
  );
  writeFileSync(args.out, text);
  process.stderr.write(`wrote ${args.out}\n`);
  // Failed runs are in the report; the exit code tells CI.
  process.exitCode = outcomes.some((o) => o.failures.length > 0) ? 1 : 0;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
