/** The after-session question sets, read from `prompts/session-reflection.json` and validated once. */
import raw from '../../../prompts/session-reflection.json' with { type: 'json' };
import { type SessionReflection, validateSessionReflections } from '../../core/checkins/index.js';

let cached: readonly SessionReflection[] | undefined;

/** The validated sets; throws at start-up if the file is broken (a deploy error, not a user error). */
export function sessionReflectionSets(): readonly SessionReflection[] {
  if (cached) return cached;
  const result = validateSessionReflections(raw as unknown[]);
  if (!result.ok)
    throw new Error(`prompts/session-reflection.json is not valid: ${result.errors.join('; ')}`);
  cached = result.value;
  return cached;
}
