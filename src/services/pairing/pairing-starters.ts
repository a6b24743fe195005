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

/**
 * Pick a starter with the injected randomness, from those nobody in the group has had (the intro always opens
 * with the contracting question, so this is the second). When everyone has had them all, any will do.
 * @param seen starter ids the group's members have had before.
 */
export function pickStarter(next: () => number, seen: ReadonlySet<string> = new Set()): PairingStarter {
  const fresh = STARTERS.filter((s) => !seen.has(s.id));
  const from = fresh.length > 0 ? fresh : STARTERS;
  return from[Math.floor(next() * from.length)] ?? from[0]!;
}

/** The text of a starter by id (the first one if the id is no longer in the library). */
export function starterText(id: string): string {
  return (STARTERS.find((s) => s.id === id) ?? STARTERS[0]!).text;
}
