import { describe, expect, it } from 'vitest';
import { createTextCipher, keyIdOf } from '../../../src/crypto.js';

const k1 = Buffer.alloc(32, 1);
const k2 = Buffer.alloc(32, 2);

describe('text cipher', () => {
  it('round-trips, never stores the plaintext, and uses a fresh IV each time', () => {
    const c = createTextCipher(k1);
    const a = c.encrypt('a hard day, and what helped');
    const b = c.encrypt('a hard day, and what helped');
    expect(a).not.toContain('hard day');
    expect(a).not.toEqual(b);
    expect(c.decrypt(a)).toBe('a hard day, and what helped');
    expect(a.split('.')[1]).toBe(keyIdOf(k1));
  });

  it('refuses tampered values', () => {
    const c = createTextCipher(k1);
    const parts = c.encrypt('hello').split('.');
    parts[4] = Buffer.from('jello').toString('base64');
    expect(() => c.decrypt(parts.join('.'))).toThrow();
  });

  it('reads old rows after a rotation, and only with the old key configured', () => {
    const old = createTextCipher(k1).encrypt('written before rotation');
    expect(createTextCipher(k2, [k1]).decrypt(old)).toBe('written before rotation');
    expect(() => createTextCipher(k2).decrypt(old)).toThrow(/no key with id/);
  });
});
