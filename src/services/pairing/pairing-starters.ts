/**
 * The conversation starters for new groups (`prompts/pairing-starters.json`), validated once at load.
 */
import raw from '../../../prompts/pairing-starters.json' with { type: 'json' };
import { type PairingStarter, validatePairingStarters } from '../../core/checkins/prompt-library.js';

function load(): readonly PairingStarter[] {
  const result = validatePairingStarters(raw as unknown[]);
  if (!result.ok) throw new Error(`prompts/pairing-starters.json is not valid: ${result.errors.join('; ')}`);
  return result.value;
}

export const STARTERS: readonly PairingStarter[] = load();

/** Pick a starter with the injected randomness. */
export function pickStarter(next: () => number): PairingStarter {
  return STARTERS[Math.floor(next() * STARTERS.length)] ?? STARTERS[0]!;
}

/** The text of a starter by id (the first one if the id is no longer in the library). */
export function starterText(id: string): string {
  return (STARTERS.find((s) => s.id === id) ?? STARTERS[0]!).text;
}
