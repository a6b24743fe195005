/**
 * The reflective prompt library: the shape of the files in `prompts/` and their validation.
 *
 * The files are reviewed like code, and validation is the safety net under that review: a prompt that pushes for
 * disclosure, chases, judges or instructs fails here, so it can never reach a tired person's inbox. Reading the
 * files is not done here (the core has no I/O); a loader outside the core parses the JSON and calls these.
 */
import { z } from 'zod';
import { BANDS, type Band } from '../commands/command.js';
import { IDENTITY_PHRASES, wordingProblems } from './prompt-wording.js';

/** The reflective models a prompt may draw on (PROMPTS.md); `open` for a prompt that follows none closely. */
export const PROMPT_MODELS = ['gibbs', 'rolfe', 'kolb', 'schon', 'driscoll', 'open'] as const;
export type PromptModel = (typeof PROMPT_MODELS)[number];

/** Themes a prompt can carry. Closed, so a typo fails validation instead of creating a theme of one. */
export const THEMES = [
  'wellbeing',
  'burnout',
  'boundaries',
  'rest',
  'co-production',
  'trauma-informed-practice',
  'system-change',
  'celebrating',
  'learning',
  'learning-from-a-hard-day',
  'curiosity',
  'values',
  'relationships',
  'teamwork',
  'leadership',
  'partnership-working',
  'feedback',
] as const;
export type Theme = (typeof THEMES)[number];

/** Every band must have at least this many prompts, so a weekly cadence takes months to repeat. */
export const MIN_PROMPTS_PER_BAND = 10;
/** At least this many prompts must suit every band: members without a band get only those. */
export const MIN_PROMPTS_FOR_EVERYONE = 10;
/** Short enough to read on a phone lock screen in a breath; long enough to be a real question. */
export const PROMPT_TEXT_MIN = 20;
export const PROMPT_TEXT_MAX = 200;
/** A pairing round needs enough starters that a pair rarely sees one twice. */
export const MIN_PAIRING_STARTERS = 15;

const idSchema = z
  .string()
  .max(60)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be kebab-case: lower-case letters, digits and single hyphens');

const textSchema = z.string().min(PROMPT_TEXT_MIN).max(PROMPT_TEXT_MAX);

/** One check-in prompt, as written in `prompts/checkins.json`. */
export const promptSchema = z
  .object({
    id: idSchema,
    text: textSchema,
    model: z.enum(PROMPT_MODELS),
    bands: z.array(z.enum(BANDS)).min(1),
    themes: z.array(z.enum(THEMES)).min(1),
  })
  .strict();
export type Prompt = z.infer<typeof promptSchema>;

/** One conversation starter for a senior-leader peer pair, as in `prompts/pairing-starters.json`. */
export const pairingStarterSchema = z
  .object({ id: idSchema, text: textSchema, themes: z.array(z.enum(THEMES)).optional() })
  .strict();
export type PairingStarter = z.infer<typeof pairingStarterSchema>;

/** Themes of a session reflection set: the prompt themes plus `general`, the fallback for any topic. */
export const SESSION_THEMES = [...THEMES, 'general'] as const;

/** A Rolfe-style question set for after a learning session, as in `prompts/session-reflection.json`. */
export const sessionReflectionSchema = z
  .object({
    id: idSchema,
    title: z.string().min(5).max(80),
    themes: z.array(z.enum(SESSION_THEMES)).min(1),
    what: textSchema,
    soWhat: textSchema,
    nowWhat: textSchema,
  })
  .strict();
export type SessionReflection = z.infer<typeof sessionReflectionSchema>;

/** A validated check-in library. Build one only through {@link validatePromptLibrary}. */
export interface PromptLibrary {
  readonly prompts: readonly Prompt[];
}

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: string[] };

/** Validate each entry against `schema`, naming the entry (index and id) in every error. */
function parseEntries<T extends { id: string }>(
  file: string,
  raw: unknown[],
  schema: z.ZodType<T>,
  errors: string[],
): T[] {
  const entries: T[] = [];
  raw.forEach((entry, index) => {
    const where = describeEntry(file, index, entry);
    const parsed = schema.safeParse(entry);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        errors.push(`${where}: ${issue.path.join('.') || 'entry'} ${issue.message}`);
      }
      return;
    }
    entries.push(parsed.data);
  });
  const seen = new Set<string>();
  for (const [index, entry] of entries.entries()) {
    if (seen.has(entry.id)) errors.push(`${file}: id "${entry.id}" is used more than once (entry ${index})`);
    seen.add(entry.id);
  }
  return entries;
}

function describeEntry(file: string, index: number, entry: unknown): string {
  const id =
    typeof entry === 'object' && entry !== null && typeof (entry as { id?: unknown }).id === 'string'
      ? ` "${(entry as { id: string }).id}"`
      : '';
  return `${file}[${index}]${id}`;
}

/** Checks every question text shares: tidy whitespace, a question mark at the end, no harmful wording. */
function checkQuestion(
  where: string,
  text: string,
  errors: string[],
  extra: typeof IDENTITY_PHRASES = [],
): void {
  if (text !== text.trim() || /\s{2,}|\n/.test(text)) {
    errors.push(`${where}: text has extra spaces or line breaks`);
  }
  // Invite, don't instruct: every prompt is a question the person may answer or not.
  if (!text.trimEnd().endsWith('?')) errors.push(`${where}: text should end with a question mark`);
  for (const problem of wordingProblems(text, extra)) errors.push(`${where}: ${problem}`);
}

