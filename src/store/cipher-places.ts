/**
 * Where every encrypted column lives, as the `CipherPlace` its values are bound to (AES-GCM additional data). A
 * value copied to another row or column does not decrypt there. Tables keyed by a serial id bind to the natural
 * key known before the insert (immutable, not null); the rest bind to their primary key.
 */
import { type CipherPlace, place } from '../crypto.js';

/** `checkin_answers.reflection`: one answer per delivery. */
export function checkinReflectionPlace(deliveryId: number): CipherPlace {
  return place('checkin_answers', 'reflection', deliveryId);
}

/** `session_reflections.answers`: one per session and member. */
export function sessionReflectionPlace(sessionId: number, memberId: string): CipherPlace {
  return place('session_reflections', 'answers', sessionId, memberId);
}

/** `pairing_relays.body`: one platform message of one sender in one group (its edits share the place). */
export function relayPlace(r: { groupId: string; senderId: string; messageId: string }): CipherPlace {
  return place('pairing_relays', 'body', r.groupId, r.senderId, r.messageId);
}

/** `pairing_reports.body`: the reporter under their pseudonym of that round, in their workspace. */
export function reportPlace(r: {
  workspaceId: string;
  reporterId: string;
  reporterPseudonym: string;
}): CipherPlace {
  return place('pairing_reports', 'body', r.workspaceId, r.reporterId, r.reporterPseudonym);
}

/** `record_additions.changed`: "how it changed my practice", one per member and reflection reference. */
export function recordChangedPlace(memberId: string, ref: string): CipherPlace {
  return place('record_additions', 'changed', memberId, ref);
}

/** `peer_evidence_proposals.theme`: by the proposal's random reference. */
export function peerProposalThemePlace(proposalId: string): CipherPlace {
  return place('peer_evidence_proposals', 'theme', proposalId);
}

/** `peer_evidence.theme`: one member's copy of one agreed proposal. */
export function peerEvidenceThemePlace(memberId: string, proposalId: string): CipherPlace {
  return place('peer_evidence', 'theme', memberId, proposalId);
}

/** `sandbox_messages.body`: by row id (taken from the sequence before the insert). */
export function sandboxMessagePlace(id: number): CipherPlace {
  return place('sandbox_messages', 'body', id);
}

/** `prompt_suggestions.text`: by workspace and suggestion id (chosen before the insert). */
export function suggestionPlace(workspaceId: string, id: string): CipherPlace {
  return place('prompt_suggestions', 'text', workspaceId, id);
}

/** `digest_posts.sharers`: the shuffled member ids of one posted digest, by its occurrence. */
export function digestSharersPlace(occurrenceId: number): CipherPlace {
  return place('digest_posts', 'sharers', occurrenceId);
}

/** `digest_posts.response`: what admins or leaders said back about one posted digest. */
export function digestResponsePlace(occurrenceId: number): CipherPlace {
  return place('digest_posts', 'response', occurrenceId);
}

/** `report_responses.response`: "what we are doing about this" for one week of one workspace. */
export function reportResponsePlace(workspaceId: string, isoWeek: string): CipherPlace {
  return place('report_responses', 'response', workspaceId, isoWeek);
}

/** `slack_installations.installation_enc`: by team or enterprise id. */
export function installationPlace(id: string): CipherPlace {
  return place('slack_installations', 'installation_enc', id);
}

/**
 * Every encrypted column, with how to find a row and its place: the legacy rewrite (`v1` → place-bound `v2`)
 * walks this list. A new encrypted column must be added here.
 */
export interface EncryptedColumn {
  table: string;
  column: string;
  /** Columns that identify a row (for the compare-and-set rewrite) and build its place. */
  keys: readonly string[];
  place(row: Record<string, unknown>): CipherPlace;
}

export const ENCRYPTED_COLUMNS: readonly EncryptedColumn[] = [
  {
    table: 'checkin_answers',
    column: 'reflection',
    keys: ['delivery_id'],
    place: (r) => checkinReflectionPlace(Number(r.delivery_id)),
  },
  {
    table: 'session_reflections',
    column: 'answers',
    keys: ['session_id', 'member_id'],
    place: (r) => sessionReflectionPlace(Number(r.session_id), String(r.member_id)),
  },
  {
    table: 'pairing_relays',
    column: 'body',
    keys: ['id', 'group_id', 'sender_member_id', 'message_id'],
    place: (r) =>
      relayPlace({
        groupId: String(r.group_id),
        senderId: String(r.sender_member_id),
        messageId: String(r.message_id),
      }),
  },
  {
    table: 'pairing_reports',
    column: 'body',
    keys: ['id', 'workspace_id', 'reporter_member_id', 'reporter_pseudonym'],
    place: (r) =>
      reportPlace({
        workspaceId: String(r.workspace_id),
        reporterId: String(r.reporter_member_id),
        reporterPseudonym: String(r.reporter_pseudonym),
      }),
  },
  {
    table: 'record_additions',
    column: 'changed',
    keys: ['member_id', 'ref'],
    place: (r) => recordChangedPlace(String(r.member_id), String(r.ref)),
  },
  {
    table: 'peer_evidence_proposals',
    column: 'theme',
    keys: ['id'],
    place: (r) => peerProposalThemePlace(String(r.id)),
  },
  {
    table: 'peer_evidence',
    column: 'theme',
    keys: ['member_id', 'proposal_id'],
    place: (r) => peerEvidenceThemePlace(String(r.member_id), String(r.proposal_id)),
  },
  {
    table: 'sandbox_messages',
    column: 'body',
    keys: ['id'],
    place: (r) => sandboxMessagePlace(Number(r.id)),
  },
  {
    table: 'prompt_suggestions',
    column: 'text',
    keys: ['workspace_id', 'id'],
    place: (r) => suggestionPlace(String(r.workspace_id), String(r.id)),
  },
  {
    table: 'digest_posts',
    column: 'sharers',
    keys: ['occurrence_id'],
    place: (r) => digestSharersPlace(Number(r.occurrence_id)),
  },
  {
    table: 'digest_posts',
    column: 'response',
    keys: ['occurrence_id'],
    place: (r) => digestResponsePlace(Number(r.occurrence_id)),
  },
  {
    table: 'report_responses',
    column: 'response',
    keys: ['workspace_id', 'iso_week'],
    place: (r) => reportResponsePlace(String(r.workspace_id), String(r.iso_week)),
  },
  {
    table: 'slack_installations',
    column: 'installation_enc',
    keys: ['id'],
    place: (r) => installationPlace(String(r.id)),
  },
];
