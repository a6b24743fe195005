import type { Generated } from 'kysely';

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

export interface DeliveryTables {
  delivery_misses: DeliveryMissesTable;
}
