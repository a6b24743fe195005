/**
 * Which prompt a member gets next. Rotation has a shape:
 *
 * - no repeat until every suitable prompt was sent (a cycle), and a new cycle never opens with the last prompt;
 * - never two heavy prompts in a row: a heavy prompt is always followed by a light, strengths-first one;
 * - themes balanced: among the prompts allowed, the one whose themes were used least over the last quarter;
 * - opt-in sets (grief) are drawn only for a member who opted in to them.
 *
 * Rotation plans ahead so the first two promises never collide: it sends a heavy prompt only while enough
 * strengths-first prompts remain in the cycle to follow every heavy one left. Library validation guarantees at
 * least as many strengths-first prompts as heavy ones for every band, so a cycle can always be completed.
 */
import type { Band } from '../commands/command.js';
import { findPrompt, type Prompt, type PromptLibrary, promptsFor } from './prompt-library.js';
import type { OptIn } from './prompt-tags.js';

/** A quarter of weekly check-ins: the window over which themes are balanced. */
export const THEME_WINDOW = 13;

export interface RotationOptions {
  /** Opt-in sets the member chose (none yet: a member setting comes later). Grief is never drawn without it. */
  optIns?: readonly OptIn[];
  /** How many of the latest prompts count towards theme balance; {@link THEME_WINDOW} by default. */
  themeWindow?: number;
  /** The member said they have lived experience: prompts tagged `lived-experience` join their band's. */
  livedExperience?: boolean;
}

/**
 * Choose the next prompt for a member.
 *
 * @param library  the validated library
 * @param band     the member's band; undefined gives only the prompts that suit every band
 * @param history  prompt ids already given to this member, oldest first. Pass the whole record: cycles are
 *                 counted from the start. Ids no longer suitable (retired prompts, a changed band) do not count
 *                 towards the cycle, but the weight of the very last prompt always counts (an id the library has
 *                 never known is treated as heavy, the safe side).
 * @param random   a source of numbers in [0, 1), seeded in tests
 * @throws Error when no prompt suits the band (a validated library always has some)
 */
export function choosePrompt(
  library: PromptLibrary,
  band: Band | undefined,
  history: readonly string[],
  random: () => number,
  options: RotationOptions = {},
): Prompt {
  // Everything up to the random pick depends only on the library, the person's profile and their history, and a
  // fan-out asks it for thousands of people who mostly share the last two: worked out once per combination.
  const window = options.themeWindow ?? THEME_WINDOW;
  const key = `${band ?? ''}|${options.livedExperience ?? false}|${[...(options.optIns ?? [])].sort().join(',')}|${window}|${history.join(',')}`;
  let perLibrary = chosenBy.get(library);
  if (!perLibrary) {
    perLibrary = new Map();
    chosenBy.set(library, perLibrary);
  }
  let balanced = perLibrary.get(key);
  if (!balanced) {
    balanced = balancedCandidates(library, band, history, options, window);
    if (perLibrary.size >= CHOSEN_MAX) perLibrary.clear();
    perLibrary.set(key, balanced);
  }
  return balanced[pickIndex(random, balanced.length)]!;
}

/** Candidate lists worked out per library (a library is never changed in place), at most this many each. */
const chosenBy = new WeakMap<PromptLibrary, Map<string, readonly Prompt[]>>();
const CHOSEN_MAX = 5_000;

function balancedCandidates(
  library: PromptLibrary,
  band: Band | undefined,
  history: readonly string[],
  options: RotationOptions,
  window: number,
): readonly Prompt[] {
  const suitable = promptsFor(library, band, options.optIns ?? [], options.livedExperience ?? false);
  if (suitable.length === 0) throw new Error(`no prompt suits band ${band ?? '(none)'}`);
  const suitableIds = new Set(suitable.map((prompt) => prompt.id));

  // Replay the history to find which prompts the current cycle has already used.
  let usedThisCycle = new Set<string>();
  for (const id of history) {
    if (!suitableIds.has(id)) continue;
    usedThisCycle.add(id);
    if (usedThisCycle.size === suitableIds.size) usedThisCycle = new Set();
  }

  const last = history.at(-1);
  const afterHeavy = last !== undefined && (findPrompt(library, last)?.weight ?? 'heavy') === 'heavy';
  const cycle = suitable.filter((prompt) => !usedThisCycle.has(prompt.id));
  let unsent = cycle;
  if (usedThisCycle.size === 0 && unsent.length > 1) {
    // A fresh cycle: avoid repeating the prompt given last, whatever cycle or band it came from.
    unsent = unsent.filter((prompt) => prompt.id !== last);
  }

  const candidates =
    shapedCandidates(cycle, unsent, afterHeavy) ?? fallback(suitable, unsent, history, afterHeavy);
  return balanceThemes(library, candidates, history, window);
}

