import type { Generated, JSONColumnType } from 'kysely';
import type { Timestamp } from './core.js';

/**
 * A suggested prompt (`suggest "..."`). No member id, no hash of the suggester: nothing links it to a person.
 * `text` is encrypted while the suggestion is open, and null once the panel decided.
 */
export interface PromptSuggestionsTable {
  id: string;
  workspace_id: string;
  text: string | null;
  status: Generated<'open' | 'accepted' | 'edited' | 'declined'>;
  /** Midnight UTC of the day it was made. */
  created_at: Timestamp;
  decided_at: Timestamp | null;
  /** The workspace prompt it became (accepted or edited). */
  prompt_id: string | null;
  /** `<workspace id>/<prompt id>` of a question shared by another workspace of the community; null for a person's. */
  shared_from: string | null;
}

/** The tags of a workspace's own prompt, as in `prompts/checkins.json` (validated by the same rules). */
export interface WorkspacePromptTags {
  model: string;
  stage: string;
  bands: string[];
  themes: string[];
  weight: 'light' | 'heavy';
  shareable: boolean;
  strengths?: boolean;
  aboutPeopleSupported?: boolean;
}

/** A prompt of one workspace's own library (`ws-...`), accepted by its prompt panel. */
export interface WorkspacePromptsTable {
  workspace_id: string;
  id: string;
  text: string;
  tags: JSONColumnType<WorkspacePromptTags>;
  created_at: Timestamp;
}

/** The prompt panel of a workspace (`panel add|remove`). Goes with the member row. */
export interface PromptPanelTable {
  workspace_id: string;
  member_id: string;
  added_at: Timestamp;
}

/** "This didn't land": one per person and prompt. Goes with the member row (`forget me`). */
export interface PromptFlagsTable {
  workspace_id: string;
  prompt_id: string;
  member_id: string;
  flagged_at: Timestamp;
}

/** A prompt (from the library or the workspace's own) paused in one workspace. */
export interface PromptPausesTable {
  workspace_id: string;
  prompt_id: string;
  paused_at: Timestamp;
}

/** One decision of the panel (or a pause after feedback), listed by `prompts changes`. Names nobody. */
export interface PromptDecisionsTable {
  id: Generated<number>;
  workspace_id: string;
  subject_id: string;
  decision: 'added' | 'edited' | 'declined' | 'paused' | 'restored' | 'shared';
  detail: string | null;
  decided_at: Timestamp;
}

export interface CoproductionTables {
  prompt_suggestions: PromptSuggestionsTable;
  workspace_prompts: WorkspacePromptsTable;
  prompt_panel: PromptPanelTable;
  prompt_flags: PromptFlagsTable;
  prompt_pauses: PromptPausesTable;
  prompt_decisions: PromptDecisionsTable;
}
