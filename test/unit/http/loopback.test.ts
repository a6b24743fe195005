import { describe, expect, it } from 'vitest';
import { isLoopbackHostHeader, isLoopbackUrl } from '../../../src/http/loopback.js';

describe('loopback names', () => {
  it('accepts 127.0.0.0/8, ::1 and localhost only', () => {
    for (const u of [
      'http://127.0.0.1:3978',
      'http://127.8.9.10/',
      'http://[::1]:80',
      'http://localhost:1',
      'https://a.localhost',
    ])
      expect(isLoopbackUrl(u)).toBe(true);
    for (const u of [
      'http://evil.example:3978',
      'http://127.0.0.1.evil.example/',
      'http://10.0.0.1/',
      'http://0.0.0.0/',
      'http://[::ffff:7f00:1]/',
      'http://localhost.evil.example/',
      'ftp://127.0.0.1/',
      'not a url',
    ])
      expect(isLoopbackUrl(u)).toBe(false);
  });

  it('reads Host headers with and without a port', () => {
    for (const h of ['localhost:3000', '127.0.0.1', '[::1]:3000', 'LOCALHOST'])
      expect(isLoopbackHostHeader(h)).toBe(true);
    for (const h of ['evil.example', 'evil.example:3000', '', undefined, '127.0.0.1@evil.example', 'a b'])
      expect(isLoopbackHostHeader(h)).toBe(false);
  });
});
