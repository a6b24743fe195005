/**
 * The reflective prompt library: the shape of the files in `prompts/` and their validation.
 *
 * The files are reviewed like code, and validation is the safety net under that review: a prompt that pushes for
 * disclosure, chases, judges or instructs fails here, so it can never reach a tired person's inbox. Reading the
 * files is not done here (the core has no I/O); a loader outside the core parses the JSON and calls these.
 */
import { z } from 'zod';
import { BANDS, type Band, GROUPS, type Group, LIVED_EXPERIENCE } from '../commands/command.js';
import {
  MODEL_STAGES,
  OPT_INS,
  type OptIn,
  PROMPT_MODELS,
  PROMPT_STAGES,
  type PromptModel,
  type PromptStage,
  THEMES,
  WEIGHTS,
} from './prompt-tags.js';
import {
  CADENCE_PHRASES,
  IDENTITY_PHRASES,
  normaliseWording,
  presumptiveOpening,
  wordingProblems,
} from './prompt-wording.js';

/** Every band must have at least this many prompts written for it (besides the prompts that suit everyone). */
export const MIN_PROMPTS_PER_BAND = 10;
/**
 * Community members and people with lived experience were served by prompts written for staff: each gets at least
 * this many written for them.
 */
export const MIN_WRITTEN_FOR: Readonly<Partial<Record<Group, number>>> = {
  community: 25,
  'lived-experience': 25,
};
/**
 * People with lived experience hold two kinds of role: peer workers support people; panel and board members
 * support nobody. Of the prompts written for them, at least this many suit someone who supports nobody...
 */
export const MIN_LIVED_EXPERIENCE_NOT_SUPPORTING = 15;
/** ...and at least this many (conditional: "If you support people...") speak to peer workers. */
export const MIN_LIVED_EXPERIENCE_SUPPORTING = 5;
/**
 * Prompts that suit every band (and so members without one), opt-in sets not counted. A calendar year has 52 whole
 * weeks and one or two days more, so at most 262 weekdays: with at least 262, a member on a `weekdays` cadence goes
 * a whole year without a repeat, whatever their band.
 */
export const MIN_PROMPTS_FOR_EVERYONE = 262;
/** The whole library, opt-in sets included, retired prompts not. */
export const MIN_PROMPTS_IN_LIBRARY = 150;
/** Every theme (and every opt-in set) has at least this many prompts, so no theme is a token. */
export const MIN_PROMPTS_PER_THEME = 3;
/** Short enough to read on a phone lock screen in a breath; long enough to be a real question. */
export const PROMPT_TEXT_MIN = 20;
export const PROMPT_TEXT_MAX = 200;
/** A pairing round needs enough starters that a pair rarely sees one twice. */
export const MIN_PAIRING_STARTERS = 15;

/** Bands whose members may support nobody: a prompt about people supported must be conditional for them. */
const MAY_SUPPORT_NOBODY: readonly Group[] = ['community', LIVED_EXPERIENCE];

/**
 * Words that mean a prompt is about people supported. Such a prompt must say so (`aboutPeopleSupported`), so it is
 * never shareable: a shared answer about a person can identify them.
 */
const PEOPLE_SUPPORTED_PHRASES = [
  'someone you support',
  'people you support',
  'person you support',
  'the people you work with',
  'someone you work with closely',
  'people you meet',
  'someone you meet',
  'a person you',
];

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
    model: z.enum(PROMPT_MODELS as [PromptModel, ...PromptModel[]]),
    stage: z.enum(PROMPT_STAGES as [PromptStage, ...PromptStage[]]),
    /** Bands it suits; `lived-experience` means people who said they have it, whatever their band. */
    bands: z.array(z.enum(GROUPS)).min(1),
    themes: z.array(z.enum(THEMES)).min(1),
    weight: z.enum(WEIGHTS),
    /** Whether the answer may be offered to the learning digest. */
    shareable: z.boolean(),
    /** A light prompt that starts from what went well or what the person knows; the one sent after a heavy one. */
    strengths: z.boolean().optional(),
    /** The prompt is about people supported (so never shareable). */
    aboutPeopleSupported: z.boolean().optional(),
    /** Sent only to members who opted in to this set, never as a random draw. */
    optIn: z.enum(OPT_INS).optional(),
    /** Signposting shown with the prompt (required for opt-in sets such as grief). */
    signpost: z.string().min(20).max(300).optional(),
    /**
     * Retired: never sent again, kept so the history rows and records that name it still resolve. Its text is
     * the wording people were given.
     */
    retired: z
      .object({
        on: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD'),
        reason: z.string().min(10).max(200),
      })
      .strict()
      .optional(),
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
  /** Prompts that may be sent (opt-in sets included; rotation draws those only for members who opted in). */
  readonly prompts: readonly Prompt[];
  /** Retired prompts: never sent, still resolvable by id for history and records. */
  readonly retired?: readonly Prompt[];
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
  for (const problem of questionProblems(text, extra)) errors.push(`${where}: ${problem}`);
}

