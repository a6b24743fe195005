import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Timestamp } from './core.js';

/**
 * What the sandbox adapter showed each persona: bot messages (direct, channel, private replies), forms, and the
 * persona's own typed lines, so a page reload shows the history. Deleting the sandbox workspace deletes them all;
 * a member's rows go with the member (`forget me`).
 */
export interface SandboxMessagesTable {
  id: Generated<number>;
  workspace_id: string;
  /** The persona's member row, for `forget me`; null for channel posts (and after the member was deleted). */
  member_id: string | null;
  /** The persona's user id in the sandbox; null for a channel post, which every pane shows. */
  persona: string | null;
  /** The channel of a channel post (`general`); null for a direct message. */
  channel: string | null;
  /** 'bot': the bot said it; 'person': the persona typed it. */
  author: 'bot' | 'person';
  /** Only the persona sees it (a reply to a command or a click), like an ephemeral message. */
  private: Generated<boolean>;
  /** The rendered payload as JSON (`{ kind: 'message' | 'form' | 'said', ... }`), encrypted: it may hold personal text. */
  body: string;
  /** Files handed over with the message (a calendar invite), as JSON: filename, contentType, content. */
  attachments: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface SandboxTables {
  sandbox_messages: SandboxMessagesTable;
}
