/**
 * The contract between the runner and a benchmark. A benchmark is a module exporting a {@link Benchmark}; it is
 * registered by adding it to the list in `bench/benchmarks.ts`. Each call of `run` is one independent run: it
 * starts its own servers on loopback, bounds its own duration, measures its baseline in the same run, and cleans
 * up what it created (its own Postgres database, its own QUEUE_PREFIX), even when it fails.
 */

/** What a figure must meet. Checked on the median of the runs. */
export interface Target {
  /** The value must be at most this. */
  max?: number;
  /** The value must be at least this. */
  min?: number;
  /** value / baseline must be at most this. */
  ratioMax?: number;
  /** value / baseline must be at least this. */
  ratioMin?: number;
}

/** One measured number of one run. */
export interface Figure {
  /** Human label, e.g. "time per round (1,000 leaders)". */
  label: string;
  value: number;
  /** 'ms', 's', 'MB', '%', '/s', or '' for a count. */
  unit: string;
  /** The same quantity for the baseline, measured in this same run. */
  baseline?: number;
  target?: Target;
  /** Shown in RESULTS.md when the target is missed: what limits this figure. Say it plainly, do not excuse it. */
  limits?: string;
  /** Decimal places to print (default: 0 for counts, 1 otherwise). */
  decimals?: number;
}

/** Figures of one run, keyed by a stable id so runs can be aggregated. */
export type Figures = Record<string, Figure>;

export interface RunContext {
  /** 0-based index of this run. */
  run: number;
  /** Progress line on stderr (never in RESULTS.md). */
  log(message: string): void;
}

export interface Benchmark {
  /** Short name used by `--only`. */
  name: string;
  title: string;
  /** What is measured and how, for RESULTS.md (one paragraph). */
  description: string;
  /** What the baseline is. */
  baseline: string;
  /** Fixed notes for RESULTS.md (method caveats, what is and is not touched). */
  notes?: string[];
  /** Upper bound of one run; the runner abandons the run after this. */
  timeoutMs: number;
  /**
   * At most this many runs, whatever `--runs` says: for benchmarks whose one run is minutes long by nature
   * (a fan-out paced by a platform's limit), so `npm run bench` stays within its time budget.
   */
  maxRuns?: number;
  run(context: RunContext): Promise<Figures>;
}
