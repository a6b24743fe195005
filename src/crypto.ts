/**
 * Encryption at rest for text a person wrote (reflections, reports, relay retries) and for platform tokens.
 * AES-256-GCM with a random 96-bit IV; the stored form carries a key id so the key can be rotated:
 * `v1.<keyId>.<iv b64>.<tag b64>.<ciphertext b64>`.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TextCipher {
  encrypt(plaintext: string): string;
  decrypt(stored: string): string;
  /** The id of the key used for new values. */
  readonly keyId: string;
  /**
   * One-way keyed hashes of `value` for one purpose (e.g. `pairing-block`): HMAC-SHA256 under a key derived from
   * each configured data key with HKDF-SHA256 (info `roundtable keyed-hash <purpose>`). The current key's hash
   * comes first, to store; the others are for matching rows written before a key rotation.
   */
  keyedHashes(purpose: string, value: string): string[];
}

/** A short, non-secret id of a key: the first 8 hex chars of its SHA-256. */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/**
 * A cipher over a current key and any older keys still needed to read old rows (rotation: add the new key as
 * current, keep the old one in `previous` until a re-encryption pass or retention has removed its rows).
 */
export function createTextCipher(current: Buffer, previous: Buffer[] = []): TextCipher {
  if (current.length !== 32) throw new Error('DATA_ENCRYPTION_KEY must be 32 bytes');
  const keys = new Map<string, Buffer>([[keyIdOf(current), current]]);
  for (const k of previous) keys.set(keyIdOf(k), k);
  const keyId = keyIdOf(current);
  const hashKeys = new Map<string, Buffer[]>();
  const hashKeysFor = (purpose: string): Buffer[] => {
    let list = hashKeys.get(purpose);
    if (!list) {
      // Derived, never the encryption key itself: a hash can never help decrypt, nor one purpose match another.
      list = [current, ...previous].map((k) =>
        Buffer.from(hkdfSync('sha256', k, Buffer.alloc(0), `roundtable keyed-hash ${purpose}`, 32)),
      );
      hashKeys.set(purpose, list);
    }
    return list;
  };
  return {
    keyId,
    keyedHashes(purpose, value) {
      return hashKeysFor(purpose).map((k) => createHmac('sha256', k).update(value, 'utf8').digest('hex'));
    },
    encrypt(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', current, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return ['v1', keyId, iv.toString('base64'), tag.toString('base64'), body.toString('base64')].join('.');
    },
    decrypt(stored) {
      const [version, id, iv, tag, body] = stored.split('.');
      if (version !== 'v1' || !id || !iv || !tag || body === undefined)
        throw new Error('not an encrypted value');
      const key = keys.get(id);
      if (!key) throw new Error(`no key with id ${id} is configured`);
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
    },
  };
}

/**
 * The key from configuration, or in development a key generated once into `DATA_DIR/encryption.key`.
 * Returns whether it was generated, so the caller can warn.
 */
export function resolveEncryptionKey(
  configured: string | undefined,
  dataDir: string,
): { key: Buffer; generated: boolean } {
  if (configured) return { key: Buffer.from(configured, 'base64'), generated: false };
  const file = join(dataDir, 'encryption.key');
  if (existsSync(file))
    return { key: Buffer.from(readFileSync(file, 'utf8').trim(), 'base64'), generated: true };
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64'), { mode: 0o600 });
  return { key, generated: true };
}

/** A one-way hash for invite codes and record tokens: we store only this. */
export function hashSecret(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** A one-way keyed hash of a person, for lasting stops and final forgets: nothing readable is kept. */
export interface PersonHasher {
  /** HMAC-SHA256 (hex) of the platform, the platform's workspace id and user id. */
  hash(platform: string, workspaceExternalId: string, userId: string): string;
}

/**
 * The person hasher, keyed by HKDF-SHA256 from the data encryption key (its own `info`, so the derived key is
 * never the encryption key itself). Rotating `DATA_ENCRYPTION_KEY` changes every hash: stops and forgets made
 * before a rotation are then no longer recognised (SECURITY.md says so).
 */
export function createPersonHasher(dataKey: Buffer): PersonHasher {
  const key = Buffer.from(
    hkdfSync('sha256', dataKey, Buffer.alloc(0), 'roundtable person suppression v1', 32),
  );
  return {
    hash(platform, workspaceExternalId, userId) {
      return createHmac('sha256', key)
        .update(JSON.stringify([platform, workspaceExternalId, userId]))
        .digest('hex');
    },
  };
}
