/**
 * Community invite codes: 12 characters of base32 (no 0, 1, 8 or 9, so no O/0 or I/1 mix-ups), shown as
 * `XXXX-XXXX-XXXX`. 60 random bits: far beyond guessing. Only `hashSecret` of the normalised code is stored.
 */
import type { Random } from '../../clock.js';
import { hashSecret } from '../../crypto.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const LENGTH = 12;

/** A fresh code from the injected randomness. */
export function newInviteCode(random: Random): string {
  const bytes = random.bytes(8);
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let out = '';
  for (let i = 0; i < LENGTH; i++) out += ALPHABET[Number((bits >> BigInt(5 * i)) & 31n)];
  return `${out.slice(0, 4)}-${out.slice(4, 8)}-${out.slice(8)}`;
}

/** The code as typed (any case, spaces or dashes) in its canonical form, or undefined when it cannot be one. */
export function normaliseInviteCode(typed: string): string | undefined {
  const plain = typed.toUpperCase().replace(/[\s-]/g, '');
  if (plain.length !== LENGTH || [...plain].some((c) => !ALPHABET.includes(c))) return undefined;
  return plain;
}

/** What is stored for a code. */
export function inviteHash(code: string): string {
  return hashSecret(normaliseInviteCode(code) ?? code);
}
