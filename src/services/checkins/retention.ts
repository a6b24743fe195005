/**
 * The daily privacy sweep: freeze every closed week still inside the retention window (so the report cannot be
 * subtracted), then delete answers older than each workspace's `retention_days`.
 */
import { deleteAnswersBefore } from '../../store/checkin-answer.repository.js';
import type { ServiceContext } from '../context.js';
import { DAY_MS } from './job-names.js';
import { weekFigures } from './report.js';

/** Run the sweep for every workspace. Returns how many answers were deleted. */
export async function runRetention(ctx: ServiceContext): Promise<number> {
  const workspaces = await ctx.db.selectFrom('workspaces').selectAll().execute();
  const now = ctx.clock.now();
  let deleted = 0;
  for (const workspace of workspaces) {
    const weeks = Math.min(104, Math.max(1, Math.ceil(workspace.retention_days / 7) + 1));
    await weekFigures(ctx, workspace, weeks);
    const before = new Date(now.getTime() - workspace.retention_days * DAY_MS);
    deleted += await deleteAnswersBefore(ctx.db, workspace.id, before);
  }
  ctx.logger.info({ deleted }, 'check-in retention sweep done');
  return deleted;
}
