/** Publish a small chart (`session mix`, `pairing status`) and return the picture for the message, if any. */
import { type SmallChart, smallChartAltText, smallChartSvg } from '../../core/charts/bar-chart.js';
import type { ServiceContext } from '../context.js';

export async function publishChart(
  ctx: Pick<ServiceContext, 'charts'>,
  chart: SmallChart | undefined,
): Promise<{ url: string; alt: string } | undefined> {
  if (!chart || chart.rows.length === 0) return undefined;
  const url = await ctx.charts.publish(smallChartSvg(chart));
  return url ? { url, alt: smallChartAltText(chart) } : undefined;
}
