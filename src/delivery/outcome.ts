/**
 * What a send's result means, decided once for every message kind. Adapters turn each platform's answers into
 * the typed errors of `src/errors.ts` (Slack: `adapters/slack/slack-errors.ts`; Teams:
 * `adapters/teams/connector-errors.ts`); this table turns those into the outcome the sender acts on:
 *
 * | what happened                                         | outcome           | the sender             |
 * |-------------------------------------------------------|-------------------|------------------------|
 * | the call returned                                     | `sent`            | marks it sent          |
 * | 429 / `ratelimited`, with `Retry-After`               | `rate-limited`    | retries after the wait |
 * | 5xx, 412, 408, network failure, Slack `service_unavailable` | `retryable` | retries with backoff   |
 * | our own database or network blinked (connection codes)  | `retryable`       | retries with backoff   |
 * | Slack `internal_error` / `fatal_error` (may have partly succeeded) | `maybe-delivered` | never sends again |
 * | a message post the platform took and never answered within 15 s (Slack, Teams) | `maybe-delivered` | never sends again |
 * | the person is gone, the bot removed or blocked, the message refused, anything unknown | `permanent` | marks it undelivered with the reason |
 *
 * An unknown error is permanent (reason `rejected`) rather than retried: retrying what nobody understood can
 * only repeat it, and the reason shows up in `status` and the logs.
 */
import {
  Blocked,
  NotFound,
  RateLimited,
  Rejected,
  Transient,
  Unauthorized,
  type UndeliverableReason,
} from '../errors.js';

export type DeliveryOutcome =
  | { kind: 'sent' }
  | { kind: 'rate-limited'; retryAfterMs: number }
  | { kind: 'retryable'; retryAfterMs?: number }
  | { kind: 'maybe-delivered' }
  | { kind: 'permanent'; reason: UndeliverableReason };

/** Why a delivery did not arrive, as `status` counts it: a permanent reason, or "may have arrived". */
export type MissedReason = UndeliverableReason | 'maybe-delivered';

export const MISSED_REASONS: readonly MissedReason[] = [
  'user-gone',
  'bot-removed',
  'blocked',
  'rejected',
  'maybe-delivered',
];

/** The outcome of a send that threw `error` (or returned, when `error` is undefined). */
export function classifyOutcome(error?: unknown): DeliveryOutcome {
  if (error === undefined) return { kind: 'sent' };
  if (error instanceof RateLimited) return { kind: 'rate-limited', retryAfterMs: error.retryAfterMs };
  if (error instanceof Transient) {
    if (error.maybeDelivered) return { kind: 'maybe-delivered' };
    return error.retryAfterMs === undefined
      ? { kind: 'retryable' }
      : { kind: 'retryable', retryAfterMs: error.retryAfterMs };
  }
  if (isPassingFault(error)) return { kind: 'retryable' };
  if (error instanceof NotFound) return { kind: 'permanent', reason: error.reason };
  if (error instanceof Unauthorized) return { kind: 'permanent', reason: 'bot-removed' };
  if (error instanceof Blocked) return { kind: 'permanent', reason: 'blocked' };
  if (error instanceof Rejected) return { kind: 'permanent', reason: 'rejected' };
  return { kind: 'permanent', reason: 'rejected' };
}

/** The reason a missed delivery is counted under, or undefined for outcomes that are not (yet) a miss. */
export function missedReason(outcome: DeliveryOutcome): MissedReason | undefined {
  if (outcome.kind === 'permanent') return outcome.reason;
  if (outcome.kind === 'maybe-delivered') return 'maybe-delivered';
  return undefined;
}

/** Plain words for a missed reason, as `status` shows it. */
export const MISSED_REASON_WORDS: Record<MissedReason, string> = {
  'user-gone': 'the person is no longer there',
  'bot-removed': 'Roundtable was removed or lost access',
  blocked: 'the person blocked Roundtable',
  rejected: 'the platform refused the message',
  'maybe-delivered': 'may have arrived (the platform’s answer was unclear, so it was not sent again)',
};

/**
 * A fault of our own side that passes: a socket error (`ECONN…`, `ETIMEDOUT`, `EPIPE`) or PostgreSQL's
 * connection, shutdown, serialisation, deadlock and too-many-connections classes (08, 57P, 40001, 40P01, 53300).
 */
function isPassingFault(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(ECONN|ETIMEDOUT|EPIPE|08|57P|40001|40P01|53300)/.test(code);
}