function duplicates<T>(values: readonly T[]): T[] {
  return values.filter((value, index) => values.indexOf(value) !== index);
}

/**
 * Validate the check-in prompts (the entries of `prompts/checkins.json`; a loader reading several files passes
 * their entries concatenated). Checks the shape of each entry, unique ids, known bands and themes, text length
 * and wording, at least {@link MIN_PROMPTS_PER_BAND} prompts per band and {@link MIN_PROMPTS_FOR_EVERYONE}
 * prompts that suit every band.
 */
export function validatePromptLibrary(
  raw: unknown[],
): { ok: true; library: PromptLibrary } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  if (!Array.isArray(raw)) return { ok: false, errors: ['checkins: expected a list of prompts'] };
  const prompts = parseEntries('checkins', raw, promptSchema, errors);
  for (const prompt of prompts) {
    const where = `checkins "${prompt.id}"`;
    checkQuestion(where, prompt.text, errors);
    for (const band of new Set(duplicates(prompt.bands)))
      errors.push(`${where}: band "${band}" is listed twice`);
    for (const theme of new Set(duplicates(prompt.themes))) {
      errors.push(`${where}: theme "${theme}" is listed twice`);
    }
  }
  for (const band of BANDS) {
    const count = prompts.filter((prompt) => prompt.bands.includes(band)).length;
    if (count < MIN_PROMPTS_PER_BAND) {
      errors.push(
        `checkins: band "${band}" has ${count} prompts; at least ${MIN_PROMPTS_PER_BAND} are needed`,
      );
    }
  }
  const forEveryone = prompts.filter(suitsEveryone).length;
  if (forEveryone < MIN_PROMPTS_FOR_EVERYONE) {
    errors.push(
      `checkins: ${forEveryone} prompts suit every band; at least ${MIN_PROMPTS_FOR_EVERYONE} are needed ` +
        'for members who have not chosen a band',
    );
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, library: { prompts: Object.freeze(prompts) } };
}

/**
 * Validate the conversation starters for leader peer pairs (`prompts/pairing-starters.json`). Besides the
 * shared wording rules, a starter must not ask for anything that would identify an anonymous partner.
 */
export function validatePairingStarters(raw: unknown[]): Validated<readonly PairingStarter[]> {
  const errors: string[] = [];
  if (!Array.isArray(raw)) return { ok: false, errors: ['pairing-starters: expected a list of starters'] };
  const starters = parseEntries('pairing-starters', raw, pairingStarterSchema, errors);
  for (const starter of starters) {
    checkQuestion(`pairing-starters "${starter.id}"`, starter.text, errors, IDENTITY_PHRASES);
  }
  if (starters.length < MIN_PAIRING_STARTERS) {
    errors.push(`pairing-starters: ${starters.length} starters; at least ${MIN_PAIRING_STARTERS} are needed`);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: Object.freeze(starters) };
}

/** Validate the after-session question sets (`prompts/session-reflection.json`); one must be `general`. */
export function validateSessionReflections(raw: unknown[]): Validated<readonly SessionReflection[]> {
  const errors: string[] = [];
  if (!Array.isArray(raw))
    return { ok: false, errors: ['session-reflection: expected a list of question sets'] };
  const sets = parseEntries('session-reflection', raw, sessionReflectionSchema, errors);
  for (const set of sets) {
    for (const stage of ['what', 'soWhat', 'nowWhat'] as const) {
      checkQuestion(`session-reflection "${set.id}".${stage}`, set[stage], errors);
    }
    for (const problem of wordingProblems(set.title))
      errors.push(`session-reflection "${set.id}".title: ${problem}`);
  }
  if (!sets.some((set) => set.themes.includes('general'))) {
    errors.push(
      'session-reflection: one question set needs the theme "general" (used when no topic matches)',
    );
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: Object.freeze(sets) };
}

/** True when a prompt suits every band (these are the prompts for members without a band). */
export function suitsEveryone(prompt: Prompt): boolean {
  return BANDS.every((band) => prompt.bands.includes(band));
}

/** The prompts a member of `band` may be given; without a band, the prompts that suit everyone. */
export function promptsFor(library: PromptLibrary, band: Band | undefined): Prompt[] {
  return library.prompts.filter((prompt) => (band ? prompt.bands.includes(band) : suitsEveryone(prompt)));
}

/** Look a prompt up by id (for rendering a delivery recorded earlier); undefined if it has been retired. */
export function findPrompt(library: PromptLibrary, id: string): Prompt | undefined {
  return library.prompts.find((prompt) => prompt.id === id);
}

/**
 * The question set to send after a session on `topic` (free text such as "Trauma-informed practice"):
 * the set whose theme matches the topic, else the `general` set.
 */
export function chooseSessionReflection(
  sets: readonly SessionReflection[],
  topic: string | undefined,
): SessionReflection | undefined {
  const key = (topic ?? '')
    .toLowerCase()
    .trim()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  if (key) {
    const exact = sets.find((set) => set.themes.some((theme) => theme === key));
    if (exact) return exact;
    const partial = sets.find((set) =>
      set.themes.some((theme) => theme !== 'general' && key.includes(theme)),
    );
    if (partial) return partial;
  }
  return sets.find((set) => set.themes.includes('general'));
}
