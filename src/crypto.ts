/**
 * Encryption at rest for text a person wrote (reflections, reports, relay retries) and for platform tokens.
 * AES-256-GCM with a random 96-bit IV; the stored form carries a version and a key id so the key can be rotated:
 * `v2.<keyId>.<iv b64>.<tag b64>.<ciphertext b64>`.
 *
 * Every `v2` value is bound to where it lives (table, column and row) as GCM additional data: a value copied into
 * another row or column (say, one member's reflection pasted into another member's row by someone with database
 * access) fails authentication there and is reported as `Unreadable`, never decrypted. `v1` values (written before
 * the binding existed) carry no binding; they stay readable, are written as `v2` on their next write, and the daily
 * retention sweep rewrites any left (`rebindLegacy`).
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where a ciphertext lives: it decrypts only there. */
export interface CipherPlace {
  table: string;
  column: string;
  /** The row's identity: its key, or for a table keyed by a serial id the natural key known at insert. */
  row: string | number;
}

export interface TextCipher {
  /** Encrypt for one place (table, column, row). */
  encrypt(plaintext: string, place: CipherPlace): string;
  /** Decrypt a value read from `place`. Throws `Unreadable` when it was written for another place or key. */
  decrypt(stored: string, place: CipherPlace): string;
  /** True when the value predates the place binding (`v1`) and should be rewritten. */
  isLegacy(stored: string): boolean;
  /** The id of the key used for new values. */
  readonly keyId: string;
  /**
   * One-way keyed hashes of `value` for one purpose (e.g. `pairing-block`): HMAC-SHA256 under a key derived from
   * each configured data key with HKDF-SHA256 (info `roundtable keyed-hash <purpose>`). The current key's hash
   * comes first, to store; the others are for matching rows written before a key rotation.
   */
  keyedHashes(purpose: string, value: string): string[];
}

/** A stored value that cannot be read here: another place's value, an unknown key, or not ciphertext at all. */
export class Unreadable extends Error {
  override readonly name = 'Unreadable';
}

/** A place in the schema, e.g. `place('checkin_answers', 'reflection', deliveryId)`. */
export function place(table: string, column: string, ...row: Array<string | number>): CipherPlace {
  return { table, column, row: row.join('/') };
}

function additionalData(p: CipherPlace): Buffer {
  return Buffer.from(`roundtable/v2/${p.table}.${p.column}/${p.row}`, 'utf8');
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
    encrypt(plaintext, where) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', current, iv);
      cipher.setAAD(additionalData(where));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return ['v2', keyId, iv.toString('base64'), tag.toString('base64'), body.toString('base64')].join('.');
    },
    decrypt(stored, where) {
      const [version, id, iv, tag, body] = stored.split('.');
      if ((version !== 'v1' && version !== 'v2') || !id || !iv || !tag || body === undefined)
        throw new Unreadable('not an encrypted value');
      const key = keys.get(id);
      if (!key) throw new Unreadable(`no key with id ${id} is configured`);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
        if (version === 'v2') decipher.setAAD(additionalData(where));
        decipher.setAuthTag(Buffer.from(tag, 'base64'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString(
          'utf8',
        );
      } catch {
        // GCM authentication failed: altered, or written for another table, column or row.
        throw new Unreadable(`the value does not belong to ${where.table}.${where.column}`);
      }
    },
    isLegacy(stored) {
      return stored.startsWith('v1.');
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
