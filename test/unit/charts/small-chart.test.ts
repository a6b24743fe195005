import { writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import {
  smallChartAltText,
  smallChartHeight,
  smallChartSvg,
  SMALL_CHART_WIDTH,
} from '../../../src/core/charts/bar-chart.js';
import { pairingChart } from '../../../src/core/pairing/pairing-messages.js';
import { mixChart } from '../../../src/core/sessions/mix-report.js';
import { evaluateMix } from '../../../src/core/sessions/mix.js';
import { svgToPng } from '../../../src/services/charts/png.js';

const k = 5;

function mix(goingByBand: Record<string, number>, capacity: number | null) {
  const evaluation = evaluateMix({
    mix: [
      { band: 'frontline', count: 10 },
      { band: 'manager', percent: 30 },
      { band: 'leader', count: 4 },
    ],
    capacity,
    goingByBand,
  });
  return { id: 7, title: 'Handover', evaluation, goingByBand, waitlisted: 0, nudgeBands: [], k };
}

describe('small charts (session mix, pairing status)', () => {
  it('session mix: a band under k has no bar and no value; a percent target of an open session has no marker', () => {
    const chart = mixChart(mix({ frontline: 8, manager: 4, leader: 0 }, null))!;
    expect(chart.rows).toEqual([
      { label: 'frontline', kind: 'shown', value: 10, max: 10, words: 'about 10 · target 10', target: 10 },
      { label: 'manager', kind: 'suppressed' },
      { label: 'leader', kind: 'none', words: 'nobody going · target 4' },
    ]);
    const svg = smallChartSvg(chart);
    expect(svg).not.toMatch(/<rect[^>]*data-kind="suppressed"/);
    expect([...svg.matchAll(/<rect data-row="(\d+)"/g)].map((m) => m[1])).toEqual(['0']);
    // The manager target (30% of an open session) would give the exact number going away: no marker for it.
    expect([...svg.matchAll(/data-row="(\d+)" data-kind="target"/g)].map((m) => m[1])).toEqual(['0']);
    expect(svg).toContain('fewer than 5: not shown');
    expect(smallChartAltText(chart)).toContain('manager: fewer than 5, not shown');
    // Going figures are the rounded ones: the exact 8 and 4 appear nowhere (4 is only the leaders' target).
    expect(svg).not.toMatch(/about [1-9]\b|>[^<]*\b8\b[^<]*</);
    expect(svg.match(/>[^<]*\b4\b[^<]*</g)).toEqual(['>nobody going · target 4<']);
  });

  it('pairing status: a round under k is suppressed, a waiting round shows only when', () => {
    const chart = pairingChart({
      poolSize: 12,
      rounds: 3,
      groupsFormed: 12,
      groupsWithMessages: 9,
      ratings: [
        { round: 2, kind: 'frozen', raters: 4, sum: 15 },
        { round: 3, kind: 'waiting', shownFrom: '9 Dec 2026' },
      ],
      k,
    });
    expect(chart.rows).toEqual([
      { label: 'Groups that talked', kind: 'shown', value: 100, max: 100, words: '100% of about 10' },
      { label: 'Round 2: did it help?', kind: 'suppressed' },
      { label: 'Round 3: did it help?', kind: 'none', words: 'shown from 9 Dec 2026' },
    ]);
    const shown = pairingChart({
      poolSize: 12,
      rounds: 1,
      groupsFormed: 20,
      groupsWithMessages: 11,
      ratings: [{ round: 1, kind: 'frozen', raters: 6, sum: 23 }],
      k,
    });
    expect(shown.rows[1]).toEqual({
      label: 'Round 1: did it help?',
      kind: 'shown',
      value: 3.8,
      max: 5,
      words: '3.8 out of 5',
    });
  });

  it('renders a PNG of the right size', () => {
    const chart = mixChart(mix({ frontline: 8, manager: 4, leader: 7 }, 30))!;
    const png = svgToPng(smallChartSvg(chart));
    const decoded = PNG.sync.read(png);
    expect([decoded.width, decoded.height]).toEqual([SMALL_CHART_WIDTH, smallChartHeight(3)]);
    if (process.env.WRITE_CHART_SCREENSHOT === '1') writeFileSync('docs/chart-session-mix.png', png);
  });
});
