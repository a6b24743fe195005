/**
 * The prompt library as one workspace's rotation sees it: the shared library, plus the workspace's own prompts its
 * prompt panel accepted, less the prompts paused there after "this didn't land" (docs/COMMANDS.md, issue 17).
 */
import { type Prompt, type PromptLibrary, workspaceLibrary } from '../../core/checkins/index.js';
import {
  pausedPrompts,
  type WorkspacePrompt,
  workspacePrompts,
} from '../../store/prompt-coproduction.repository.js';
import type { ServiceContext } from '../context.js';

/** A stored own prompt as a library prompt (its tags were validated when the panel accepted it). */
export function ownPromptOf(row: WorkspacePrompt): Prompt {
  return { ...(row.tags as Omit<Prompt, 'id' | 'text'>), id: row.id, text: row.text };
}

export async function libraryForWorkspace(
  ctx: ServiceContext,
  base: PromptLibrary,
  workspaceId: string,
): Promise<PromptLibrary> {
  const own = await workspacePrompts(ctx.db, workspaceId);
  const paused = await pausedPrompts(ctx.db, workspaceId);
  return workspaceLibrary(base, own.map(ownPromptOf), new Set(paused));
}
