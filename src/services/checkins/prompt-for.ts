/** How a check-in's prompt is chosen for one person (by the fan-out, a chunk at a time, or by the send). */
import { type OptIn, type PromptLibrary, choosePrompt } from '../../core/checkins/index.js';
import type { Member } from '../../store/member.repository.js';
import type { ServiceContext } from '../context.js';

/**
 * Choose a person's next prompt from their history: from the library as their workspace sees it (its own prompts
 * in, paused ones out), by their band, lived experience and the opt-ins they chose. Used by the fan-out, which
 * chooses for a chunk of people at once, and by a send whose prompt was not chosen yet.
 */
export function choosePromptFor(
  ctx: ServiceContext,
  base: PromptLibrary,
  workspaceLib: PromptLibrary,
  member: Member,
  history: readonly string[],
) {
  const band = (member.band ?? undefined) as Parameters<typeof choosePrompt>[1];
  // Lived experience is the person's own attribute: its prompts come as well as their band's.
  const livedExperience = member.lived_experience;
  // Grief prompts only for someone who chose them (`me grief on`), never as a random draw for anyone else.
  const optIns: OptIn[] = member.grief_prompts ? ['grief'] : [];
  try {
    return choosePrompt(workspaceLib, band, history, () => ctx.random.next(), { optIns, livedExperience });
  } catch {
    // Every prompt for this band paused in the workspace: the shared library still has one.
    return choosePrompt(base, band, history, () => ctx.random.next(), { optIns, livedExperience });
  }
}
