import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { CreatedAt, Timestamp } from './core.js';

/** Workspaces of one partnership that share a pairing pool. The invite code is stored only as a hash. */
export interface CommunitiesTable {
  id: string;
  name: string;
  /** `hashSecret` of the normalised invite code; the code itself is shown once and never stored. */
  invite_hash: string;
  created_by_workspace_id: string | null;
  created_at: CreatedAt;
}

/** A leader who said `pairing join`. No row: not in the pool. */
export interface PairingPoolTable {
  member_id: string;
  joined_at: Timestamp;
  /** Paused from pairing only (the relay word `pause`, or three quiet rounds); `pairing join` clears it. */
  paused: Generated<boolean>;
  /** Consecutive groups in which they wrote nothing. */
  quiet_rounds: Generated<number>;
  /** Could not be placed last round: first in line next time. */
  priority: Generated<boolean>;
  updated_at: Timestamp;
}

/** One round of one pool (a community, or a workspace without one). */
export interface PairingRoundsTable {
  id: string;
  /** The community id, or the workspace id of a workspace without a community. */
  pool_key: string;
  number: number;
  /** The workspace whose cadence (or admin) started the round. */
  workspace_id: string;
  occurrence_id: number | null;
  size: number;
  seed: number;
  started_at: Timestamp;
  halfway_at: Timestamp;
  ends_at: Timestamp;
  nudged_at: Timestamp | null;
  ended_at: Timestamp | null;
}

export interface PairingGroupsTable {
  id: string;
  round_id: string;
  starter_id: string;
  status: 'open' | 'closed';
  closed_reason: 'round-end' | 'ended' | 'blocked' | 'forgotten' | null;
  revealed_at: Timestamp | null;
  created_at: CreatedAt;
  closed_at: Timestamp | null;
}

export interface PairingGroupMembersTable {
  group_id: string;
  member_id: string;
  /** Drawn at random for the round; never derived from anything about the person. */
  pseudonym: string;
  messages_sent: Generated<number>;
  reveal: Generated<boolean>;
  /** "Did this help?" 1–5. */
  feedback: number | null;
  /** When the introduction was sent (or found undeliverable); null while it is still to go (the sweep looks). */
  introduced_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** "Never group these two": a block, or a "never with" choice. Either order counts. */
export interface PairingBlocksTable {
  member_id: string;
  other_member_id: string;
  reason: 'block' | 'never';
  created_at: CreatedAt;
}

/** A relayed message waiting for delivery. Encrypted, and deleted as soon as every recipient got it. */
export interface PairingRelaysTable {
  id: Generated<number>;
  group_id: string;
  sender_member_id: string;
  message_id: string;
  edited: boolean;
  body: string;
  created_at: CreatedAt;
}

export interface PairingRelayDeliveriesTable {
  relay_id: number;
  recipient_member_id: string;
  delivered_at: Timestamp | null;
}

/** Relay flood control: messages in the current one-minute window. */
export interface PairingRelayRateTable {
  member_id: string;
  window_start: Timestamp;
  count: number;
}

/** A `report` said inside a group: encrypted, sent to the reporter's workspace admins without identities. */
export interface PairingReportsTable {
  id: Generated<number>;
  workspace_id: string;
  round_id: string | null;
  group_id: string | null;
  reporter_member_id: string;
  reporter_pseudonym: string;
  body: string;
  share_identity: Generated<boolean>;
  created_at: CreatedAt;
  /** `draft` until the reporter sends it; `waiting` while nobody can receive it; then `delivered`. */
  status: ColumnType<'draft' | 'waiting' | 'delivered', 'draft' | 'waiting' | 'delivered' | undefined>;
  /** Keyed hashes of everyone who was in the reported group: the report never reaches them. */
  excluded_hashes: JSONColumnType<string[], string | undefined, string>;
}

/** Who reads peer support reports in a workspace (default when none: its admins not in the group). */
export interface SafeguardingContactsTable {
  workspace_id: string;
  member_id: string;
  added_at: Date;
}

/** A block that outlives `forget me`: a keyed hash of the pair's platform ids, nothing else. */
export interface PairingBlockHashesTable {
  hash: string;
  created_at: CreatedAt;
}

/**
 * A closed round's "did this help?" figures, frozen once its answer window ended and it was first read, so a
 * late answer or a `forget me` can never be subtracted out of a later read (0011). Under k: `suppressed`, 0s.
 */
export interface PairingRoundFiguresTable {
  round_id: string;
  suppressed: boolean;
  /** Distinct people who answered. */
  raters: number;
  rating_sum: number;
  frozen_at: Timestamp;
}

/** "Not with people from <organisation>", normalised; the member's own choice. */
export interface PairingAvoidOrgsTable {
  member_id: string;
  org: string;
}

export interface PairingTables {
  communities: CommunitiesTable;
  pairing_pool: PairingPoolTable;
  pairing_rounds: PairingRoundsTable;
  pairing_groups: PairingGroupsTable;
  pairing_group_members: PairingGroupMembersTable;
  pairing_blocks: PairingBlocksTable;
  pairing_relays: PairingRelaysTable;
  pairing_relay_deliveries: PairingRelayDeliveriesTable;
  pairing_relay_rate: PairingRelayRateTable;
  pairing_reports: PairingReportsTable;
  safeguarding_contacts: SafeguardingContactsTable;
  pairing_block_hashes: PairingBlockHashesTable;
  pairing_round_figures: PairingRoundFiguresTable;
  pairing_avoid_orgs: PairingAvoidOrgsTable;
}
