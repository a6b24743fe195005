/**
 * `report checkins [weeks N]`: check-in totals per whole ISO week for the whole workspace audience, made by the
 * disclosure rule (`src/core/anonymity/disclosure.ts`).
 *
 * Anonymity rules, and why:
 * - Everything counts distinct people, never deliveries: one person answering five `checkin now` rounds in a
 *   week is one person who answered, and the chart holds one value per person per week — their latest answer
 *   that chose a point on the scale (latest, not median: it is a real answer they gave, and says how the week
 *   ended for them).
 * - A week shows any figure only when at least k people answered; otherwise it shows "fewer than k answered"
 *   and nothing else. Such a week is frozen with no figures at all ({@link figuresToFreeze}), so the stored
 *   weekly figures never hold a week that fewer than k people made.
 * - The scale chart additionally needs at least k people who chose a point on the scale.
 * - Every shown count is rounded to the nearest 5, and the response rate is computed from the rounded counts.
 * - Whole ISO weeks only and no filters (no audience, band or organisation), so two reports cannot be
 *   subtracted to isolate a smaller group or a few days; a closed week's figures are frozen once read.
 * - The week in progress shows only how many people were sent a check-in so far, through the same rule. It
 *   never shows anything derived from answers: an open week's answer figures, read today and again once the
 *   week is frozen, could be subtracted to single out whoever answered in between.
 */
import {
  type Disclosed,
  ROUNDING_BASE,
  countWords,
  discloseCells,
  discloseCount,
  disclosedPercent,
  distinctPeople,
} from '../anonymity/disclosure.js';
import type { Block, Message } from '../messages/message.js';
import { CAPACITY_SCALE, type CapacityValue, isCapacityValue } from './capacity-scale.js';
import { isIsoWeek, isoWeekMonday } from './iso-week.js';
import { effectiveK } from './k-rule.js';

export { currentWeek, isoWeek, wholeWeeksBefore, type IsoWeekRange } from './iso-week.js';

/** One check-in delivered in a week, as the store reads it: who (an opaque id), and their answer if any. */
export interface CheckinDeliveryRow {
  person: string;
  /** True when answered and not skipped. */
  answered: boolean;
  scale: number | null;
  answeredAt: Date | null;
}

/**
 * One whole ISO week's figures over distinct people, for the whole workspace audience. This is also what is
 * frozen; a frozen week under k is `suppressed` with every figure 0.
 */
export interface CheckinWeekRow {
  /** e.g. `2026-W47`. */
  isoWeek: string;
  /** Distinct people sent a check-in that week. */
  invited: number;
  /** Distinct people who answered (not skipped) at least once that week. */
  answered: number;
  /** One scale value (1..5) per person who chose one: their latest that week. */
  scale: number[];
  /** Frozen under k: no figures were kept. */
  suppressed?: boolean;
}

/** Reduce a week's deliveries to figures over distinct people (the latest scale answer per person). */
export function weekFromDeliveries(isoWeek: string, rows: readonly CheckinDeliveryRow[]): CheckinWeekRow {
  const latest = new Map<string, { at: number; value: number }>();
  for (const r of rows) {
    if (!r.answered || r.scale === null || !isCapacityValue(r.scale)) continue;
    const at = r.answeredAt?.getTime() ?? 0;
    const seen = latest.get(r.person);
    if (!seen || at >= seen.at) latest.set(r.person, { at, value: r.scale });
  }
  return {
    isoWeek,
    invited: distinctPeople(rows.map((r) => r.person)),
    answered: distinctPeople(rows.filter((r) => r.answered).map((r) => r.person)),
    scale: [...latest.values()].map((v) => v.value),
  };
}

/** What may be stored when a closed week is frozen: a week under k keeps no figures at all. */
export function figuresToFreeze(row: CheckinWeekRow, k: number): CheckinWeekRow {
  if (row.suppressed || row.answered < effectiveK(k)) {
    return { isoWeek: row.isoWeek, invited: 0, answered: 0, scale: [], suppressed: true };
  }
  return { ...row, scale: [...row.scale] };
}

/**
 * The week still in progress. Deliberately no answer counts: see the module comment for why an open week
 * must never carry figures derived from answers.
 */
export interface CurrentWeekRow {
  /** e.g. `2026-W49`. */
  isoWeek: string;
  /** Distinct people sent a check-in so far this week (people, not deliveries). */
  sentTo: number;
}

export interface ScaleStepCount {
  value: CapacityValue;
  label: string;
  /** Rounded to the nearest 5. */
  count: number;
}

/** One week, after the disclosure rule. Suppressed weeks carry no figures at all. */
export type CheckinWeekSummary =
  | { isoWeek: string; shown: false; reason: 'none-sent' | 'fewer-than-k' }
  | {
      isoWeek: string;
      shown: true;
      /** People sent a check-in, rounded. */
      invited: number;
      /** People who answered, rounded. */
      answered: number;
      /** Whole percent of the rounded counts, 0..100. */
      responseRate: number;
      /** Null when fewer than k chose a point on the scale. */
      scale: ScaleStepCount[] | null;
    };

