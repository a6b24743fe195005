/** Aggregation of figures across runs: median, min and max, and the ratio against the same run's baseline. */
import type { Figure, Figures, Target } from './types.js';

export interface Spread {
  median: number;
  min: number;
  max: number;
}

export interface Summary {
  id: string;
  figure: Figure;
  value: Spread;
  baseline?: Spread;
  /** value / baseline per run, then summarised: each ratio uses the baseline of its own run. */
  ratio?: Spread;
  /** undefined when the figure has no target. */
  met?: boolean;
  runs: number;
}

/** Median (mean of the two middle values for an even count), min and max. */
export function spread(values: readonly number[]): Spread {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN };
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted.at(-1)! };
}

/** Is the target met by this median value and median ratio? */
export function meets(target: Target, value: number, ratio: number | undefined): boolean {
  if (target.max !== undefined && !(value <= target.max)) return false;
  if (target.min !== undefined && !(value >= target.min)) return false;
  if (target.ratioMax !== undefined && !(ratio !== undefined && ratio <= target.ratioMax)) return false;
  if (target.ratioMin !== undefined && !(ratio !== undefined && ratio >= target.ratioMin)) return false;
  return true;
}

/**
 * Summarise the runs of one benchmark, figure by figure, in the order of the first run.
 * @param runs the figures of each successful run.
 */
export function summarise(runs: readonly Figures[]): Summary[] {
  const ids: string[] = [];
  for (const r of runs) for (const id of Object.keys(r)) if (!ids.includes(id)) ids.push(id);
  return ids.map((id) => {
    const present = runs.map((r) => r[id]).filter((f): f is Figure => f !== undefined);
    const figure = present[0]!;
    const value = spread(present.map((f) => f.value));
    const withBase = present.filter((f) => f.baseline !== undefined);
    const summary: Summary = { id, figure, value, runs: present.length };
    if (withBase.length > 0) {
      summary.baseline = spread(withBase.map((f) => f.baseline!));
      // A ratio only when every run has a non-zero baseline: a spread over some runs would mislead.
      if (withBase.length === present.length && withBase.every((f) => f.baseline !== 0)) {
        summary.ratio = spread(withBase.map((f) => f.value / f.baseline!));
      }
    }
    if (figure.target) summary.met = meets(figure.target, value.median, summary.ratio?.median);
    return summary;
  });
}
