/** Renders bench/RESULTS.md from the summaries of a run of `npm run bench`. */
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import type { Summary } from './stats.js';
import type { Benchmark, Target } from './types.js';

export interface BenchmarkOutcome {
  benchmark: Benchmark;
  summaries: Summary[];
  /** Runs that threw or timed out, with the message. */
  failures: string[];
  seconds: number;
  /** Runs made (fewer than asked when the benchmark sets `maxRuns`). */
  runs: number;
}

export interface Environment {
  date: Date;
  runs: number;
  only?: string;
  services: string[];
  totalSeconds: number;
  /** 1-minute load average when the run started. */
  loadAtStart: number;
}

function fmt(value: number, decimals: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value.toLocaleString('en-GB', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

function targetText(t: Target, unit: string): string {
  const u = unit ? ` ${unit}` : '';
  const parts: string[] = [];
  if (t.max !== undefined) parts.push(`≤ ${fmt(t.max, t.max % 1 === 0 ? 0 : 2)}${u}`);
  if (t.min !== undefined) parts.push(`≥ ${fmt(t.min, t.min % 1 === 0 ? 0 : 2)}${u}`);
  if (t.ratioMax !== undefined) parts.push(`≤ ${t.ratioMax}× baseline`);
  if (t.ratioMin !== undefined) parts.push(`≥ ${t.ratioMin}× baseline`);
  return parts.join(', ');
}

/** The machine, as RESULTS.md states it. */
export function machine(): string {
  const cpu = cpus();
  const model = cpu[0]?.model.trim() ?? 'unknown CPU';
  return `${cpu.length} cores (${model}), ${fmt(totalmem() / 2 ** 30, 1)} GiB memory, ${platform()} ${release()}, Node ${process.version}`;
}

/**
 * The whole of RESULTS.md.
 * @param env when, how many runs, the services used.
 * @param outcomes one per benchmark run, in order.
 */
export function renderResults(env: Environment, outcomes: BenchmarkOutcome[]): string {
  const lines: string[] = [];
  lines.push('# Benchmark results', '');
  lines.push(
    `Written by \`npm run bench\` (\`bench/run.ts\`); do not edit by hand. See \`bench/README.md\`.`,
    '',
  );
  lines.push(`- Date: ${env.date.toISOString()}`);
  lines.push(`- Machine: ${machine()}`);
  for (const s of env.services) lines.push(`- ${s}`);
  lines.push(
    `- Runs per benchmark: ${env.runs}${env.only ? ` (only \`${env.only}\`)` : ''}, fewer where a benchmark caps its runs (its section says so); every figure is the median of the runs, with min and max.`,
  );
  lines.push(
    '- A ratio compares a figure with its baseline measured in the same run (value ÷ baseline, per run, then median, min and max).',
  );
  lines.push(`- Total wall time: ${fmt(env.totalSeconds, 0)} s`);
  lines.push(
    `- Load average (1 min) at start ${fmt(env.loadAtStart, 1)}, at end ${fmt(loadavg()[0] ?? Number.NaN, 1)} ` +
      `on ${cpus().length} cores: above the core count, other work competed and wall-clock figures are inflated.`,
    '',
  );

  const missed: string[] = [];
  for (const o of outcomes) {
    for (const s of o.summaries) {
      if (s.met === false) missed.push(`${o.benchmark.name}: ${s.figure.label}`);
    }
  }
  lines.push('## Summary', '');
  const targets = outcomes.flatMap((o) => o.summaries.filter((s) => s.met !== undefined));
  lines.push(
    `${targets.length - missed.length} of ${targets.length} targets met.` +
      (missed.length > 0 ? ` Missed: ${missed.join('; ')}.` : ''),
  );
  const failed = outcomes.filter((o) => o.failures.length > 0);
  if (failed.length > 0)
    lines.push('', `Runs that failed: ${failed.map((o) => o.benchmark.name).join(', ')}.`);
  lines.push('');

  for (const o of outcomes) {
    const b = o.benchmark;
    lines.push(`## ${b.title} (\`${b.name}\`)`, '');
    lines.push(b.description, '');
    lines.push(`Baseline: ${b.baseline}`, '');
    lines.push(
      `Wall time: ${fmt(o.seconds, 0)} s for ${o.runs} run(s)${o.runs < env.runs ? ` (capped by the benchmark's \`maxRuns\`, see its notes)` : ''}.`,
      '',
    );
    if (o.summaries.length > 0) {
      lines.push(
        '| figure | median | min | max | baseline (median) | ratio median (min–max) | target | met |',
      );
      lines.push('| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |');
      for (const s of o.summaries) {
        const f = s.figure;
        const d = f.decimals ?? (f.unit === '' ? 0 : 1);
        const u = f.unit ? ` ${f.unit}` : '';
        const ratio = s.ratio
          ? `${fmt(s.ratio.median, 2)}× (${fmt(s.ratio.min, 2)}–${fmt(s.ratio.max, 2)})`
          : s.baseline
            ? 'n/a (baseline 0 in a run)'
            : '—';
        lines.push(
          `| ${f.label} | ${fmt(s.value.median, d)}${u} | ${fmt(s.value.min, d)} | ${fmt(s.value.max, d)} | ` +
            `${s.baseline ? `${fmt(s.baseline.median, d)}${u}` : '—'} | ${ratio} | ` +
            `${f.target ? targetText(f.target, f.unit) : '—'} | ${s.met === undefined ? '—' : s.met ? 'yes' : '**no**'} |`,
        );
      }
      lines.push('');
    }
    const misses = o.summaries.filter((s) => s.met === false);
    if (misses.length > 0) {
      lines.push('**Targets missed, and what limits them:**', '');
      for (const s of misses) {
        lines.push(`- ${s.figure.label}: ${s.figure.limits ?? 'not yet analysed.'}`);
      }
      lines.push('');
    }
    if (o.failures.length > 0) {
      lines.push('**Failed runs:**', '');
      for (const f of o.failures) lines.push(`- ${f.replace(/\n/g, ' ').slice(0, 400)}`);
      lines.push('');
    }
    if (b.notes && b.notes.length > 0) {
      lines.push('Notes:', '');
      for (const n of b.notes) lines.push(`- ${n}`);
      lines.push('');
    }
  }
  return lines.join('\n');
}
