/**
 * The store of co-production (issue 17): suggestions, the workspace's own prompts, the prompt panel, "this didn't
 * land" flags, pauses and the panel's decisions. Nothing here decrypts: the service does, in memory.
 */
import { sql, type Selectable } from 'kysely';
import type {
  Executor,
  PromptDecisionsTable,
  PromptSuggestionsTable,
  WorkspacePromptTags,
  WorkspacePromptsTable,
} from '../../db/schema.js';

export type Suggestion = Selectable<PromptSuggestionsTable>;
export type WorkspacePrompt = Selectable<WorkspacePromptsTable>;
export type PromptDecision = Selectable<PromptDecisionsTable>;

/** Store a suggestion; false when the id is taken (the caller draws another). */
export async function insertSuggestion(
  db: Executor,
  values: { id: string; workspaceId: string; text: string; day: Date; sharedFrom?: string },
): Promise<boolean> {
  const r = await db
    .insertInto('prompt_suggestions')
    .values({
      id: values.id,
      workspace_id: values.workspaceId,
      text: values.text,
      created_at: values.day,
      shared_from: values.sharedFrom ?? null,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  return r !== undefined;
}

export async function getSuggestion(
  db: Executor,
  workspaceId: string,
  id: string,
): Promise<Suggestion | undefined> {
  return db
    .selectFrom('prompt_suggestions')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function openSuggestions(db: Executor, workspaceId: string): Promise<Suggestion[]> {
  return db
    .selectFrom('prompt_suggestions')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('status', '=', 'open')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/**
 * Close an open suggestion: its text goes (accepted words live on as the workspace's prompt; declined ones are
 * not kept). False when it was not open any more (another panel member decided first).
 */
export async function decideSuggestion(
  db: Executor,
  values: {
    workspaceId: string;
    id: string;
    status: 'accepted' | 'edited' | 'declined';
    promptId: string | null;
    at: Date;
  },
): Promise<boolean> {
  const r = await db
    .updateTable('prompt_suggestions')
    .set({ status: values.status, text: null, prompt_id: values.promptId, decided_at: values.at })
    .where('workspace_id', '=', values.workspaceId)
    .where('id', '=', values.id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Open suggestions of a workspace made before `before` (retention: undecided words expire like other text). */
export async function deleteOpenSuggestionsBefore(
  db: Executor,
  workspaceId: string,
  before: Date,
): Promise<number> {
  const r = await db
    .deleteFrom('prompt_suggestions')
    .where('workspace_id', '=', workspaceId)
    .where('status', '=', 'open')
    .where('created_at', '<', before)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function insertWorkspacePrompt(
  db: Executor,
  values: { workspaceId: string; id: string; text: string; tags: WorkspacePromptTags; at: Date },
): Promise<void> {
  await db
    .insertInto('workspace_prompts')
    .values({
      workspace_id: values.workspaceId,
      id: values.id,
      text: values.text,
      tags: JSON.stringify(values.tags),
      created_at: values.at,
    })
    .execute();
}

export async function workspacePrompts(db: Executor, workspaceId: string): Promise<WorkspacePrompt[]> {
  return db
    .selectFrom('workspace_prompts')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function pausedPrompts(db: Executor, workspaceId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('prompt_pauses')
    .select('prompt_id')
    .where('workspace_id', '=', workspaceId)
    .orderBy('paused_at')
    .orderBy('prompt_id')
    .execute();
  return rows.map((r) => r.prompt_id);
}

/** Pause a prompt in a workspace; false when it was paused already. */
export async function pausePrompt(
  db: Executor,
  workspaceId: string,
  promptId: string,
  at: Date,
): Promise<boolean> {
  const r = await db
    .insertInto('prompt_pauses')
    .values({ workspace_id: workspaceId, prompt_id: promptId, paused_at: at })
    .onConflict((oc) => oc.columns(['workspace_id', 'prompt_id']).doNothing())
    .returning('prompt_id')
    .executeTakeFirst();
  return r !== undefined;
}

/** Unpause a prompt and clear its flags (it starts again from nobody). False when it was not paused. */
export async function restorePrompt(db: Executor, workspaceId: string, promptId: string): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const r = await tx
      .deleteFrom('prompt_pauses')
      .where('workspace_id', '=', workspaceId)
      .where('prompt_id', '=', promptId)
      .executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) return false;
    await tx
      .deleteFrom('prompt_flags')
      .where('workspace_id', '=', workspaceId)
      .where('prompt_id', '=', promptId)
      .execute();
    return true;
  });
}

/**
 * Record one person's "this didn't land" for a prompt, at most once, and return how many different people in the
 * workspace flagged it (undefined when this person had already flagged it).
 */
export async function flagPrompt(
  db: Executor,
  values: { workspaceId: string; promptId: string; memberId: string; at: Date },
): Promise<number | undefined> {
  const r = await db
    .insertInto('prompt_flags')
    .values({
      workspace_id: values.workspaceId,
      prompt_id: values.promptId,
      member_id: values.memberId,
      flagged_at: values.at,
    })
    .onConflict((oc) => oc.columns(['workspace_id', 'prompt_id', 'member_id']).doNothing())
    .returning('member_id')
    .executeTakeFirst();
  if (r === undefined) return undefined;
  const row = await db
    .selectFrom('prompt_flags')
    .select(sql<string>`count(distinct member_id)`.as('people'))
    .where('workspace_id', '=', values.workspaceId)
    .where('prompt_id', '=', values.promptId)
    .executeTakeFirstOrThrow();
  return Number(row.people);
}

export async function countMemberFlags(db: Executor, memberId: string): Promise<number> {
  const row = await db
    .selectFrom('prompt_flags')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('member_id', '=', memberId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function deleteMemberFlags(db: Executor, memberId: string): Promise<void> {
  await db.deleteFrom('prompt_flags').where('member_id', '=', memberId).execute();
}

export async function addPanelMember(
  db: Executor,
  workspaceId: string,
  memberId: string,
  at: Date,
): Promise<boolean> {
  const r = await db
    .insertInto('prompt_panel')
    .values({ workspace_id: workspaceId, member_id: memberId, added_at: at })
    .onConflict((oc) => oc.columns(['workspace_id', 'member_id']).doNothing())
    .returning('member_id')
    .executeTakeFirst();
  return r !== undefined;
}

export async function removePanelMember(
  db: Executor,
  workspaceId: string,
  memberId: string,
): Promise<boolean> {
  const r = await db
    .deleteFrom('prompt_panel')
    .where('workspace_id', '=', workspaceId)
    .where('member_id', '=', memberId)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function deletePanelMembership(db: Executor, memberId: string): Promise<void> {
  await db.deleteFrom('prompt_panel').where('member_id', '=', memberId).execute();
}

export async function isPanelMember(db: Executor, workspaceId: string, memberId: string): Promise<boolean> {
  const row = await db
    .selectFrom('prompt_panel')
    .select('member_id')
    .where('workspace_id', '=', workspaceId)
    .where('member_id', '=', memberId)
    .executeTakeFirst();
  return row !== undefined;
}

/** The panel's members by name, for admins (who appointed them). */
export async function listPanel(
  db: Executor,
  workspaceId: string,
): Promise<Array<{ memberId: string; displayName: string | null }>> {
  const rows = await db
    .selectFrom('prompt_panel')
    .innerJoin('members', 'members.id', 'prompt_panel.member_id')
    .select(['members.id as memberId', 'members.display_name as displayName'])
    .where('prompt_panel.workspace_id', '=', workspaceId)
    .orderBy('prompt_panel.added_at')
    .execute();
  return rows;
}

export async function insertDecision(
  db: Executor,
  values: {
    workspaceId: string;
    subjectId: string;
    decision: PromptDecision['decision'];
    detail: string | null;
    at: Date;
  },
): Promise<void> {
  await db
    .insertInto('prompt_decisions')
    .values({
      workspace_id: values.workspaceId,
      subject_id: values.subjectId,
      decision: values.decision,
      detail: values.detail,
      decided_at: values.at,
    })
    .execute();
}

/** The latest decisions, newest first. */
export async function latestDecisions(
  db: Executor,
  workspaceId: string,
  limit: number,
): Promise<PromptDecision[]> {
  return db
    .selectFrom('prompt_decisions')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy('decided_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** The check-in delivery a "this didn't land" click names: whose it is, and the prompt it carried. */
export async function checkinDeliveryOf(
  db: Executor,
  deliveryId: number,
): Promise<{ memberId: string; workspaceId: string; promptId: string } | undefined> {
  const row = await db
    .selectFrom('deliveries')
    .innerJoin('occurrences', 'occurrences.id', 'deliveries.occurrence_id')
    .innerJoin('checkin_deliveries', 'checkin_deliveries.delivery_id', 'deliveries.id')
    .select([
      'deliveries.member_id as memberId',
      'occurrences.workspace_id as workspaceId',
      'checkin_deliveries.prompt_id as promptId',
    ])
    .where('deliveries.id', '=', deliveryId)
    .where('occurrences.kind', '=', 'checkin')
    .executeTakeFirst();
  return row;
}

/**
 * The panel's accept (or edit): the prompt joins the workspace's library, the suggestion closes without its text,
 * and the decision is listed, all at once. False when the suggestion was no longer open.
 */
export async function acceptSuggestion(
  db: Executor,
  values: {
    workspaceId: string;
    suggestionId: string;
    promptId: string;
    text: string;
    tags: WorkspacePromptTags;
    edited: boolean;
    at: Date;
  },
): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const closed = await decideSuggestion(tx, {
      workspaceId: values.workspaceId,
      id: values.suggestionId,
      status: values.edited ? 'edited' : 'accepted',
      promptId: values.promptId,
      at: values.at,
    });
    if (!closed) return false;
    await insertWorkspacePrompt(tx, { ...values, id: values.promptId });
    await insertDecision(tx, {
      workspaceId: values.workspaceId,
      subjectId: values.promptId,
      decision: values.edited ? 'edited' : 'added',
      detail: values.text,
      at: values.at,
    });
    return true;
  });
}

/** The panel's decline: the suggestion closes and its words are deleted; only the reason is listed. */
export async function declineSuggestion(
  db: Executor,
  values: { workspaceId: string; suggestionId: string; reason: string | null; at: Date },
): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const closed = await decideSuggestion(tx, {
      workspaceId: values.workspaceId,
      id: values.suggestionId,
      status: 'declined',
      promptId: null,
      at: values.at,
    });
    if (!closed) return false;
    await insertDecision(tx, {
      workspaceId: values.workspaceId,
      subjectId: values.suggestionId,
      decision: 'declined',
      detail: values.reason,
      at: values.at,
    });
    return true;
  });
}

/** Whether a workspace already received a shared question (`<workspace id>/<prompt id>`), open or decided. */
export async function receivedShare(db: Executor, workspaceId: string, sharedFrom: string): Promise<boolean> {
  const row = await db
    .selectFrom('prompt_suggestions')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('shared_from', '=', sharedFrom)
    .executeTakeFirst();
  return row !== undefined;
}

/** The other active workspaces of a community. */
export async function otherCommunityWorkspaces(
  db: Executor,
  communityId: string,
  workspaceId: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('workspaces')
    .select('id')
    .where('community_id', '=', communityId)
    .where('id', '!=', workspaceId)
    .where('active', '=', true)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}
