/** Every BullMQ queue of the app, in one place. Keys are prefixed with QUEUE_PREFIX. */
export const QUEUES = {
  /** Job-scheduler firings of cadences (one scheduler per cadence, or per cadence and zone for `local`). */
  cadence: 'cadence',
  /** One-off and delayed work: fan-outs, reminders, round steps, nudges, retention sweeps. */
  tasks: 'tasks',
  /** Every outbound platform message, throttled per workspace. */
  outbox: 'outbox',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
