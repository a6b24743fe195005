/**
 * Reads and validates the prompt library (`prompts/*.json`) once, at start. An invalid library stops the app
 * from starting: a broken or harmful prompt must never reach a person. Errors name only files, prompt ids and
 * reasons.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type PairingStarter,
  type PromptLibrary,
  type SessionReflection,
  validatePairingStarters,
  validatePromptLibrary,
  validateSessionReflections,
} from './core/checkins/index.js';

export interface Prompts {
  checkins: PromptLibrary;
  pairingStarters: readonly PairingStarter[];
  sessionReflections: readonly SessionReflection[];
}

/** Thrown when the library is missing or invalid; `problems` holds one line per error. */
export class PromptsError extends Error {
  override readonly name = 'PromptsError';
  constructor(readonly problems: string[]) {
    super(`the prompt library is invalid:\n${problems.join('\n')}`);
  }
}

/** `prompts/` beside `src/` (under tsx) or beside `dist/` (the compiled build). */
export function defaultPromptsDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [resolve(here, '../prompts'), resolve(here, '../../prompts')];
  return candidates.find((dir) => existsSync(join(dir, 'checkins.json'))) ?? candidates[0]!;
}

function readList(dir: string, file: string, problems: string[]): unknown[] {
  try {
    const parsed: unknown = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    if (!Array.isArray(parsed)) {
      problems.push(`${file}: expected a JSON list`);
      return [];
    }
    return parsed;
  } catch (error) {
    problems.push(`${file}: ${error instanceof Error ? error.message : 'unreadable'}`);
    return [];
  }
}

/**
 * Read and validate every prompt file in `dir`.
 * @throws PromptsError listing every problem found
 */
export function loadPrompts(dir: string = defaultPromptsDir()): Prompts {
  const problems: string[] = [];
  const checkins = validatePromptLibrary(readList(dir, 'checkins.json', problems));
  const starters = validatePairingStarters(readList(dir, 'pairing-starters.json', problems));
  const reflections = validateSessionReflections(readList(dir, 'session-reflection.json', problems));
  if (!checkins.ok) problems.push(...checkins.errors);
  if (!starters.ok) problems.push(...starters.errors);
  if (!reflections.ok) problems.push(...reflections.errors);
  if (problems.length > 0 || !checkins.ok || !starters.ok || !reflections.ok) {
    throw new PromptsError(problems);
  }
  return {
    checkins: checkins.library,
    pairingStarters: starters.value,
    sessionReflections: reflections.value,
  };
}

let cached: { dir: string; prompts: Prompts } | undefined;

/** {@link loadPrompts}, read once per directory for the life of the process. */
export function prompts(dir: string = defaultPromptsDir()): Prompts {
  if (cached?.dir !== dir) cached = { dir, prompts: loadPrompts(dir) };
  return cached.prompts;
}
