import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { Timestamp } from './core.js';

/** Check-in detail of a core `deliveries` row: the prompt given, and the one reminder and support message. */
export interface CheckinDeliveriesTable {
  delivery_id: number;
  /** Chosen once per delivery, so a retried send shows the same prompt; the rotation history. */
  prompt_id: string;
  /** Set (claimed) just before the one reminder is sent: never more than one reminder. */
  reminded_at: Timestamp | null;
  /**
   * Set once the private low-capacity message is sent (or found undeliverable). Until then the delivery sweep
   * sends it again if its job was lost; a crash between the platform's acceptance and this mark can repeat it.
   */
  support_sent_at: Timestamp | null;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

/** One answer (or skip) per delivery. The reflection is encrypted (`TextCipher`); `key_id` names the key. */
export interface CheckinAnswersTable {
  delivery_id: number;
  member_id: string;
  workspace_id: string;
  /** 1..5, or null when no point on the scale was chosen (or skipped). */
  scale: number | null;
  /** `v1.<keyId>....` ciphertext; never plaintext. Null when none was written. */
  reflection: string | null;
  key_id: string | null;
  shared: Generated<boolean>;
  skipped: Generated<boolean>;
  answered_at: Timestamp;
}

/**
 * A closed ISO week's report figures, frozen so later deletions (retention, `forget me`) cannot be subtracted
 * from a fresh report to single someone out. Counts only.
 */
export interface CheckinWeeksTable {
  workspace_id: string;
  iso_week: string;
  invited: number;
  answered: number;
  /** Count per scale step, e.g. `{"1":0,"2":3,...}`. */
  scale_counts: JSONColumnType<Record<string, number>>;
  /** Fewer than k people answered: frozen with every figure 0 (0011). */
  suppressed: Generated<boolean>;
  frozen_at: Timestamp;
}

export interface CheckinTables {
  checkin_deliveries: CheckinDeliveriesTable;
  checkin_answers: CheckinAnswersTable;
  checkin_weeks: CheckinWeeksTable;
  digest_posts: DigestPostsTable;
  report_responses: ReportResponsesTable;
  report_response_seen: ReportResponseSeenTable;
}

/**
 * A posted learning digest, under the short code in its footer. `sharers` is one encrypted, shuffled list of the
 * member ids whose reflections went into it (no reflection ids): never a member column (0017).
 */
export interface DigestPostsTable {
  occurrence_id: number;
  workspace_id: string;
  /** e.g. `D-7K2Q`, unique in the workspace. */
  code: string;
  channel_id: string;
  message_ref: JSONColumnType<Record<string, unknown>> | null;
  posted_at: Timestamp;
  /** Ciphertext of a JSON array of member ids; null once the response's messages are queued, or expired. */
  sharers: string | null;
  /** Ciphertext of the response; null until answered, and again once retention expires it. */
  response: string | null;
  responded_at: Timestamp | null;
  /** Claimed just before the response is posted in the digest's channel: posted at most once. */
  response_posted_at: Timestamp | null;
}

/** "What we are doing about this" for one ISO week of the report, encrypted (0017). */
export interface ReportResponsesTable {
  workspace_id: string;
  iso_week: string;
  week_start: Timestamp;
  week_end: Timestamp;
  /** Ciphertext. */
  response: string;
  responded_at: Timestamp;
}

/** Who has been shown a week's response at the top of a check-in (so it shows once). */
export interface ReportResponseSeenTable {
  workspace_id: string;
  iso_week: string;
  member_id: string;
  seen_at: ColumnType<Date, Date | string | undefined, never>;
}
