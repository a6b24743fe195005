import type { CreatedAt, Timestamp } from './core.js';

/**
 * One row per Slack workspace (or Enterprise Grid organisation) that installed the app through OAuth.
 * The installation as Slack returned it — tokens included — is kept only encrypted (`installation_enc`,
 * `TextCipher`); the plain columns are the ids we look rows up by.
 */
export interface SlackInstallationsTable {
  /** The Slack team id, or the enterprise id for an organisation-wide install. */
  id: string;
  team_id: string | null;
  enterprise_id: string | null;
  is_enterprise_install: boolean;
  bot_user_id: string | null;
  bot_id: string | null;
  installer_user_id: string | null;
  /** `TextCipher` ciphertext of the installation JSON. */
  installation_enc: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface SlackTables {
  slack_installations: SlackInstallationsTable;
}
