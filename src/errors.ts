/**
 * Typed errors with meaning. Adapters turn platform errors into these; the job layer decides retries by type:
 * `RateLimited` and `Transient` are retried (honouring `retryAfterMs`), the rest are not.
 */
export class RateLimited extends Error {
  override readonly name = 'RateLimited';
  constructor(
    readonly retryAfterMs: number,
    message = `rate limited; retry after ${retryAfterMs} ms`,
  ) {
    super(message);
  }
}

/**
 * 5xx, 412, network failures: worth retrying with backoff. `maybeDelivered` marks the ambiguous kind: the
 * platform said it failed *after* it may already have accepted the message (Slack's `internal_error` and
 * `fatal_error` say "some aspect of the operation may have succeeded"), so a retry could deliver it twice.
 */
export class Transient extends Error {
  override readonly name = 'Transient';
  constructor(
    message: string,
    readonly retryAfterMs?: number,
    readonly maybeDelivered = false,
  ) {
    super(message);
  }
}

/**
 * Not an error of the platform: this job's message must wait `waitMs` (one conversation's send budget is spent,
 * `src/delivery/engine.ts`; or it is the person's quiet hours), so the job itself is delayed, under its own id,
 * without blocking the rest of the workspace. Being the same job, it is the only one that holds its message.
 */
export class Paced extends Error {
  override readonly name = 'Paced';
  constructor(
    readonly waitMs: number,
    why = 'conversation budget spent',
  ) {
    super(`${why}; wait ${waitMs} ms`);
  }
}

/**
 * Why a message can never reach its target, in words an admin can act on (`status` counts them):
 * - `user-gone`: the person left, was deactivated, or their conversation no longer exists;
 * - `bot-removed`: the app was uninstalled, its token revoked, or it was removed from the conversation;
 * - `blocked`: the person blocked or muted the bot (Teams: HTTP 403 with `subCode: MessageWritesBlocked`);
 * - `rejected`: the platform refused this message itself (too large, not allowed), so sending again won't help.
 */
export const UNDELIVERABLE_REASONS = ['user-gone', 'bot-removed', 'blocked', 'rejected'] as const;
export type UndeliverableReason = (typeof UNDELIVERABLE_REASONS)[number];

/** The workspace's credentials are gone or refused (uninstalled, token revoked, bot removed). Do not retry. */
export class Unauthorized extends Error {
  override readonly name = 'Unauthorized';
}

/** The person blocked or uninstalled the bot in their chat with it. Do not retry. */
export class Blocked extends Error {
  override readonly name = 'Blocked';
}

/**
 * The user, channel or conversation does not exist on the platform, or (reason `bot-removed`) the bot is no
 * longer in the channel. Do not retry.
 */
export class NotFound extends Error {
  override readonly name = 'NotFound';
  constructor(
    message?: string,
    readonly reason: 'user-gone' | 'bot-removed' = 'user-gone',
  ) {
    super(message);
  }
}

/** The platform refused this message itself (too large, a kind of message it does not allow). Do not retry. */
export class Rejected extends Error {
  override readonly name = 'Rejected';
}

/** Bad input from a person: the message is safe to show them. */
export class UserError extends Error {
  override readonly name = 'UserError';
}

/** Someone asked for something they may not do. The message is safe to show them. */
export class Forbidden extends Error {
  override readonly name = 'Forbidden';
}

/**
 * Redis (the job queue) is unreachable: nothing was queued. Thrown at once, never after a long wait, so a command
 * can answer within the platform's 3 s and say so.
 */
export class QueueUnavailable extends Error {
  override readonly name = 'QueueUnavailable';
  constructor(message = 'the job queue (Redis) is not answering') {
    super(message);
  }
}

export function isRetryable(error: unknown): boolean {
  return error instanceof RateLimited || error instanceof Transient;
}

/** An error's class name for a log line (never its message, which may carry a person's words). */
export function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'unknown';
}
