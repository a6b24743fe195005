import type { Generated } from 'kysely';
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
  report_exports: ReportExportsTable;
}
