/** Task and outbox kinds of check-ins and digests. Job data carries ids only, never a person's words. */
export const CHECKIN_JOBS = {
  /** Task: resolve the audience, insert delivery rows, enqueue the sends. */
  fanOut: 'checkin.fanout',
  /** Task, delayed: enqueue the one reminder for non-responders. */
  remind: 'checkin.remind',
  /** Task, daily: freeze closed weeks, then delete answers past retention. */
  retention: 'checkin.retention',
  /** Outbox: one check-in DM. */
  send: 'checkin.send',
  /** Outbox: one reminder DM. */
  reminder: 'checkin.reminder',
  /** Outbox: the private low-capacity message. */
  support: 'checkin.support',
  /** Outbox: the preview for the admin who said `checkin now`. */
  preview: 'checkin.preview',
  /** Outbox: post a learning digest to its channel. */
  digest: 'checkin.digest',
} as const;

/** Fan-out inserts and enqueues in chunks of this size (bounded statements and Redis round trips). */
export const FAN_OUT_CHUNK = 200;

/** BullMQ job scheduler id of the daily retention task. */
export const RETENTION_SCHEDULER = 'checkin-retention';
export const DAY_MS = 24 * 3600_000;
