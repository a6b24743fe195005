/**
 * A small horizontal bar chart as SVG, for `session mix` and `pairing status`: one row per figure, drawn only
 * from figures that already went through the disclosure rule. A row under k has no bar at all: a short dashed
 * marker at the start of the row and the words "fewer than k", so a suppressed figure never reads as zero or as
 * a value. Every row carries its own words too (the message text lists the same figures for screen readers).
 */

export const SMALL_CHART_WIDTH = 600;

/** One row of a small chart: the chart's data, asserted on in tests. */
export type ChartRow =
  /** `value` out of `max` (the row's own scale); `words` is printed beside the bar. */
  | { label: string; kind: 'shown'; value: number; max: number; words: string; target?: number }
  | { label: string; kind: 'suppressed' }
  /** Nothing to draw (nobody yet, no round ended): only the words. */
  | { label: string; kind: 'none'; words: string };

export interface SmallChart {
  title: string;
  rows: readonly ChartRow[];
  /** The footnote under the rows (the disclosure rule in a line). */
  note: string;
  k: number;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function smallChartHeight(rows: number): number {
  return 56 + Math.max(1, rows) * 34 + 30;
}

/** The alt text: the same figures as the chart, in words. */
export function smallChartAltText(chart: SmallChart): string {
  const parts = chart.rows.map((r) =>
    r.kind === 'shown'
      ? `${r.label}: ${r.words}`
      : r.kind === 'suppressed'
        ? `${r.label}: fewer than ${chart.k}, not shown`
        : `${r.label}: ${r.words}`,
  );
  return `${chart.title}. ${parts.join('; ')}.`;
}

export function smallChartSvg(chart: SmallChart): string {
  const width = SMALL_CHART_WIDTH;
  const height = smallChartHeight(chart.rows.length);
  const labelW = 170;
  const plotX = 16 + labelW;
  const plotW = 230;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="16" y="26" font-size="15" font-weight="bold" fill="#222">${escapeXml(chart.title)}</text>`,
  ];
  chart.rows.forEach((row, i) => {
    const y = 48 + i * 34;
    const label = escapeXml(row.label.length > 26 ? `${row.label.slice(0, 25)}…` : row.label);
    out.push(`<text x="16" y="${y + 15}" font-size="12" fill="#222">${label}</text>`);
    out.push(
      `<line x1="${plotX}" y1="${y - 2}" x2="${plotX}" y2="${y + 22}" stroke="#444" stroke-width="1"/>`,
    );
    if (row.kind === 'shown') {
      const scale = row.max > 0 ? plotW / row.max : 0;
      const w = Math.max(0, Math.min(plotW, row.value * scale));
      out.push(
        `<rect data-row="${i}" data-kind="shown" x="${plotX}" y="${y}" width="${w}" height="20" fill="#2f6db5"/>`,
      );
      if (row.target !== undefined && row.max > 0) {
        const tx = plotX + Math.min(plotW, row.target * scale);
        out.push(
          `<line data-row="${i}" data-kind="target" x1="${tx}" y1="${y - 4}" x2="${tx}" y2="${y + 24}" stroke="#c0392b" stroke-width="2"/>`,
        );
      }
      out.push(
        `<text x="${plotX + plotW + 12}" y="${y + 15}" font-size="12" fill="#222">${escapeXml(row.words)}</text>`,
      );
    } else if (row.kind === 'suppressed') {
      out.push(
        `<g data-row="${i}" data-kind="suppressed"><line x1="${plotX + 2}" y1="${y + 10}" x2="${plotX + 30}" y2="${y + 10}" stroke="#777" stroke-width="4" stroke-dasharray="5 3"/>` +
          `<text x="${plotX + 38}" y="${y + 15}" font-size="12" fill="#444">fewer than ${chart.k}: not shown</text></g>`,
      );
    } else {
      out.push(
        `<text data-row="${i}" data-kind="none" x="${plotX + 10}" y="${y + 15}" font-size="12" fill="#444">${escapeXml(row.words)}</text>`,
      );
    }
  });
  out.push(
    `<text x="16" y="${height - 12}" font-size="10" fill="#555">${escapeXml(chart.note)}</text>`,
    '</svg>',
  );
  return out.join('\n');
}
