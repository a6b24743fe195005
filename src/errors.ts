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

/** 5xx, 412, network failures: worth retrying with backoff. */
export class Transient extends Error {
  override readonly name = 'Transient';
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** The workspace's credentials are gone or refused (uninstalled, token revoked). Do not retry. */
export class Unauthorized extends Error {
  override readonly name = 'Unauthorized';
}

/** The user, channel or conversation does not exist on the platform. Do not retry. */
export class NotFound extends Error {
  override readonly name = 'NotFound';
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
