/**
 * The `report checkins` chart as SVG, built from the k-safe week summaries only (never from raw rows): one bar
 * per week for the rounded response rate, split by how people answered the scale (the week's rounded scale counts,
 * shown only when at least k chose a point; otherwise the bar is one colour). A week under k has no bar at all: a short dashed marker on the baseline
 * labelled "fewer than k", with no number and no height that could be read as a value (a full-height hatched bar
 * could read as 100 %), so a suppressed week never looks like zero or like a figure. The text report carries the same
 * figures for screen readers.
 */
import type { CheckinWeekSummary } from './report.js';

export const CHART_WIDTH = 640;
/** One colour per scale step, light (1, running on empty) to dark (5, plenty in the tank); colour-blind safe. */
const STEP_COLOURS = ['#deebf7', '#9ecae1', '#6baed6', '#3182bd', '#08519c'];
const STEP_NAMES = ['Running on empty', 'Running low', 'Getting by', 'Doing all right', 'Plenty in the tank'];
export const CHART_HEIGHT = 320;

/** What each bar shows: the chart's data, asserted on in tests. */
export type ChartBar =
  | {
      isoWeek: string;
      kind: 'shown';
      responseRate: number;
      /** The rounded count per scale step (1..5), or null when fewer than k chose a point. */
      scale: Array<{ value: number; count: number }> | null;
    }
  | { isoWeek: string; kind: 'suppressed' }
  | { isoWeek: string; kind: 'none-sent' };

export function chartBars(summaries: readonly CheckinWeekSummary[]): ChartBar[] {
  return summaries.map((s) =>
    s.shown
      ? {
          isoWeek: s.isoWeek,
          kind: 'shown',
          responseRate: s.responseRate,
          scale: s.scale ? s.scale.map((step) => ({ value: step.value, count: step.count })) : null,
        }
      : { isoWeek: s.isoWeek, kind: s.reason === 'none-sent' ? 'none-sent' : 'suppressed' },
  );
}

/** The alt text: the same figures as the chart, in words. */
export function chartAltText(bars: readonly ChartBar[], k: number): string {
  const parts = bars.map((b) =>
    b.kind === 'shown'
      ? `${b.isoWeek}: response rate ${b.responseRate}%${b.scale ? `, scale answers ${b.scale.map((c) => `${c.value}: ${c.count}`).join(', ')}` : ''}`
      : b.kind === 'suppressed'
        ? `${b.isoWeek}: fewer than ${k} answered, not shown`
        : `${b.isoWeek}: no check-ins sent`,
  );
  return `Chart: the share of people answering check-ins, by week. ${parts.join('; ')}.`;
}

