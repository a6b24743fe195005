/** Task and outbox kinds of check-ins and digests. Job data carries ids only, never a person's words. */
import { z } from 'zod';
import { BATCH_MAX } from '../../delivery/batch.js';
import { defineOutbox, defineTask, noData } from '../../jobs/job-types.js';
import type { StoredAudience } from '../cadences/cadence-service.js';

export const CHECKIN_JOBS = {
  /** Task: resolve the audience, insert delivery rows, enqueue the sends. */
  fanOut: 'checkin.fanout',
  /** Task, delayed: enqueue the one reminder for non-responders. */
  remind: 'checkin.remind',
  /** Task, daily: freeze closed weeks, then delete answers past retention. */
  retention: 'checkin.retention',
  /** Outbox: one check-in DM. */
  send: 'checkin.send',
  /** Outbox: a fan-out's batch of check-in DMs, sent one budget interval apart (`src/delivery/engine.ts`). */
  sendMany: 'checkin.send-many',
  /** Outbox: one reminder DM. */
  reminder: 'checkin.reminder',
  /** Outbox: the private low-capacity message. */
  support: 'checkin.support',
  /** Outbox: the preview for the admin who said `checkin now`. */
  preview: 'checkin.preview',
  /** Outbox: post a learning digest to its channel. */
  digest: 'checkin.digest',
  /** Outbox: post a digest's response in its channel, then queue one message per person who shared. */
  digestResponse: 'checkin.digest-response',
  /** Outbox: the response, by direct message, to one person who shared (who, only inside an encrypted ticket). */
  digestResponseDm: 'checkin.digest-response-dm',
} as const;

const storedAudience: z.ZodType<StoredAudience> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('channel'), channelId: z.string(), name: z.string().optional() }),
  z.object({ kind: z.literal('team'), teamId: z.string() }),
  z.object({ kind: z.literal('role'), band: z.string() }),
  z.object({ kind: z.literal('everyone') }),
]);
const delivery = z.object({ deliveryId: z.number().int().positive() });
const batchOfRows = z.object({ ids: z.array(z.number().int().positive()).min(1).max(BATCH_MAX) });

/** One declaration (name and payload schema) per check-in job; the job runtime validates each job against it. */
export const CHECKIN_TASKS = {
  fanOut: defineTask(
    CHECKIN_JOBS.fanOut,
    z.object({ occurrenceId: z.number().int().positive(), audience: storedAudience.optional() }),
  ),
  remind: defineTask(
    CHECKIN_JOBS.remind,
    z.object({ occurrenceId: z.number().int().positive(), dueAt: z.number().int() }),
  ),
  retention: defineTask(CHECKIN_JOBS.retention, noData),
};

export const CHECKIN_OUTBOX = {
  send: defineOutbox(CHECKIN_JOBS.send, delivery),
  sendMany: defineOutbox(CHECKIN_JOBS.sendMany, batchOfRows),
  reminder: defineOutbox(CHECKIN_JOBS.reminder, delivery),
  support: defineOutbox(CHECKIN_JOBS.support, delivery),
  preview: defineOutbox(CHECKIN_JOBS.preview, z.object({ memberId: z.string().min(1) })),
  digest: defineOutbox(CHECKIN_JOBS.digest, z.object({ occurrenceId: z.number().int().positive() })),
  digestResponse: defineOutbox(
    CHECKIN_JOBS.digestResponse,
    z.object({ occurrenceId: z.number().int().positive() }),
  ),
  /**
   * `ticket` is ciphertext of `{ occurrenceId, memberId }`: job data sits in Redis in clear (docs/PITFALLS.md),
   * and a member id beside a digest's id there would say who shared in it.
   */
  digestResponseDm: defineOutbox(CHECKIN_JOBS.digestResponseDm, z.object({ ticket: z.string().min(1) })),
};

/** Fan-out inserts and enqueues in chunks of this size (bounded statements and Redis round trips). */
export const FAN_OUT_CHUNK = 200;

/** BullMQ job scheduler id of the daily retention task. */
export const RETENTION_SCHEDULER = 'checkin-retention';
export const DAY_MS = 24 * 3600_000;
