import { writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { summariseCheckins } from '../../../src/core/checkins/report.js';
import {
  CHART_HEIGHT,
  CHART_WIDTH,
  chartAltText,
  chartBars,
  checkinChartSvg,
} from '../../../src/core/checkins/report-chart.js';
import { svgToPng } from '../../../src/services/charts/png.js';

const k = 5;
const rows = [
  { isoWeek: '2026-W45', invited: 20, answered: 12, scale: [3, 3, 4, 4, 2, 5, 3, 3, 4, 2, 3, 4] },
  { isoWeek: '2026-W46', invited: 20, answered: 2, scale: [1, 1] },
  { isoWeek: '2026-W47', invited: 0, answered: 0, scale: [] },
  { isoWeek: '2026-W48', invited: 20, answered: 9, scale: [], suppressed: true },
];

describe('report checkins chart', () => {
  const bars = chartBars(summariseCheckins(rows, k));

  it('suppressed weeks carry no value in the chart data or the SVG', () => {
    expect(bars.map((b) => b.kind)).toEqual(['shown', 'suppressed', 'none-sent', 'suppressed']);
    for (const b of bars.filter((b) => b.kind === 'suppressed'))
      expect(Object.keys(b)).toEqual(['isoWeek', 'kind']);
    const svg = checkinChartSvg(bars, k);
    // A suppressed week is a short marker at the baseline, labelled, with no bar whose height could read as a
    // value: no <rect> at all for it, nothing full height, and no percentage beside it.
    const w46 = svg.split('\n').filter((line) => line.includes('data-week="2026-W46"'));
    expect(w46.length).toBeGreaterThan(0);
    for (const line of w46) expect(line).not.toContain('<rect');
    expect(svg).not.toMatch(/<rect[^>]*data-kind="suppressed"/);
    expect(svg).toMatch(/data-week="2026-W46" data-kind="suppressed"/);
    const rects = [...svg.matchAll(/<rect data-week="([^"]+)" data-kind="([^"]+)"/g)].map((m) => [
      m[1],
      m[2],
    ]);
    expect(rects).toEqual([['2026-W45', 'shown']]);
    expect(svg.match(/>\d+%<\/text>/g)?.length).toBe(1 + 3); // the one shown week, plus the 0/50/100 axis
    expect(svg).toContain('fewer than 5');
    expect(chartAltText(bars, k)).toContain('2026-W46: fewer than 5 answered, not shown');
  });

  it('renders a PNG of the right size', () => {
    const png = svgToPng(checkinChartSvg(bars, k));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const decoded = PNG.sync.read(png);
    expect(decoded.width).toBe(CHART_WIDTH);
    expect(decoded.height).toBe(CHART_HEIGHT);
    if (process.env.WRITE_CHART_SCREENSHOT === '1') {
      // The README's picture: eight weeks, two of them under k.
      const weeks = [12, 14, 3, 15, 16, 0, 13, 17].map((answered, i) => ({
        isoWeek: `2026-W${41 + i}`,
        invited: answered === 0 ? 0 : 22,
        answered,
        scale: Array.from({ length: answered }, (_, j) => 1 + ((j * 7 + i) % 5)),
      }));
      writeFileSync(
        'docs/chart-report.png',
        svgToPng(checkinChartSvg(chartBars(summariseCheckins(weeks, k)), k)),
      );
    }
  });
});
