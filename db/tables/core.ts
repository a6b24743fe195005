import type { ColumnType, Generated, JSONColumnType } from 'kysely';

export type Timestamp = ColumnType<Date, Date | string, Date | string>;
export type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
/** A timestamp with a database default: optional on insert. */
export type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface WorkspacesTable {
  id: string;
  platform: 'slack' | 'teams' | 'sandbox';
  /** The platform's id: Slack team id, Teams tenant id, sandbox id. */
  external_id: string;
  name: string | null;
  timezone: Generated<string>;
  k: Generated<number>;
  retention_days: Generated<number>;
  /** Support signpost text or URL, shown in every check-in and support message. */
  signpost: string | null;
  community_id: string | null;
  /** False after uninstall: nothing is sent to an inactive workspace. */
  active: Generated<boolean>;
  reminder_delay_minutes: Generated<number>;
  /** The built-in UK crisis lines in every support message; off only where the signpost gives them. */
  crisis_lines: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface MembersTable {
  id: string;
  workspace_id: string;
  /** The platform's user id. */
  external_id: string;
  display_name: string | null;
  email: string | null;
  timezone: string | null;
  /** 'member' once the person set it with `me timezone`: platform updates then leave it alone. */
  timezone_source: Generated<'platform' | 'member'>;
  /** One of `BANDS`, or null when not said. Never `lived-experience` (0014): that is {@link lived_experience}. */
  band: string | null;
  /**
   * Said by the person themselves (`me lived-experience yes`), never by an admin. Admins see it only inside
   * counts of at least k people (`src/core/anonymity/disclosure.ts`), never by name.
   */
  lived_experience: Generated<boolean>;
  /** When the person answered the welcome's role question (a role or "prefer not to say"): asked once only. */
  band_answered_at: Timestamp | null;
  /** False after `me scale off`: check-ins then carry no energy scale. */
  energy_scale: Generated<boolean>;
  /** The person's own `me grief on`: check-ins may ask about the deaths of people supported, with signposting. */
  grief_prompts: Generated<boolean>;
  org: string | null;
  quiet_start: string | null;
  quiet_end: string | null;
  paused_until: Timestamp | null;
  platform_admin: Generated<boolean>;
  admin: Generated<boolean>;
  installer: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
  last_seen_at: Timestamp | null;
  /** When the welcome (what Roundtable is, how to stop) was sent, on top of the first check-in. */
  welcomed_at: Timestamp | null;
  /** 'yes' once the person chose "Yes, send me check-ins"; until then every check-in shows the stop choice. */
  checkins_consent: 'yes' | null;
}

export interface CadencesTable {
  id: Generated<number>;
  workspace_id: string;
  kind: 'checkin' | 'pairing' | 'digest';
  rrule: string;
  zone: string;
  schedule_text: string;
  audience: JSONColumnType<Record<string, unknown>>;
  options: JSONColumnType<Record<string, unknown>>;
  paused: Generated<boolean>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface OccurrencesTable {
  id: Generated<number>;
  cadence_id: number | null;
  workspace_id: string;
  kind: string;
  scheduled_for: Timestamp;
  /** For `local` cadences, the member zone this firing serves; '' otherwise. */
  zone: Generated<string>;
  status: 'fanning-out' | 'sent' | 'skipped' | 'done';
  skip_reason: string | null;
  total: Generated<number>;
  created_at: CreatedAt;
  finished_at: Timestamp | null;
}

export interface DeliveriesTable {
  id: Generated<number>;
  occurrence_id: number;
  member_id: string;
  status: 'pending' | 'sending' | 'sent' | 'skipped' | 'failed' | 'rate-limited';
  skip_reason: string | null;
  message_ref: JSONColumnType<Record<string, unknown>> | null;
  attempts: Generated<number>;
  error: string | null;
  created_at: CreatedAt;
  sent_at: Timestamp | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  workspace_id: string;
  actor_member_id: string | null;
  target_member_id: string | null;
  action: string;
  before: JSONColumnType<Record<string, unknown>> | null;
  after: JSONColumnType<Record<string, unknown>> | null;
  at: DefaultedTimestamp;
}

export interface InboundEventsTable {
  platform: string;
  event_id: string;
  received_at: DefaultedTimestamp;
}

/** A named lease (see migration 0010): who holds it, until when. No row: free. */
export interface LeasesTable {
  name: string;
  holder: string;
  expires_at: Timestamp;
}

/**
 * A lasting `stop` or a final `forget me`: a keyed hash (HMAC-SHA256) of platform, workspace and user id, and
 * why. Nothing else, so it survives `forget me` without keeping anything readable about the person.
 */
export interface PersonSuppressionsTable {
  hash: string;
  reason: 'stop' | 'forgotten';
}

export interface CoreTables {
  workspaces: WorkspacesTable;
  members: MembersTable;
  cadences: CadencesTable;
  occurrences: OccurrencesTable;
  deliveries: DeliveriesTable;
  audit_log: AuditLogTable;
  inbound_events: InboundEventsTable;
  leases: LeasesTable;
  person_suppressions: PersonSuppressionsTable;
}
