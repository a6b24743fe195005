/**
 * Blocks that outlive `forget me`: a keyed hash of the pair's platform identities (HMAC-SHA256 under a key
 * derived from DATA_ENCRYPTION_KEY, see `keyedHashes` in `src/crypto.ts`), the same whichever of the two is
 * first. Nothing in it can be read back; it only answers "were these two blocked?" for two people in hand.
 */
import type { Executor } from '../../../db/schema.js';
import type { TextCipher } from '../../crypto.js';
import { knownBlockHashes, platformIdentities } from '../../store/pairing-pool.repository.js';

const PURPOSE = 'pairing-block';

function pairKey(a: string, b: string): string {
  return a < b ? `${a}\u0001${b}` : `${b}\u0001${a}`;
}

/** The hash to store for a block between two platform identities (order does not matter). */
export function pairBlockHash(cipher: TextCipher, a: string, b: string): string {
  return cipher.keyedHashes(PURPOSE, pairKey(a, b))[0]!;
}

/** The pairs among these members blocked by hash (under every configured key, so a key rotation keeps them). */
export async function hashedBlockedPairs(
  db: Executor,
  cipher: TextCipher,
  memberIds: readonly string[],
): Promise<Array<[string, string]>> {
  const identities = await platformIdentities(db, memberIds);
  const ids = [...identities.keys()];
  const byHash = new Map<string, [string, string]>();
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      const key = pairKey(identities.get(ids[i]!)!, identities.get(ids[j]!)!);
      for (const h of cipher.keyedHashes(PURPOSE, key)) byHash.set(h, [ids[i]!, ids[j]!]);
    }
  }
  const found = await knownBlockHashes(db, [...byHash.keys()]);
  return [...found].map((h) => byHash.get(h)!);
}
