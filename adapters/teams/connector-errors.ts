/**
 * Bot Connector HTTP failures → our typed errors (`src/errors.ts`), so the job layer decides retries by type.
 * Teams documents 429 (throttled), 412 (precondition failed: a concurrent operation), 502 and 504 as worth a
 * retry with backoff; 401/403 mean the bot lost its credentials or was removed; 404 an unknown conversation.
 * A 403 whose body carries `subCode: MessageWritesBlocked` means the person blocked or uninstalled the bot
 * (Teams' own words: "the message sent by the bot isn't delivered to the user"). Other 4xx answers refuse the
 * message itself (413: too large).
 */
import { Blocked, NotFound, RateLimited, Rejected, Transient, Unauthorized } from '../../src/errors.js';

/** When the connector says 429 without a usable Retry-After: Teams' guidance is to back off a few seconds. */
export const DEFAULT_RETRY_AFTER_MS = 5_000;

/**
 * Parse a `Retry-After` header (delta-seconds or an HTTP date) into milliseconds; undefined when absent or
 * unusable. A date in the past means "now" (0).
 */
export function parseRetryAfter(
  header: string | null | undefined,
  now: Date = new Date(),
): number | undefined {
  if (header === null || header === undefined || header.trim() === '') return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}

/**
 * The typed error for a non-2xx connector answer. `operation` names the call (never personal text); it ends up
 * in logs.
 */
export function connectorError(
  status: number,
  retryAfterHeader: string | null | undefined,
  operation: string,
  now: Date = new Date(),
  body = '',
): Error {
  const retryAfterMs = parseRetryAfter(retryAfterHeader, now);
  if (status === 429) return new RateLimited(retryAfterMs ?? DEFAULT_RETRY_AFTER_MS);
  if (status === 412 || status === 502 || status === 504 || status === 503 || status >= 500) {
    return new Transient(`Teams connector ${operation} failed with HTTP ${status}`, retryAfterMs);
  }
  if (status === 403 && /"subCode"\s*:\s*"MessageWritesBlocked"/i.test(body)) {
    return new Blocked(`Teams connector: ${operation} blocked by the person (HTTP 403 MessageWritesBlocked)`);
  }
  if (status === 401 || status === 403) {
    return new Unauthorized(`Teams connector refused ${operation} (HTTP ${status})`);
  }
  if (status === 404) return new NotFound(`Teams connector: ${operation} found nothing (HTTP 404)`);
  if (status === 413) return new Rejected(`Teams connector ${operation}: message too large (HTTP 413)`);
  return new Rejected(`Teams connector ${operation} failed with HTTP ${status}`);
}

/** A network failure (refused, reset, DNS) is transient: the connector may be back in a moment. */
export function networkError(operation: string, cause: unknown): Transient {
  const reason = cause instanceof Error ? cause.message : 'unknown';
  return new Transient(`Teams connector ${operation} unreachable: ${reason}`);
}
