/**
 * Fan-out progress for `status` and `checkin list`: counts only, never names, through the disclosure rule.
 * A round's people are counted once (rounded, k), and sent, skipped (a pause or quiet hours) and failed are
 * never told apart: "4 of 6 sent, 2 skipped" told an admin that two people in a small channel had paused.
 * Progress is the share of deliveries done either way, in steps of 10%.
 */
import { countWords, discloseCount } from '../../core/anonymity/disclosure.js';
import { type DeliveryCounts, deliveryCounts } from '../../store/checkin.repository.js';
import {
  latestRoundOf,
  type Occurrence,
  recentOpenCheckinRounds,
} from '../../store/occurrence.repository.js';
import type { ServiceContext } from '../context.js';

export function describeCounts(c: DeliveryCounts, running: boolean, k: number): string {
  const people = `for ${countWords(discloseCount(c.total, k), k)} people`;
  if (!running) return `finished, ${people}`;
  const done = c.sent + c.skipped + c.failed;
  const percent = c.total === 0 ? 0 : Math.floor((done / c.total) * 10) * 10;
  const parts = [`${percent}% done`, people];
  if (c.rateLimited > 0) parts.push('some waiting on a rate limit');
  return parts.join(', ');
}

function isRunning(o: Occurrence, c: DeliveryCounts): boolean {
  return o.status === 'fanning-out' || (o.status === 'sent' && c.open > 0);
}

/** Rounds of check-ins in a workspace that are still sending, newest first. */
export async function runningRounds(
  ctx: ServiceContext,
  workspaceId: string,
): Promise<Array<{ occurrence: Occurrence; counts: DeliveryCounts }>> {
  const occurrences = await recentOpenCheckinRounds(ctx.db, workspaceId);
  const counts = await deliveryCounts(
    ctx.db,
    occurrences.map((o) => o.id),
  );
  return occurrences
    .map((occurrence) => ({ occurrence, counts: counts.get(occurrence.id)! }))
    .filter((r) => isRunning(r.occurrence, r.counts));
}

/** Words for a cadence in `checkin list`: the progress of its latest round. */
export async function describeLatestRound(
  ctx: ServiceContext,
  cadenceId: number,
  k: number,
): Promise<string | undefined> {
  const latest = await latestRoundOf(ctx.db, cadenceId);
  if (!latest) return undefined;
  const counts = (await deliveryCounts(ctx.db, [latest.id])).get(latest.id)!;
  if (latest.status === 'fanning-out' && counts.total === 0) return 'preparing a round';
  return isRunning(latest, counts)
    ? `sending now: ${describeCounts(counts, true, k)}`
    : `last round: ${describeCounts(counts, false, k)}`;
}
