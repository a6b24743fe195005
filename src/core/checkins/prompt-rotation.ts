/**
 * Which prompt a member gets next. A member never sees the same prompt twice until they have had every prompt
 * that suits them; then a new cycle starts, and its first prompt is never the one they were given last.
 */
import type { Band } from '../commands/command.js';
import { type Prompt, type PromptLibrary, promptsFor } from './prompt-library.js';

/**
 * Choose the next prompt for a member.
 *
 * @param library  the validated library
 * @param band     the member's band; undefined gives only the prompts that suit every band
 * @param history  prompt ids already given to this member, oldest first. Pass the whole record: cycles are
 *                 counted from the start, so a history cut at an arbitrary point can shift a cycle boundary and
 *                 allow one early repeat (never more). Ids no longer suitable (retired prompts, a changed band)
 *                 are ignored.
 * @param random   a source of numbers in [0, 1), seeded in tests
 * @throws Error when no prompt suits the band (a validated library always has some)
 */
export function choosePrompt(
  library: PromptLibrary,
  band: Band | undefined,
  history: readonly string[],
  random: () => number,
): Prompt {
  const suitable = promptsFor(library, band);
  if (suitable.length === 0) throw new Error(`no prompt suits band ${band ?? '(none)'}`);
  const suitableIds = new Set(suitable.map((prompt) => prompt.id));

  // Replay the history to find which prompts the current cycle has already used.
  let usedThisCycle = new Set<string>();
  for (const id of history) {
    if (!suitableIds.has(id)) continue;
    usedThisCycle.add(id);
    if (usedThisCycle.size === suitableIds.size) usedThisCycle = new Set();
  }

  let candidates = suitable.filter((prompt) => !usedThisCycle.has(prompt.id));
  if (usedThisCycle.size === 0 && candidates.length > 1) {
    // A fresh cycle: avoid repeating the prompt given last, whatever cycle or band it came from.
    const last = history[history.length - 1];
    candidates = candidates.filter((prompt) => prompt.id !== last);
  }
  return candidates[pickIndex(random, candidates.length)]!;
}

/** An index in [0, length) from a random number, safe against a source that returns exactly 1. */
function pickIndex(random: () => number, length: number): number {
  const index = Math.floor(random() * length);
  return Math.min(Math.max(index, 0), length - 1);
}
