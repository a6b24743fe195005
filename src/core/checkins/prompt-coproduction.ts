/**
 * Co-production of the prompt library (issue 17), the pure part: what a suggestion must be, the prompt a panel's
 * decision makes of it (through the library's own validation), and a workspace's library as rotation sees it —
 * the shared library plus the workspace's own prompts, less the prompts paused there.
 */
import { GROUPS, type Group } from '../commands/command.js';
import {
  checkinWordingProblems,
  mentionsPeopleSupported,
  PROMPT_TEXT_MAX,
  PROMPT_TEXT_MIN,
  type Prompt,
  type PromptLibrary,
  type Validated,
  validateOwnPrompt,
} from './prompt-library.js';
import type { PromptModel, PromptStage, Theme, Weight } from './prompt-tags.js';

/** The tags a panel may give when it accepts a suggestion; anything left out takes the default. */
export interface OwnPromptTags {
  model?: PromptModel;
  stage?: PromptStage;
  bands?: Group[];
  themes?: Theme[];
  weight?: Weight;
}

/** Defaults for a panel's accept: every band, Rolfe's "what?", light. Themes have no default: the panel names them. */
export const OWN_PROMPT_DEFAULTS = { model: 'rolfe', stage: 'what', weight: 'light' } as const;

/** The prefix of a workspace's own prompt ids (`ws-k7p2q`): never clashes with the library's. */
export const OWN_PROMPT_PREFIX = 'ws-';

/**
 * What is wrong with a suggested question, in words for the person who suggested it. Empty when it may be
 * stored. The same wording rules as the library, so the panel never reviews a question the library would refuse.
 */
export function suggestionProblems(text: string): string[] {
  const length = Array.from(text).length;
  if (length < PROMPT_TEXT_MIN) {
    return [`it is a little short: a question of at least ${PROMPT_TEXT_MIN} characters works best`];
  }
  if (length > PROMPT_TEXT_MAX) {
    return [`it is longer than ${PROMPT_TEXT_MAX} characters, so it would be hard to read on a phone`];
  }
  return checkinWordingProblems(text.replace(/\s+/g, ' ').trim());
}

/** Tidy a suggestion as typed: single spaces, no line breaks, trimmed. */
export function tidySuggestion(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The prompt a panel's accept (or edit) makes, validated like every library prompt. A prompt about people
 * supported is marked so and never shareable; a prompt for one band only is never shareable either.
 */
export function ownPrompt(id: string, text: string, tags: OwnPromptTags): Validated<Prompt> {
  const length = Array.from(text).length;
  if (length < PROMPT_TEXT_MIN || length > PROMPT_TEXT_MAX) {
    return {
      ok: false,
      errors: [
        `a question needs ${PROMPT_TEXT_MIN} to ${PROMPT_TEXT_MAX} characters; this one has ${length}`,
      ],
    };
  }
  if (!tags.themes || tags.themes.length === 0) {
    return {
      ok: false,
      errors: ['name at least one theme, e.g. "themes wellbeing" (`prompts review` lists them)'],
    };
  }
  const bands = tags.bands && tags.bands.length > 0 ? tags.bands : [...GROUPS];
  const aboutPeopleSupported = mentionsPeopleSupported(text);
  const raw: Record<string, unknown> = {
    id,
    text,
    model: tags.model ?? OWN_PROMPT_DEFAULTS.model,
    stage: tags.stage ?? (tags.model ? undefined : OWN_PROMPT_DEFAULTS.stage),
    bands,
    themes: tags.themes,
    weight: tags.weight ?? OWN_PROMPT_DEFAULTS.weight,
    shareable: !aboutPeopleSupported && bands.length > 1,
  };
  if (aboutPeopleSupported) raw.aboutPeopleSupported = true;
  if (raw.stage === undefined) {
    return { ok: false, errors: [`with model ${tags.model}, say the stage too, e.g. "stage ..."`] };
  }
  return validateOwnPrompt(raw);
}

/**
 * The library rotation uses in one workspace: the shared prompts and the workspace's own, less those paused
 * there. Paused prompts stay findable (as retired ones do), so what someone was asked still reads true.
 */
export function workspaceLibrary(
  base: PromptLibrary,
  own: readonly Prompt[],
  paused: ReadonlySet<string>,
): PromptLibrary {
  if (own.length === 0 && paused.size === 0) return base;
  const all = [...base.prompts, ...own];
  return {
    prompts: Object.freeze(all.filter((prompt) => !paused.has(prompt.id))),
    retired: Object.freeze([...(base.retired ?? []), ...all.filter((prompt) => paused.has(prompt.id))]),
  };
}
