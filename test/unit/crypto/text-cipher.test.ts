import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTextCipher, keyIdOf, place, Unreadable } from '../../../src/crypto.js';

const k1 = Buffer.alloc(32, 1);
const k2 = Buffer.alloc(32, 2);
const here = place('checkin_answers', 'reflection', 41);

/** A value as the first version wrote it: no additional data. */
function legacyV1(key: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [
    'v1',
    keyIdOf(key),
    iv.toString('base64'),
    cipher.getAuthTag().toString('base64'),
    body.toString('base64'),
  ].join('.');
}

describe('text cipher', () => {
  it('round-trips, never stores the plaintext, and uses a fresh IV each time', () => {
    const c = createTextCipher(k1);
    const a = c.encrypt('a hard day, and what helped', here);
    const b = c.encrypt('a hard day, and what helped', here);
    expect(a).not.toContain('hard day');
    expect(a).not.toEqual(b);
    expect(c.decrypt(a, here)).toBe('a hard day, and what helped');
    expect(a.split('.').slice(0, 2)).toEqual(['v2', keyIdOf(k1)]);
  });

  it('refuses tampered values', () => {
    const c = createTextCipher(k1);
    const parts = c.encrypt('hello', here).split('.');
    parts[4] = Buffer.from('jello').toString('base64');
    expect(() => c.decrypt(parts.join('.'), here)).toThrow(Unreadable);
  });

  it('a value is bound to its table, column and row: copied anywhere else it is unreadable', () => {
    const c = createTextCipher(k1);
    const a = c.encrypt('only for row 41', here);
    expect(() => c.decrypt(a, place('checkin_answers', 'reflection', 42))).toThrow(Unreadable);
    expect(() => c.decrypt(a, place('checkin_answers', 'other', 41))).toThrow(Unreadable);
    expect(() => c.decrypt(a, place('session_reflections', 'reflection', 41))).toThrow(Unreadable);
    expect(c.decrypt(a, here)).toBe('only for row 41');
  });

  it('reads values written before the binding (v1), and says they are legacy', () => {
    const c = createTextCipher(k1);
    const old = legacyV1(k1, 'written by the first version');
    expect(c.decrypt(old, here)).toBe('written by the first version');
    expect(c.isLegacy(old)).toBe(true);
    expect(c.isLegacy(c.encrypt('new', here))).toBe(false);
  });

  it('reads old rows after a rotation, and only with the old key configured', () => {
    const old = createTextCipher(k1).encrypt('written before rotation', here);
    expect(createTextCipher(k2, [k1]).decrypt(old, here)).toBe('written before rotation');
    expect(() => createTextCipher(k2).decrypt(old, here)).toThrow(/no key with id/);
  });
});
