/**
 * `report checkins [weeks N]` and the weekly freeze. Figures are per whole ISO week in the workspace zone, for
 * the whole workspace (no filters), and a closed week's figures are frozen the first time they are read (or by
 * the daily retention task, before it deletes anything), so a later deletion can never be subtracted out of a
 * fresh report. Answers that arrive after their week was frozen are not counted. The week in progress is shown
 * too, but only as the number of people sent a check-in so far (the core decides whether even that may show):
 * nothing from its answers is read, so nothing can be differenced against the week's frozen figures later.
 */
import {
  type CheckinWeekRow,
  type CurrentWeekRow,
  currentWeek,
  effectiveK,
  figuresToFreeze,
  summariseCheckins,
  renderCheckinReport,
  weekFromDeliveries,
  wholeWeeksBefore,
} from '../../core/checkins/index.js';
import { checkinChart } from '../../core/checkins/report-chart.js';
import type { Message } from '../../core/messages/message.js';
import {
  type WeekFigures,
  distinctPeopleSentTo,
  freezeWeek,
  frozenWeeks,
  weekDeliveries,
} from '../../store/checkin-answer.repository.js';
import type { Workspace } from '../../store/workspace.repository.js';
import type { ServiceContext } from '../context.js';
import { weekResponses } from './report-response.js';

/** Weeks shown when `report checkins` names no number. */
export const DEFAULT_REPORT_WEEKS = 4;

function toRow(isoWeek: string, f: WeekFigures): CheckinWeekRow {
  const scale: number[] = [];
  for (const [value, count] of Object.entries(f.scaleCounts)) {
    for (let i = 0; i < count; i++) scale.push(Number(value));
  }
  return { isoWeek, invited: f.invited, answered: f.answered, scale, suppressed: f.suppressed };
}

function toFigures(row: CheckinWeekRow): WeekFigures {
  const scaleCounts: Record<string, number> = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
  for (const value of row.scale) scaleCounts[String(value)] = (scaleCounts[String(value)] ?? 0) + 1;
  return { invited: row.invited, answered: row.answered, scaleCounts, suppressed: row.suppressed === true };
}

/**
 * The figures of the `weeks` whole weeks before now, frozen as they are read: over distinct people, and a week
 * under k frozen with no figures at all (the core's `figuresToFreeze`). Weeks with nothing sent are not frozen
 * (there is nothing to subtract).
 */
export async function weekFigures(
  ctx: ServiceContext,
  workspace: Workspace,
  weeks: number,
): Promise<CheckinWeekRow[]> {
  const now = ctx.clock.now();
  const ranges = wholeWeeksBefore(now, weeks, workspace.timezone);
  const frozen = await frozenWeeks(
    ctx.db,
    workspace.id,
    ranges.map((r) => r.isoWeek),
  );
  const rows: CheckinWeekRow[] = [];
  for (const range of ranges) {
    const stored = frozen.get(range.isoWeek);
    if (stored) {
      rows.push(toRow(range.isoWeek, stored));
      continue;
    }
    const deliveries = await weekDeliveries(ctx.db, workspace.id, range.start, range.end);
    const live = weekFromDeliveries(
      range.isoWeek,
      deliveries.map((d) => ({
        person: d.memberId,
        answered: d.answered,
        scale: d.scale,
        answeredAt: d.answeredAt,
      })),
    );
    const figures = figuresToFreeze(live, workspace.k);
    if (live.invited > 0) await freezeWeek(ctx.db, workspace.id, range.isoWeek, toFigures(figures), now);
    rows.push(figures);
  }
  return rows;
}

/** The week in progress: how many distinct people were sent a check-in since its Monday. Never frozen. */
export async function currentWeekFigures(ctx: ServiceContext, workspace: Workspace): Promise<CurrentWeekRow> {
  const now = ctx.clock.now();
  const week = currentWeek(now, workspace.timezone);
  const sentTo = await distinctPeopleSentTo(ctx.db, workspace.id, week.start, week.end);
  return { isoWeek: week.isoWeek, sentTo };
}

/** The report message; the k rule is applied by the core. */
export async function checkinReport(
  ctx: ServiceContext,
  workspace: Workspace,
  weeks = DEFAULT_REPORT_WEEKS,
): Promise<Message> {
  const rows = await weekFigures(ctx, workspace, weeks);
  const current = await currentWeekFigures(ctx, workspace);
  const responses = await weekResponses(ctx, workspace, [...rows.map((r) => r.isoWeek), current.isoWeek]);
  const k = effectiveK(workspace.k);
  // Drawn from the same k-safe summaries the words come from; without Redis the report goes without it.
  const drawn = checkinChart(summariseCheckins(rows, k), k);
  const url = drawn ? await ctx.charts.publish(drawn.svg) : undefined;
  const chart = drawn && url ? { url, alt: drawn.alt } : undefined;
  return renderCheckinReport({ rows, current, k: workspace.k, zone: workspace.timezone, responses, chart });
}
