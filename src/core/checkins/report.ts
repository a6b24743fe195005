/**
 * `report checkins [weeks N]`: check-in totals per whole ISO week for the whole workspace audience.
 *
 * Anonymity rules, and why:
 * - A week shows any figure only when at least k people answered; otherwise it shows "fewer than k answered"
 *   and nothing else — not even the invited count, which next to other figures could narrow things down.
 * - The scale chart additionally needs at least k people who chose a point on the scale (answering is possible
 *   without choosing one), so a chart never rests on fewer than k answers.
 * - Whole ISO weeks only and no filters (no audience, band or organisation), so two reports cannot be
 *   subtracted to isolate a smaller group or a few days.
 * - k is never below `MIN_K` (3), whatever is passed in.
 * - The week in progress shows only how many people were sent a check-in so far, and only when that is at
 *   least k (a smaller number could point at the one or two people it was). It never shows anything derived
 *   from answers: an open week's answer figures, read today and again once the week is frozen, could be
 *   subtracted to single out whoever answered in between.
 */
import type { Block, Message } from '../messages/message.js';
import { CAPACITY_SCALE, type CapacityValue, isCapacityValue } from './capacity-scale.js';
import { isIsoWeek, isoWeekMonday } from './iso-week.js';
import { effectiveK } from './k-rule.js';

export { currentWeek, isoWeek, wholeWeeksBefore, type IsoWeekRange } from './iso-week.js';

/** What the store returns for one whole ISO week, for the whole workspace audience. */
export interface CheckinWeekRow {
  /** e.g. `2026-W47`. */
  isoWeek: string;
  /** Check-ins delivered that week. */
  invited: number;
  /** Check-ins answered (not skipped) that week. */
  answered: number;
  /** The scale values of the answers that chose one (1..5). */
  scale: number[];
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
  count: number;
}

/** One week, after the k rule. Suppressed weeks carry no figures at all. */
export type CheckinWeekSummary =
  | { isoWeek: string; shown: false; reason: 'none-sent' | 'fewer-than-k' }
  | {
      isoWeek: string;
      shown: true;
      invited: number;
      answered: number;
      /** Whole percent, 0..100. */
      responseRate: number;
      /** Null when fewer than k chose a point on the scale. */
      scale: ScaleStepCount[] | null;
    };

/** Apply the k rule to one week's figures. */
export function summariseWeek(row: CheckinWeekRow, k: number): CheckinWeekSummary {
  const minimum = effectiveK(k);
  if (row.invited <= 0 && row.answered <= 0)
    return { isoWeek: row.isoWeek, shown: false, reason: 'none-sent' };
  if (row.answered < minimum) return { isoWeek: row.isoWeek, shown: false, reason: 'fewer-than-k' };
  const values = row.scale.filter(isCapacityValue);
  const scale =
    values.length >= minimum
      ? CAPACITY_SCALE.map((step) => ({
          value: step.value,
          label: step.label,
          count: values.filter((value) => value === step.value).length,
        }))
      : null;
  const invited = Math.max(row.invited, row.answered);
  return {
    isoWeek: row.isoWeek,
    shown: true,
    invited,
    answered: row.answered,
    responseRate: Math.round((row.answered / invited) * 100),
    scale,
  };
}

/**
 * Aggregate rows into one summary per week, oldest first. Two rows for the same week (two cadences) are added
 * together before the k rule is applied.
 */
export function summariseCheckins(rows: readonly CheckinWeekRow[], k: number): CheckinWeekSummary[] {
  const byWeek = new Map<string, CheckinWeekRow>();
  for (const row of rows) {
    const seen = byWeek.get(row.isoWeek);
    byWeek.set(
      row.isoWeek,
      seen
        ? {
            isoWeek: row.isoWeek,
            invited: seen.invited + row.invited,
            answered: seen.answered + row.answered,
            scale: [...seen.scale, ...row.scale],
          }
        : { ...row, scale: [...row.scale] },
    );
  }
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
  const figures = `Invited ${summary.invited} · answered ${summary.answered} · response rate ${summary.responseRate}%`;
  const chart = summary.scale ? scaleChart(summary.scale) : `Fewer than ${k} chose a point on the scale.`;
  return `${figures}\n${chart}`;
}

function currentWeekText(week: CurrentWeekRow, k: number): string {
  const sent =
    week.sentTo <= 0
      ? 'No check-ins sent yet this week.'
      : week.sentTo < k
        ? `Check-ins sent to fewer than ${k} people so far.`
        : `Check-ins sent to ${week.sentTo} people so far.`;
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
  if (weeks === 0) {
    blocks.push({ type: 'text', text: 'There are no check-ins to report for these weeks.' });
  }
  for (const summary of summaries) {
    blocks.push({ type: 'section', title: weekTitle(summary.isoWeek), text: weekText(summary, k) });
  }
  if (input.current) {
    blocks.push({
      type: 'section',
      title: `${weekTitle(input.current.isoWeek)} · in progress`,
      text: currentWeekText(input.current, k),
    });
  }
  blocks.push({
    type: 'context',
    text:
      `A week shows figures only when at least ${k} people answered, so nobody can be singled out. ` +
      'Names and reflections are never shown here.',
  });
  return { text: heading, blocks };
}
