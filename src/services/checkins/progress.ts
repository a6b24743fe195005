/** Fan-out progress for `status` and `checkin list`: counts only, never names. */
import { type DeliveryCounts, deliveryCounts } from '../../store/checkin.repository.js';
import type { Occurrence } from '../../store/occurrence.repository.js';
import type { ServiceContext } from '../context.js';

export function describeCounts(c: DeliveryCounts, running: boolean): string {
  const toSend = c.total - c.skipped;
  const parts = [`${c.sent} of ${toSend} sent`, `${c.skipped} skipped`, `${c.failed} failed`];
  if (running) parts.push(`${c.rateLimited} waiting on a rate limit`);
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
  const occurrences = await ctx.db
    .selectFrom('occurrences')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('kind', '=', 'checkin')
    .where('status', 'in', ['fanning-out', 'sent'])
    .orderBy('id', 'desc')
    .limit(10)
    .execute();
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
): Promise<string | undefined> {
  const latest = await ctx.db
    .selectFrom('occurrences')
    .selectAll()
    .where('cadence_id', '=', cadenceId)
    .where('status', '!=', 'skipped')
    .orderBy('scheduled_for', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!latest) return undefined;
  const counts = (await deliveryCounts(ctx.db, [latest.id])).get(latest.id)!;
  if (latest.status === 'fanning-out' && counts.total === 0) return 'preparing a round';
  return isRunning(latest, counts)
    ? `sending now: ${describeCounts(counts, true)}`
    : `last round: ${describeCounts(counts, false)}`;
}
