/**
 * The delivery engine's outcome table: every platform answer either adapter can get, through the adapter's own
 * mapping (`toTypedError`, `connectorError`), to the one outcome every sender acts on.
 */
import { ErrorCode } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { toTypedError } from '../../../adapters/slack/slack-errors.js';
import { connectorError, networkError } from '../../../adapters/teams/connector-errors.js';
import { classifyOutcome, type DeliveryOutcome, missedReason } from '../../../src/delivery/outcome.js';

const now = new Date('2026-03-02T09:00:00Z');

function slackPlatform(error: string): unknown {
  return Object.assign(new Error(`An API error occurred: ${error}`), {
    code: ErrorCode.PlatformError,
    data: { ok: false, error },
  });
}
function slackHttp(statusCode: number): unknown {
  return Object.assign(new Error(`HTTP ${statusCode}`), { code: ErrorCode.HTTPError, statusCode });
}
function slackRateLimited(retryAfter: number): unknown {
  return Object.assign(new Error('rate limited'), { code: ErrorCode.RateLimitedError, retryAfter });
}

const SLACK: Array<[string, unknown, DeliveryOutcome]> = [
  ['429 with Retry-After 7', slackRateLimited(7), { kind: 'rate-limited', retryAfterMs: 7000 }],
  ['HTTP 500', slackHttp(500), { kind: 'retryable' }],
  ['HTTP 503', slackHttp(503), { kind: 'retryable' }],
  ['HTTP 408', slackHttp(408), { kind: 'retryable' }],
  ['network failure', { code: ErrorCode.RequestError }, { kind: 'retryable' }],
  ['service_unavailable', slackPlatform('service_unavailable'), { kind: 'retryable' }],
  ['request_timeout', slackPlatform('request_timeout'), { kind: 'retryable' }],
  [
    'internal_error (may have partly succeeded)',
    slackPlatform('internal_error'),
    { kind: 'maybe-delivered' },
  ],
  ['fatal_error (may have partly succeeded)', slackPlatform('fatal_error'), { kind: 'maybe-delivered' }],
  ['user_not_found', slackPlatform('user_not_found'), { kind: 'permanent', reason: 'user-gone' }],
  ['user_disabled', slackPlatform('user_disabled'), { kind: 'permanent', reason: 'user-gone' }],
  ['channel_not_found', slackPlatform('channel_not_found'), { kind: 'permanent', reason: 'user-gone' }],
  ['not_in_channel', slackPlatform('not_in_channel'), { kind: 'permanent', reason: 'bot-removed' }],
  ['is_archived', slackPlatform('is_archived'), { kind: 'permanent', reason: 'bot-removed' }],
  ['token_revoked', slackPlatform('token_revoked'), { kind: 'permanent', reason: 'bot-removed' }],
  ['account_inactive', slackPlatform('account_inactive'), { kind: 'permanent', reason: 'bot-removed' }],
  ['invalid_auth', slackPlatform('invalid_auth'), { kind: 'permanent', reason: 'bot-removed' }],
  ['HTTP 403', slackHttp(403), { kind: 'permanent', reason: 'bot-removed' }],
  ['msg_blocks_too_long', slackPlatform('msg_blocks_too_long'), { kind: 'permanent', reason: 'rejected' }],
  ['cannot_dm_bot', slackPlatform('cannot_dm_bot'), { kind: 'permanent', reason: 'rejected' }],
  ['an error nobody knows', slackPlatform('brand_new_error'), { kind: 'permanent', reason: 'rejected' }],
  ['HTTP 400', slackHttp(400), { kind: 'permanent', reason: 'rejected' }],
];

const BLOCKED_BODY = JSON.stringify({
  error: { code: 'Forbidden', message: 'blocked' },
  subCode: 'MessageWritesBlocked',
});

const TEAMS: Array<[string, unknown, DeliveryOutcome]> = [
  [
    '429 with Retry-After 12',
    connectorError(429, '12', 'send', now),
    { kind: 'rate-limited', retryAfterMs: 12_000 },
  ],
  [
    '429 without Retry-After',
    connectorError(429, null, 'send', now),
    { kind: 'rate-limited', retryAfterMs: 5000 },
  ],
  ['412 (a concurrent operation)', connectorError(412, null, 'send', now), { kind: 'retryable' }],
  [
    '502 with Retry-After 3',
    connectorError(502, '3', 'send', now),
    { kind: 'retryable', retryAfterMs: 3000 },
  ],
  ['503', connectorError(503, null, 'send', now), { kind: 'retryable' }],
  ['504', connectorError(504, null, 'send', now), { kind: 'retryable' }],
  ['network failure', networkError('send', new Error('ECONNRESET')), { kind: 'retryable' }],
  [
    '404 (conversation gone)',
    connectorError(404, null, 'send', now),
    { kind: 'permanent', reason: 'user-gone' },
  ],
  ['401', connectorError(401, null, 'send', now), { kind: 'permanent', reason: 'bot-removed' }],
  [
    '403 (bot removed)',
    connectorError(403, null, 'send', now, '{"error":{"code":"BotNotInConversationRoster"}}'),
    { kind: 'permanent', reason: 'bot-removed' },
  ],
  [
    '403 MessageWritesBlocked',
    connectorError(403, null, 'send', now, BLOCKED_BODY),
    { kind: 'permanent', reason: 'blocked' },
  ],
  ['413 (too large)', connectorError(413, null, 'send', now), { kind: 'permanent', reason: 'rejected' }],
  ['400', connectorError(400, null, 'send', now), { kind: 'permanent', reason: 'rejected' }],
];

describe('the delivery outcome table', () => {
  it.each(SLACK)('Slack: %s', (_name, raw, expected) => {
    expect(classifyOutcome(toTypedError(raw))).toEqual(expected);
  });

  it.each(TEAMS)('Teams: %s', (_name, error, expected) => {
    expect(classifyOutcome(error)).toEqual(expected);
  });

  it('a send that returned is sent', () => {
    expect(classifyOutcome()).toEqual({ kind: 'sent' });
  });

  it('our own passing faults (database, sockets) are retried, not counted as misses', () => {
    for (const code of ['ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', '08006', '57P01', '40001', '40P01', '53300']) {
      const outcome = classifyOutcome(Object.assign(new Error('db'), { code }));
      expect(outcome).toEqual({ kind: 'retryable' });
      expect(missedReason(outcome)).toBeUndefined();
    }
  });

  it('counts as a miss only what will never arrive, or may have arrived', () => {
    expect(missedReason({ kind: 'sent' })).toBeUndefined();
    expect(missedReason({ kind: 'rate-limited', retryAfterMs: 1 })).toBeUndefined();
    expect(missedReason({ kind: 'retryable' })).toBeUndefined();
    expect(missedReason({ kind: 'maybe-delivered' })).toBe('maybe-delivered');
    expect(missedReason({ kind: 'permanent', reason: 'blocked' })).toBe('blocked');
  });
});
