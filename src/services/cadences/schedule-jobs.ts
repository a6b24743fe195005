/** The cadence machinery's tasks: a late firing caught up, and the schedulers reconciled with the cadence rows. */
import { z } from 'zod';
import { defineTask, noData } from '../../jobs/job-types.js';

export const SCHEDULE_TASKS = {
  /** A firing missed while no worker ran, within the grace period: fired late, once. */
  catchup: defineTask(
    'cadence.catchup',
    z.object({
      cadenceId: z.number().int().positive(),
      zone: z.string().min(1),
      scheduledFor: z.string().datetime(),
    }),
  ),
  /** Rebuild the job schedulers from the cadence rows (after a zone change, a fan-out, a restart). */
  reconcile: defineTask('schedules.reconcile', noData),
};
