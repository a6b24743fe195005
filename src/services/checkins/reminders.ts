/**
 * The one gentle reminder: a delayed task per occurrence that enqueues a reminder for every delivery still
 * unanswered. The reminder handler itself waits out quiet hours and claims `reminded_at`, so nobody is
 * reminded twice.
 */
import { unansweredForReminder } from '../../store/checkin.repository.js';
import { getOccurrence } from '../../store/occurrence.repository.js';
import { getWorkspace } from '../../store/workspace.repository.js';
import type { ServiceContext } from '../context.js';
import { workspaceKey } from './fan-out.js';
import { CHECKIN_OUTBOX, CHECKIN_TASKS, FAN_OUT_CHUNK } from './job-names.js';

/** `checkin.remind`: run when the reminder delay has passed (re-queues itself if woken early). */
export async function remindOccurrence(
  ctx: ServiceContext,
  data: { occurrenceId: number; dueAt: number },
): Promise<void> {
  const now = ctx.clock.now().getTime();
  if (now < data.dueAt) {
    await ctx.jobs.enqueueTask(CHECKIN_TASKS.remind, data, {
      jobId: `remind-${data.occurrenceId}-at-${data.dueAt}-${now}`,
      delayMs: data.dueAt - now,
    });
    return;
  }
  const occurrence = await getOccurrence(ctx.db, data.occurrenceId);
  const workspace = occurrence && (await getWorkspace(ctx.db, occurrence.workspace_id));
  if (!occurrence || !workspace?.active) return;
  const ids = await unansweredForReminder(ctx.db, occurrence.id);
  const key = workspaceKey(workspace);
  for (let i = 0; i < ids.length; i += FAN_OUT_CHUNK) {
    await ctx.jobs.enqueueOutboxBulk(
      CHECKIN_OUTBOX.reminder,
      ids.slice(i, i + FAN_OUT_CHUNK).map((deliveryId) => ({
        data: { workspaceKey: key, platform: workspace.platform, deliveryId },
        jobId: `reminder-${deliveryId}`,
      })),
    );
  }
  ctx.logger.info({ occurrence: occurrence.id, reminders: ids.length }, 'check-in reminders enqueued');
}
