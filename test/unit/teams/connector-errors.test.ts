import { describe, expect, it } from 'vitest';
import {
  connectorError,
  DEFAULT_RETRY_AFTER_MS,
  parseRetryAfter,
} from '../../../adapters/teams/connector-errors.js';
import { NotFound, RateLimited, Transient, Unauthorized } from '../../../src/errors.js';

const now = new Date('2026-03-02T09:00:00Z');

describe('connector errors', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('1.5', now)).toBe(1500);
    expect(parseRetryAfter('Mon, 02 Mar 2026 09:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Mon, 02 Mar 2026 08:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });

  it('maps statuses to typed errors', () => {
    const limited = connectorError(429, '12', 'sendActivity', now);
    expect(limited).toBeInstanceOf(RateLimited);
    expect((limited as RateLimited).retryAfterMs).toBe(12_000);
    expect((connectorError(429, null, 'x', now) as RateLimited).retryAfterMs).toBe(DEFAULT_RETRY_AFTER_MS);
    for (const status of [412, 502, 504, 500, 503])
      expect(connectorError(status, null, 'x')).toBeInstanceOf(Transient);
    expect((connectorError(502, '3', 'x', now) as Transient).retryAfterMs).toBe(3000);
    expect(connectorError(401, null, 'x')).toBeInstanceOf(Unauthorized);
    expect(connectorError(403, null, 'x')).toBeInstanceOf(Unauthorized);
    expect(connectorError(404, null, 'x')).toBeInstanceOf(NotFound);
    const other = connectorError(400, null, 'x');
    expect(other).not.toBeInstanceOf(Transient);
    expect(other).not.toBeInstanceOf(RateLimited);
  });
});