export function checkinChartSvg(bars: readonly ChartBar[], k: number): string {
  const left = 48;
  const top = 40;
  const plotH = 200;
  const plotW = CHART_WIDTH - left - 16;
  const slot = bars.length > 0 ? plotW / bars.length : plotW;
  const barW = Math.min(60, slot * 0.6);
  // Many weeks (up to 104): label some of them, and leave the words out of narrow slots (the footnote says what
  // a dashed marker means; the alt text and the message list every week).
  const labelEvery = Math.max(1, Math.ceil(bars.length / 10));
  const roomy = slot >= 40;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}" font-family="DejaVu Sans">`,
    `<rect width="${CHART_WIDTH}" height="${CHART_HEIGHT}" fill="#ffffff"/>`,
    `<text x="${left}" y="24" font-size="16" font-weight="bold" fill="#222">Check-in response rate by week</text>`,
    `<line x1="${left}" y1="${top + plotH}" x2="${left + plotW}" y2="${top + plotH}" stroke="#444"/>`,
  ];
  for (const pct of [0, 50, 100]) {
    const y = top + plotH - (pct / 100) * plotH;
    out.push(
      `<text x="${left - 6}" y="${y + 4}" font-size="11" text-anchor="end" fill="#444">${pct}%</text>`,
    );
  }
  bars.forEach((bar, i) => {
    const cx = left + slot * i + slot / 2;
    const x = cx - barW / 2;
    if (i % labelEvery === 0)
      out.push(
        `<text x="${cx}" y="${top + plotH + 18}" font-size="11" text-anchor="middle" fill="#222">${bar.isoWeek}</text>`,
      );
    if (bar.kind === 'shown') {
      const h = (bar.responseRate / 100) * plotH;
      out.push(
        `<rect data-week="${bar.isoWeek}" data-kind="shown" x="${x}" y="${top + plotH - h}" width="${barW}" height="${h}" fill="#2f6db5"/>`,
      );
      // How the bar's people answered, lowest step at the bottom, from the rounded (k-safe) counts.
      const total = bar.scale?.reduce((n, c) => n + c.count, 0) ?? 0;
      let y = top + plotH;
      for (const c of total > 0 ? bar.scale! : []) {
        const part = (c.count / total) * h;
        if (part <= 0) continue;
        y -= part;
        out.push(
          `<rect data-segment="${c.value}" x="${x}" y="${y}" width="${barW}" height="${part}" fill="${STEP_COLOURS[c.value - 1]}"/>`,
        );
      }
      if (roomy)
        out.push(
          `<text x="${cx}" y="${top + plotH - h - 6}" font-size="12" text-anchor="middle" fill="#222">${bar.responseRate}%</text>`,
        );
    } else if (bar.kind === 'suppressed') {
      // A short dashed marker on the baseline and a label: no bar, so no height that could be read as a value.
      out.push(
        `<g data-week="${bar.isoWeek}" data-kind="suppressed"><line x1="${x}" y1="${top + plotH - 3}" x2="${x + barW}" y2="${top + plotH - 3}" stroke="#777" stroke-width="4" stroke-dasharray="5 3"/>` +
          (roomy
            ? `<text x="${cx}" y="${top + plotH - 24}" font-size="10" text-anchor="middle" fill="#444">fewer</text>` +
              `<text x="${cx}" y="${top + plotH - 12}" font-size="10" text-anchor="middle" fill="#444">than ${k}</text>`
            : '') +
          '</g>',
      );
    } else if (roomy) {
      out.push(
        `<text data-week="${bar.isoWeek}" data-kind="none-sent" x="${cx}" y="${top + plotH - 8}" font-size="10" text-anchor="middle" fill="#555">none sent</text>`,
      );
    }
  });
  if (bars.some((b) => b.kind === 'shown' && b.scale)) {
    let lx = 16;
    STEP_NAMES.forEach((name, i) => {
      out.push(
        `<rect x="${lx}" y="${CHART_HEIGHT - 41}" width="9" height="9" fill="${STEP_COLOURS[i]}" stroke="#999" stroke-width="0.5"/>`,
        `<text x="${lx + 12}" y="${CHART_HEIGHT - 33}" font-size="9" fill="#333">${i + 1} ${name}</text>`,
      );
      lx += 12 + Math.ceil((name.length + 2) * 5.4) + 14;
    });
  }
  out.push(
    `<text x="${left}" y="${CHART_HEIGHT - 12}" font-size="10" fill="#555">Dashed weeks had fewer than ${k} people answering: not shown, not zero. Rounded to the nearest 5.</text>`,
    '</svg>',
  );
  return out.join('\n');
}

/** The chart of a report's weeks: its SVG and alt text, or undefined when there are no weeks to draw. */
export function checkinChart(
  summaries: readonly CheckinWeekSummary[],
  k: number,
): { svg: string; alt: string } | undefined {
  const bars = chartBars(summaries);
  if (bars.length === 0 || bars.every((b) => b.kind === 'none-sent')) return undefined;
  return { svg: checkinChartSvg(bars, k), alt: chartAltText(bars, k) };
}
