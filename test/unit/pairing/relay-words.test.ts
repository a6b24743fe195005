/** Which messages are relay words (instructions), and which are words to pass on. */
import { describe, expect, it } from 'vitest';
import { createTextCipher } from '../../../src/crypto.js';
import { pairBlockHash } from '../../../src/services/pairing/pairing-blocks.js';
import { relayWordOf } from '../../../src/services/pairing/pairing-relay.js';

describe('relay words', () => {
  it.each([
    ['end', 'end'],
    ['End.', 'end'],
    ['  BLOCK  ', 'block'],
    ['support', 'support'],
    ['Support?', 'support'],
    ['reveal', 'reveal'],
    ['report he was rude', 'report'],
    ['Report: he was rude', 'report'],
    ['report\nhe was rude', 'report'],
  ])('%j is the relay word %s', (text, word) => {
    expect(relayWordOf(text)).toBe(word);
  });

  it.each(['the end', 'end of the week was hard', 'reporting lines are unclear', 'I need support with this'])(
    '%j is passed on',
    (text) => {
      expect(relayWordOf(text)).toBeUndefined();
    },
  );
});

describe('block hashes', () => {
  const cipher = createTextCipher(Buffer.alloc(32, 7));

  it('are the same whichever of the two is first, and differ for another pair', () => {
    const ab = pairBlockHash(cipher, 'slack\u0000T1\u0000UANN', 'teams\u0000t2\u0000aad-bo');
    expect(pairBlockHash(cipher, 'teams\u0000t2\u0000aad-bo', 'slack\u0000T1\u0000UANN')).toBe(ab);
    expect(pairBlockHash(cipher, 'slack\u0000T1\u0000UANN', 'teams\u0000t2\u0000aad-cy')).not.toBe(ab);
    expect(ab).toMatch(/^[0-9a-f]{64}$/);
  });

  it('depend on the key, and still match under a previous key after rotation', () => {
    const rotated = createTextCipher(Buffer.alloc(32, 9), [Buffer.alloc(32, 7)]);
    const old = pairBlockHash(cipher, 'a', 'b');
    expect(pairBlockHash(rotated, 'a', 'b')).not.toBe(old);
    expect(rotated.keyedHashes('pairing-block', 'a\u0001b')).toContain(old);
  });
});