function questionProblems(text: string, extra: typeof IDENTITY_PHRASES = []): string[] {
  const errors: string[] = [];
  if (text !== text.trim() || /\s{2,}|\n/.test(text)) {
    errors.push('text has extra spaces or line breaks');
  }
  // Invite, don't instruct: every prompt is a question the person may answer or not.
  if (!text.trimEnd().endsWith('?')) errors.push('text should end with a question mark');
  errors.push(...wordingProblems(text, extra));
  return errors;
}

function duplicates<T>(values: readonly T[]): T[] {
  return values.filter((value, index) => values.indexOf(value) !== index);
}

/**
 * Validate the check-in prompts (the entries of `prompts/checkins.json`). Checks each entry's shape, tags
 * (model and stage, bands, themes, weight), wording (banned phrases, cadence words, presumptive openings) and
 * sharing rules, then the library as a whole: counts per band, theme and opt-in set, enough prompts for everyone,
 * and enough light strengths-first prompts that rotation can always follow a heavy one with one.
 */
export function validatePromptLibrary(
  raw: unknown[],
): { ok: true; library: PromptLibrary } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  if (!Array.isArray(raw)) return { ok: false, errors: ['checkins: expected a list of prompts'] };
  const all = parseEntries('checkins', raw, promptSchema, errors);
  for (const prompt of all) {
    for (const problem of promptProblems(prompt)) errors.push(`checkins "${prompt.id}": ${problem}`);
  }
  const prompts = all.filter((prompt) => !prompt.retired);
  const retired = all.filter((prompt) => prompt.retired);
  errors.push(...libraryProblems(prompts));
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, library: { prompts: Object.freeze(prompts), retired: Object.freeze(retired) } };
}

/** What is wrong with one prompt on its own (tags, wording, sharing rules). */
function promptProblems(prompt: Prompt): string[] {
  const problems: string[] = [];
  const stages: readonly string[] = MODEL_STAGES[prompt.model];
  if (!stages.includes(prompt.stage)) {
    problems.push(`stage "${prompt.stage}" is not a stage of ${prompt.model} (${stages.join(', ')})`);
  }
  for (const band of new Set(duplicates(prompt.bands))) problems.push(`band "${band}" is listed twice`);
  for (const theme of new Set(duplicates(prompt.themes))) problems.push(`theme "${theme}" is listed twice`);
  // A retired prompt is never sent: its wording stays as people were given it, so history reads true.
  if (!prompt.retired) problems.push(...checkinWordingProblems(prompt.text));
  if (prompt.strengths && prompt.weight !== 'light') problems.push('a strengths-first prompt must be light');
  const mentionsPeople = PEOPLE_SUPPORTED_PHRASES.some((phrase) =>
    normaliseWording(prompt.text).includes(phrase),
  );
  if (mentionsPeople && !prompt.aboutPeopleSupported) {
    problems.push('it is about people supported: mark it "aboutPeopleSupported": true');
  }
  if (prompt.aboutPeopleSupported && prompt.shareable) {
    problems.push('a prompt about people supported is never shareable (a shared answer can identify them)');
  }
  if (prompt.bands.length === 1 && prompt.shareable) {
    problems.push(
      "a prompt only one band gets is never shareable (sharing it would reveal the writer's band)",
    );
  }
  if (
    prompt.aboutPeopleSupported &&
    prompt.bands.some((band) => MAY_SUPPORT_NOBODY.includes(band)) &&
    !/^if\b/i.test(prompt.text)
  ) {
    problems.push(
      'it is about people supported and goes to bands whose members may support nobody: start with "If..."',
    );
  }
  if (prompt.optIn && !prompt.signpost) problems.push(`an opt-in (${prompt.optIn}) prompt needs a signpost`);
  if (!prompt.optIn && prompt.signpost) problems.push('only opt-in prompts carry their own signpost');
  if (prompt.themes.includes('grief') !== (prompt.optIn === 'grief')) {
    problems.push('grief prompts are opt-in only: theme "grief" and "optIn": "grief" go together');
  }
  if (prompt.optIn === 'grief' && prompt.weight !== 'heavy') problems.push('a grief prompt is heavy');
  if (prompt.signpost) {
    for (const problem of wordingProblems(prompt.signpost)) problems.push(`signpost ${problem}`);
  }
  return problems;
}