/**
 * The unsent prompts (`unsent`: those of the cycle `cycle` that may be sent now) that keep the cycle's shape: after a heavy prompt only strengths-first ones; otherwise any
 * prompt after which the rest of the cycle can still be sent with every heavy prompt followed by a strengths-first
 * one. Undefined when none can (a history this rotation did not shape, e.g. a changed band or library).
 */
function shapedCandidates(
  cycle: readonly Prompt[],
  unsent: readonly Prompt[],
  afterHeavy: boolean,
): Prompt[] | undefined {
  const heavy = cycle.filter(isHeavy).length;
  const strengths = cycle.filter(isStrengths).length;
  const allowed = unsent.filter((prompt) => {
    if (afterHeavy && !isStrengths(prompt)) return false;
    return canFinishCycle(
      heavy - (isHeavy(prompt) ? 1 : 0),
      strengths - (isStrengths(prompt) ? 1 : 0),
      cycle.length - 1,
      isHeavy(prompt),
    );
  });
  return allowed.length > 0 ? allowed : undefined;
}

/**
 * Whether `remaining` prompts (`heavy` of them heavy, `strengths` strengths-first) can be sent in some order with
 * every heavy prompt followed by a strengths-first one. The last prompt of a cycle may be heavy: the next cycle
 * opens with a strengths-first prompt. So `strengths` must cover the heavy prompt just sent, if any, and every
 * remaining heavy one but a last.
 */
function canFinishCycle(heavy: number, strengths: number, remaining: number, afterHeavy: boolean): boolean {
  if (remaining === 0) return true;
  return strengths >= (afterHeavy ? 1 : 0) + Math.max(heavy - 1, 0);
}

/**
 * When the history left the cycle unshapeable: never a heavy prompt after a heavy one, even at the cost of an
 * early repeat. Prefer unsent light prompts; after a heavy one, the least recently sent strengths-first prompt.
 */
function fallback(
  suitable: readonly Prompt[],
  unsent: readonly Prompt[],
  history: readonly string[],
  afterHeavy: boolean,
): Prompt[] {
  if (!afterHeavy) {
    const light = unsent.filter((prompt) => !isHeavy(prompt));
    return light.length > 0 ? light : [...unsent];
  }
  const strengths = unsent.filter(isStrengths);
  if (strengths.length > 0) return strengths;
  const pool = suitable.filter(isStrengths);
  const lightPool = pool.length > 0 ? pool : suitable.filter((prompt) => !isHeavy(prompt));
  if (lightPool.length === 0) return [...unsent];
  const lastSent = (prompt: Prompt) => history.lastIndexOf(prompt.id);
  const oldest = Math.min(...lightPool.map(lastSent));
  return lightPool.filter((prompt) => lastSent(prompt) === oldest);
}

/** Among `candidates`, those whose themes were used least over the latest `window` prompts (one is picked at random). */
function balanceThemes(
  library: PromptLibrary,
  candidates: readonly Prompt[],
  history: readonly string[],
  window: number,
): readonly Prompt[] {
  const counts = new Map<string, number>();
  for (const id of history.slice(Math.max(history.length - window, 0))) {
    for (const theme of findPrompt(library, id)?.themes ?? [])
      counts.set(theme, (counts.get(theme) ?? 0) + 1);
  }
  const score = (prompt: Prompt) => Math.max(...prompt.themes.map((theme) => counts.get(theme) ?? 0));
  const best = Math.min(...candidates.map(score));
  return candidates.filter((prompt) => score(prompt) === best);
}

function isHeavy(prompt: Prompt): boolean {
  return prompt.weight === 'heavy';
}

function isStrengths(prompt: Prompt): boolean {
  return prompt.strengths === true && prompt.weight === 'light';
}

/** An index in [0, length) from a random number, safe against a source that returns exactly 1. */
function pickIndex(random: () => number, length: number): number {
  const index = Math.floor(random() * length);
  return Math.min(Math.max(index, 0), length - 1);
}
