/**
 * Every benchmark `npm run bench` runs, in order. To add one, write a module exporting a `Benchmark` (see
 * `types.ts` and `README.md`) and add it here: one line.
 */
import { footprintBenchmark } from './footprint/benchmark.js';
import { matchingBenchmark } from './matching/benchmark.js';
import { recoveryBenchmark } from './recovery/benchmark.js';
import type { Benchmark } from './types.js';

export const benchmarks: Benchmark[] = [
  // fan-out (needs test/fakes/fake-slack.ts and fake-bot-connector.ts): see README.md, "Extension points"
  // interaction latency (needs adapters/slack and adapters/teams): see README.md, "Extension points"
  matchingBenchmark,
  recoveryBenchmark,
  footprintBenchmark,
];
