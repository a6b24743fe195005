import type { Generated, JSONColumnType } from 'kysely';

/** A delivery that did not arrive (`db/migrations/0021_delivery_misses.ts`). No message text. */
export interface DeliveryMissesTable {
  id: Generated<number>;
  workspace_id: string;
  /** The message kind (`checkin`, `digest`, `session-invite`, `pairing-intro`, …). */
  kind: string;
  /** Whom it was for; null for a channel post (a digest). Goes with the member row. */
  member_id: string | null;
  reason: 'user-gone' | 'bot-removed' | 'blocked' | 'rejected' | 'maybe-delivered';
  at: Date;
}

/** A message owed that has no row of its own (`db/migrations/0024_outbox_owed.ts`): its outbox job, ids only. */
export interface OutboxOwedTable {
  job_id: string;
  /** The outbox kind, e.g. `pairing.notice`. */
  kind: string;
  member_id: string;
  /** The job's data (ids only), as it was enqueued. */
  data: JSONColumnType<Record<string, unknown>>;
  created_at: Date;
}

export interface DeliveryTables {
  delivery_misses: DeliveryMissesTable;
  outbox_owed: OutboxOwedTable;
}
