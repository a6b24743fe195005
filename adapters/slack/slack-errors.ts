/**
 * Slack Web API failures → our typed errors (`src/errors.ts`), so the job layer decides retries by type and
 * nothing above the adapter needs to know Slack's error codes.
 */
import { ErrorCode, type WebAPIPlatformError, type WebAPIRateLimitedError } from '@slack/web-api';
import { Blocked, NotFound, RateLimited, Rejected, Transient, Unauthorized } from '../../src/errors.js';
import { isNoAnswer } from '../../src/http/answer-timeout.js';

/** The credentials are gone: the workspace uninstalled the app or revoked its token. Never retried. */
const AUTH_ERRORS = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'no_permission',
  'missing_scope',
  'team_access_not_granted',
  'ekm_access_denied',
]);

/** The person, their conversation or the message is gone. */
const NOT_FOUND_ERRORS = new Set([
  'user_not_found',
  'users_not_found',
  'channel_not_found',
  'message_not_found',
  'user_not_visible',
  'user_disabled',
  'cant_update_message',
]);

/** The bot is no longer in the channel it was asked to post in. */
const NOT_IN_CHANNEL_ERRORS = new Set(['not_in_channel', 'is_archived', 'channel_is_archived']);

/** Slack refused this message itself: sending it again would fail the same way. */
const REJECTED_ERRORS = new Set([
  'cannot_dm_bot',
  'msg_too_long',
  'msg_blocks_too_long',
  'invalid_blocks',
  'invalid_attachments',
  'no_text',
  'too_many_attachments',
  'restricted_action',
]);

/** Slack's own "try again later" answers, sent with HTTP 200. */
const TRANSIENT_ERRORS = new Set(['service_unavailable', 'request_timeout']);

/**
 * Slack's failures that "may have partly succeeded" (its words for `internal_error` and `fatal_error`): the
 * message may already be in the person's DM, so it is not sent again.
 */
const MAYBE_DELIVERED_ERRORS = new Set(['internal_error', 'fatal_error']);

/**
 * Turn anything a WebClient call threw into one of our typed errors. Already-typed errors pass through. `posts`: the
 * call posts a new message, so one Slack took and never answered may have posted it ("maybe delivered").
 */
export function toTypedError(error: unknown, options: { posts?: boolean } = {}): Error {
  if (
    error instanceof RateLimited ||
    error instanceof Unauthorized ||
    error instanceof NotFound ||
    error instanceof Transient ||
    error instanceof Blocked ||
    error instanceof Rejected
  ) {
    return error;
  }
  const code = (error as { code?: string } | undefined)?.code;
  if (code === ErrorCode.RateLimitedError) {
    const seconds = (error as WebAPIRateLimitedError).retryAfter;
    return new RateLimited(Math.max(1, seconds) * 1000);
  }
  if (code === ErrorCode.PlatformError) {
    const slackError = String((error as WebAPIPlatformError).data?.error ?? 'unknown');
    if (AUTH_ERRORS.has(slackError)) return new Unauthorized(`Slack refused the token (${slackError})`);
    if (NOT_FOUND_ERRORS.has(slackError)) return new NotFound(`Slack: ${slackError}`);
    if (NOT_IN_CHANNEL_ERRORS.has(slackError)) return new NotFound(`Slack: ${slackError}`, 'bot-removed');
    if (REJECTED_ERRORS.has(slackError)) return new Rejected(`Slack: ${slackError}`);
    if (TRANSIENT_ERRORS.has(slackError)) return new Transient(`Slack: ${slackError}`);
    if (MAYBE_DELIVERED_ERRORS.has(slackError)) return new Transient(`Slack: ${slackError}`, undefined, true);
    return new Rejected(`Slack: ${slackError}`);
  }
  if (code === ErrorCode.HTTPError) {
    const status = (error as { statusCode?: number }).statusCode ?? 0;
    if (status >= 500 || status === 408) return new Transient(`Slack answered HTTP ${status}`);
    if (status === 401 || status === 403) return new Unauthorized(`Slack answered HTTP ${status}`);
    return new Rejected(`Slack answered HTTP ${status}`);
  }
  if (code === ErrorCode.RequestError) {
    if (isNoAnswer(error)) {
      return options.posts
        ? new Transient('Slack gave no answer in time: the message may have been posted', undefined, true)
        : new Transient('Slack gave no answer in time');
    }
    return new Transient('Slack could not be reached');
  }
  return error instanceof Error ? error : new Error('unknown Slack failure');
}

/** Run one Web API call and rethrow its failure as a typed error (`posts`: see {@link toTypedError}). */
export async function slackCall<T>(call: () => Promise<T>, options: { posts?: boolean } = {}): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toTypedError(error, options);
  }
}
