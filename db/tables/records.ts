import type { Generated, JSONColumnType } from 'kysely';
import type { CreatedAt, Timestamp } from './core.js';

/** Single-use, short-lived links to a member's own record. Only the token's hash is stored. */
export interface RecordTokensTable {
  token_hash: string;
  member_id: string;
  format: 'md' | 'pdf';
  layout: Generated<'nmc' | 'swe' | 'hcpc' | 'general'>;
  from_date: string;
  to_date: string;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: CreatedAt;
}

/** The Code themes a member can tag a reflection with (NMC). */
export type CodeThemeId =
  | 'prioritise-people'
  | 'practise-effectively'
  | 'preserve-safety'
  | 'promote-professionalism';

/** What a member attached to one of their own reflections (`me record add`). `changed` is encrypted. */
export interface RecordAdditionsTable {
  member_id: string;
  ref: string;
  delivery_id: number | null;
  session_id: number | null;
  theme: CodeThemeId | null;
  changed: string | null;
  updated_at: Timestamp;
}

/** "We had a reflective discussion on <date> about <theme>", waiting for everyone in the group. `theme` is encrypted. */
export interface PeerEvidenceProposalsTable {
  id: string;
  group_id: string;
  workspace_id: string;
  discussed_on: string;
  theme: string;
  created_at: Timestamp;
}

/** Who has agreed to a proposal so far (no time: nobody can tell who agreed first). */
export interface PeerEvidenceAgreementsTable {
  proposal_id: string;
  member_id: string;
}

/** A member's own copy of agreed peer reflection evidence. `theme` is encrypted; `partners` are pseudonyms. */
export interface PeerEvidenceTable {
  member_id: string;
  proposal_id: string;
  group_id: string | null;
  workspace_id: string;
  discussed_on: string;
  theme: string;
  partners: JSONColumnType<string[], string, string>;
  created_at: Timestamp;
}

/** Single-use, short-lived links to a workspace's evidence export, made for one admin. Only the hash is stored. */
export interface ReportExportsTable {
  token_hash: string;
  member_id: string;
  workspace_id: string;
  format: 'csv' | 'pdf';
  from_date: string;
  to_date: string;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface RecordTables {
  record_tokens: RecordTokensTable;
  record_additions: RecordAdditionsTable;
  peer_evidence_proposals: PeerEvidenceProposalsTable;
  peer_evidence_agreements: PeerEvidenceAgreementsTable;
  peer_evidence: PeerEvidenceTable;
  report_exports: ReportExportsTable;
}