/** Apply the disclosure rule to one week's figures. */
export function summariseWeek(row: CheckinWeekRow, k: number): CheckinWeekSummary {
  if (!row.suppressed && row.invited <= 0 && row.answered <= 0)
    return { isoWeek: row.isoWeek, shown: false, reason: 'none-sent' };
  const answered = row.suppressed ? ({ shown: false } as Disclosed) : discloseCount(row.answered, k);
  if (!answered.shown) return { isoWeek: row.isoWeek, shown: false, reason: 'fewer-than-k' };
  const invited = discloseCount(Math.max(row.invited, row.answered), k);
  const values = row.scale.filter(isCapacityValue);
  const cells = discloseCells(
    CAPACITY_SCALE.map((step) => ({ value: step, count: values.filter((v) => v === step.value).length })),
    k,
  );
  return {
    isoWeek: row.isoWeek,
    shown: true,
    invited: invited.shown ? invited.value : answered.value,
    answered: answered.value,
    responseRate: disclosedPercent(answered, invited) ?? 100,
    scale: cells ? cells.map((c) => ({ value: c.value.value, label: c.value.label, count: c.count })) : null,
  };
}

/**
 * One summary per week, oldest first. Rows are already per week over distinct people (the store reads a
 * week's deliveries across every cadence at once), so two rows for one week would double-count a person:
 * the first row of a week wins.
 */
export function summariseCheckins(rows: readonly CheckinWeekRow[], k: number): CheckinWeekSummary[] {
  const byWeek = new Map<string, CheckinWeekRow>();
  for (const row of rows) if (!byWeek.has(row.isoWeek)) byWeek.set(row.isoWeek, row);
  return [...byWeek.values()]
    .sort((a, b) => (a.isoWeek < b.isoWeek ? -1 : a.isoWeek > b.isoWeek ? 1 : 0))
    .map((row) => summariseWeek(row, k));
}

const BAR_WIDTH = 10;
const BAR = '█';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Text bars scaled to the largest count; any count above zero gets at least one block. */
export function scaleChart(steps: readonly ScaleStepCount[]): string {
  const max = Math.max(0, ...steps.map((step) => step.count));
  return steps
    .map((step) => {
      const length =
        max === 0 || step.count === 0 ? 0 : Math.max(1, Math.round((step.count / max) * BAR_WIDTH));
      const bar = BAR.repeat(length);
      return `${step.value} ${step.label}: ${bar ? `${bar} ` : ''}${step.count}`;
    })
    .join('\n');
}

function weekTitle(week: string): string {
  if (!isIsoWeek(week)) return week;
  const monday = isoWeekMonday(week);
  return `${week} · week of ${monday.day} ${MONTHS[monday.month - 1]} ${monday.year}`;
}

function weekText(summary: CheckinWeekSummary, k: number): string {
  if (!summary.shown) {
    return summary.reason === 'none-sent' ? 'No check-ins were sent.' : `Fewer than ${k} answered.`;
  }
  const figures = `Sent to about ${summary.invited} people · about ${summary.answered} answered · response rate ${summary.responseRate}%`;
  const chart = summary.scale ? scaleChart(summary.scale) : `Fewer than ${k} chose a point on the scale.`;
  return `${figures}\n${chart}`;
}

function currentWeekText(week: CurrentWeekRow, k: number): string {
  const sent =
    week.sentTo <= 0
      ? 'No check-ins sent yet this week.'
      : `Check-ins sent to ${countWords(discloseCount(week.sentTo, k), k)} people so far.`;
  return `${sent}\nFigures come once the week closes, and only if at least ${k} people answered.`;
}

export interface CheckinReportInput {
  rows: readonly CheckinWeekRow[];
  /** The week in progress, shown after the whole weeks; only its sent count. */
  current?: CurrentWeekRow;
  /** The workspace's k; raised to `MIN_K` if lower. */
  k: number;
  /** The zone the weeks were cut in, named in the report. */
  zone?: string;
  /** "What we are doing about this", by ISO week (`report respond`), shown under its week. */
  responses?: Readonly<Record<string, string>>;
  /** The weeks' chart (`report-chart.ts`), already published at a signed link; shown under the heading. */
  chart?: { url: string; alt: string };
}

/** The line under a week that was answered with `report respond`. */
export function weekResponseBlock(response: string): Block {
  return { type: 'text', text: `What we are doing about this: ${response}` };
}

/** The report message for `report checkins [weeks N]`: one section per week, then what the k rule means. */
export function renderCheckinReport(input: CheckinReportInput): Message {
  const k = effectiveK(input.k);
  const summaries = summariseCheckins(input.rows, k);
  const weeks = summaries.length;
  const whole = weeks === 1 ? 'Check-ins: the last whole week' : `Check-ins: the last ${weeks} whole weeks`;
  const heading = input.current ? `${whole} and this week so far` : whole;
  const zone = input.zone ? ` (${input.zone})` : '';
  const blocks: Block[] = [{ type: 'section', title: heading, text: `Weeks run Monday to Sunday${zone}.` }];
  // The picture summarises; every figure in it is also in the words below, for screen readers.
  if (input.chart) blocks.push({ type: 'image', url: input.chart.url, alt: input.chart.alt });
  if (weeks === 0) {
    blocks.push({ type: 'text', text: 'There are no check-ins to report for these weeks.' });
  }
  for (const summary of summaries) {
    blocks.push({ type: 'section', title: weekTitle(summary.isoWeek), text: weekText(summary, k) });
    const response = input.responses?.[summary.isoWeek];
    if (response) blocks.push(weekResponseBlock(response));
  }
  if (input.current) {
    blocks.push({
      type: 'section',
      title: `${weekTitle(input.current.isoWeek)} · in progress`,
      text: currentWeekText(input.current, k),
    });
    const response = input.responses?.[input.current.isoWeek];
    if (response) blocks.push(weekResponseBlock(response));
  }
  blocks.push({
    type: 'context',
    text:
      `A week shows figures only when at least ${k} people answered, so nobody can be singled out. ` +
      `Figures count people, not check-ins, and are rounded to the nearest ${ROUNDING_BASE}. ` +
      'Names and reflections are never shown here.',
  });
  return { text: heading, blocks };
}