/** The wording rules of a check-in prompt: the shared question rules plus cadence words and presumptive openings. */
export function checkinWordingProblems(text: string): string[] {
  const problems = questionProblems(text, CADENCE_PHRASES);
  const opening = presumptiveOpening(text);
  if (opening) {
    problems.push(
      `opens with "${opening}", which presumes something happened; ask "Was there a moment..." instead`,
    );
  }
  return problems;
}

/** What is wrong with the library as a whole (counts, and room for rotation's shape). */
function libraryProblems(prompts: readonly Prompt[]): string[] {
  const problems: string[] = [];
  const drawn = prompts.filter((prompt) => !prompt.optIn);
  if (prompts.length < MIN_PROMPTS_IN_LIBRARY) {
    problems.push(`checkins: ${prompts.length} prompts; at least ${MIN_PROMPTS_IN_LIBRARY} are needed`);
  }
  const forEveryone = drawn.filter(suitsEveryone);
  if (forEveryone.length < MIN_PROMPTS_FOR_EVERYONE) {
    problems.push(
      `checkins: ${forEveryone.length} prompts suit every band; at least ${MIN_PROMPTS_FOR_EVERYONE} are needed ` +
        'so members without a band (and everyone on a weekday cadence) go a year without a repeat',
    );
  }
  for (const band of GROUPS) {
    const written = drawn.filter((prompt) => prompt.bands.includes(band) && !suitsEveryone(prompt));
    const needed = Math.max(MIN_PROMPTS_PER_BAND, MIN_WRITTEN_FOR[band] ?? 0);
    if (written.length < needed) {
      problems.push(
        `checkins: band "${band}" has ${written.length} prompts written for it; at least ${needed} are needed`,
      );
    }
  }
  const livedExperience = drawn.filter(
    (prompt) => prompt.bands.includes(LIVED_EXPERIENCE) && !suitsEveryone(prompt),
  );
  const supporting = livedExperience.filter((prompt) => prompt.aboutPeopleSupported).length;
  if (livedExperience.length - supporting < MIN_LIVED_EXPERIENCE_NOT_SUPPORTING) {
    problems.push(
      `checkins: ${livedExperience.length - supporting} lived-experience prompts suit someone who supports nobody ` +
        `(a panel or board member); at least ${MIN_LIVED_EXPERIENCE_NOT_SUPPORTING} are needed`,
    );
  }
  if (supporting < MIN_LIVED_EXPERIENCE_SUPPORTING) {
    problems.push(
      `checkins: ${supporting} lived-experience prompts speak to peer workers; at least ${MIN_LIVED_EXPERIENCE_SUPPORTING} are needed`,
    );
  }
  for (const theme of THEMES) {
    const count = prompts.filter((prompt) => prompt.themes.includes(theme)).length;
    if (count < MIN_PROMPTS_PER_THEME) {
      problems.push(
        `checkins: theme "${theme}" has ${count} prompts; at least ${MIN_PROMPTS_PER_THEME} are needed`,
      );
    }
  }
  // Rotation follows every heavy prompt with a light strengths-first one; it can only keep that promise, and
  // still send every suitable prompt once per cycle, if there are at least as many of those as heavy ones.
  for (const [band, livedExperience] of [
    ...[...BANDS, undefined].map((b) => [b, false] as const),
    [undefined, true] as const,
  ]) {
    const pool = promptsFor({ prompts }, band, [], livedExperience);
    const heavy = pool.filter((prompt) => prompt.weight === 'heavy').length;
    const strengths = pool.filter((prompt) => prompt.strengths).length;
    if (strengths < heavy) {
      problems.push(
        `checkins: ${band ? `band "${band}"` : livedExperience ? 'people with lived experience' : 'members without a band'} get ${heavy} heavy prompts but only ` +
          `${strengths} light strengths-first ones; at least as many are needed`,
      );
    }
  }
  return problems;
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

/**
 * The prompts a member of `band` may be given; without a band, the prompts that suit everyone. A person who said
 * they have lived experience also gets the prompts tagged `lived-experience`, whatever their band (a director
 * with lived experience gets leader prompts and lived-experience ones). Opt-in sets are left out unless listed in
 * `optIns`; retired prompts are never included.
 */
/**
 * What is worked out once per library object: a fan-out asks the same questions of it for thousands of people.
 * A library is never changed in place (a workspace's own prompts or a pause make a new one), so the answers hold
 * for as long as the object lives.
 */
interface LibraryIndex {
  sendable: Map<string, Prompt>;
  known: Map<string, Prompt>;
  suitable: Map<string, readonly Prompt[]>;
}
const indexes = new WeakMap<PromptLibrary, LibraryIndex>();

function indexOf(library: PromptLibrary): LibraryIndex {
  let index = indexes.get(library);
  if (!index) {
    // The first prompt of an id wins, as a search in order would find it.
    const sendable = new Map<string, Prompt>();
    for (const p of library.prompts) if (!sendable.has(p.id)) sendable.set(p.id, p);
    const known = new Map(sendable);
    for (const p of library.retired ?? []) if (!known.has(p.id)) known.set(p.id, p);
    index = { sendable, known, suitable: new Map() };
    indexes.set(library, index);
  }
  return index;
}

export function promptsFor(
  library: PromptLibrary,
  band: Band | undefined,
  optIns: readonly OptIn[] = [],
  livedExperience = false,
): Prompt[] {
  const index = indexOf(library);
  const key = `${band ?? ''}|${livedExperience}|${[...optIns].sort().join(',')}`;
  let suitable = index.suitable.get(key);
  if (!suitable) {
    suitable = library.prompts.filter(
      (prompt) =>
        ((band ? prompt.bands.includes(band) : suitsEveryone(prompt)) ||
          (livedExperience && prompt.bands.includes(LIVED_EXPERIENCE))) &&
        (!prompt.optIn || optIns.includes(prompt.optIn)),
    );
    index.suitable.set(key, suitable);
  }
  return [...suitable];
}

/**
 * Look a prompt up by id, retired prompts included: for rendering what someone was asked (a delivery recorded
 * earlier, a member's own record). Undefined only for an id the library has never known.
 */
export function findPrompt(library: PromptLibrary, id: string): Prompt | undefined {
  return indexOf(library).known.get(id);
}

/** Look up a prompt that may still be sent; undefined if it is retired or unknown. */
export function findSendablePrompt(library: PromptLibrary, id: string): Prompt | undefined {
  return indexOf(library).sendable.get(id);
}

/**
 * The signposting to show with a prompt, if it carries its own (opt-in sets such as grief always do). Shown in
 * addition to the workspace's support signpost, never instead of it.
 */
export function promptSignpost(prompt: Pick<Prompt, 'signpost'>): string | undefined {
  return prompt.signpost?.trim() || undefined;
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

/** Whether a prompt's words are about people supported (so it must be marked, and is never shareable). */
export function mentionsPeopleSupported(text: string): boolean {
  return PEOPLE_SUPPORTED_PHRASES.some((phrase) => normaliseWording(text).includes(phrase));
}

/**
 * Validate one prompt a workspace's prompt panel accepts into its own library: the same schema and the same
 * rules as every prompt of `prompts/checkins.json` (tags, wording, sharing), and it may not be an opt-in, carry
 * its own signpost or be retired (those stay in the reviewed files).
 */
export function validateOwnPrompt(raw: unknown): Validated<Prompt> {
  const parsed = promptSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'prompt'} ${issue.message}`),
    };
  }
  const prompt = parsed.data;
  const errors = promptProblems(prompt);
  if (prompt.optIn || prompt.signpost || prompt.retired) {
    errors.push('opt-in sets, their signposts and retired prompts stay in the reviewed library files');
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: prompt };
}
