/**
 * Every benchmark `npm run bench` runs, in order. To add one, write a module exporting a `Benchmark` (see
 * `types.ts` and `README.md`) and add it here: one line.
 */
import { fanoutBenchmark } from './fanout/benchmark.js';
import { footprintBenchmark } from './footprint/benchmark.js';
import { latencyBenchmark } from './latency/benchmark.js';
import { matchingBenchmark } from './matching/benchmark.js';
import { recoveryBenchmark } from './recovery/benchmark.js';
import type { Benchmark } from './types.js';

export const benchmarks: Benchmark[] = [
  matchingBenchmark,
  recoveryBenchmark,
  footprintBenchmark,
  fanoutBenchmark,
  latencyBenchmark,
];
