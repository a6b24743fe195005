import type { Generated, JSONColumnType } from 'kysely';
import type { CreatedAt, Timestamp } from './core.js';

/** A learning session on the menu. Title, topic and place are admin-written text about the session, not people. */
export interface SessionsTable {
  id: Generated<number>;
  workspace_id: string;
  title: string;
  topic: string | null;
  starts_at: Timestamp;
  duration_minutes: number;
  place: string | null;
  capacity: number | null;
  /** Stored like a check-in audience (`StoredAudience`). */
  audience: JSONColumnType<Record<string, unknown>>;
  /** The mix target: `[{ band, percent? , count? }]`. */
  mix: JSONColumnType<Array<{ band: string; percent?: number; count?: number }>>;
  /** Hours before the start at which under-represented roles are invited. */
  nudge_hours: JSONColumnType<number[]>;
  /** Most people of one role invited per nudge. */
  nudge_limit: Generated<number>;
  status: Generated<'scheduled' | 'cancelled'>;
  /** iCalendar SEQUENCE: raised on every change so a calendar replaces its copy. */
  sequence: Generated<number>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface SessionRsvpsTable {
  session_id: number;
  member_id: string;
  status: 'going' | 'not-going' | 'waitlist';
  /** The member's band when they answered: the mix is counted from this. */
  band: string | null;
  /** Whether the member had said they have lived experience when they answered (counted for a mix target). */
  lived_experience: Generated<boolean>;
  /** Order on the waitlist (from a sequence, so simultaneous clicks still get a strict order). */
  queued_seq: string | null;
  answered_at: Timestamp;
}

/** One row per person invited by a mix nudge: nobody is nudged twice for one session. */
export interface SessionNudgesTable {
  session_id: number;
  member_id: string;
  band: string;
  step: string;
  created_at: Timestamp;
}

/** Per-session due work (nudges, reminders, reflection), claimed once so a retried or duplicated task is a no-op. */
export interface SessionStepsTable {
  session_id: number;
  step: string;
  status: 'done' | 'skipped';
  at: Timestamp;
}

/** One row per message to one person about one session: the outbox handler sends each at most once. */
export interface SessionDeliveriesTable {
  session_id: number;
  member_id: string;
  kind: string;
  status: 'pending' | 'sent' | 'skipped' | 'failed';
  message_ref: JSONColumnType<Record<string, unknown>> | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
}

/** After-session reflections. `answers` is ciphertext (`TextCipher`); never plaintext. */
export interface SessionReflectionsTable {
  session_id: number;
  member_id: string;
  set_id: string;
  skipped: boolean;
  answers: string | null;
  answered_at: Timestamp;
}

export interface SessionTables {
  sessions: SessionsTable;
  session_rsvps: SessionRsvpsTable;
  session_nudges: SessionNudgesTable;
  session_steps: SessionStepsTable;
  session_deliveries: SessionDeliveriesTable;
  session_reflections: SessionReflectionsTable;
}
