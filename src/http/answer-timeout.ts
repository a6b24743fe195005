/**
 * One timer per outbound platform call, cleared as soon as the call settles. `AbortSignal.timeout` would leave
 * every call's timer behind to fire long after it finished (and abort a finished fetch): 3.5% of a Teams fan-out's
 * CPU in a profile, and every finished request kept alive until then. Used by both adapters' HTTP clients.
 */

/** Why a call was given up: the other side took the request and gave no answer in time. */
export class NoAnswer extends Error {
  override readonly name = 'NoAnswer';
}

/** Run `call` with a signal that aborts it (reason {@link NoAnswer}) after `ms`; the timer goes when it settles. */
export async function withinMs<T>(ms: number, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new NoAnswer(`no answer within ${ms} ms`)), ms);
  try {
    return await call(controller.signal);
  } finally {
    clearTimeout(timer);
  }
}

/** True when `error`, or what it wraps (`cause`, a Slack client error's `original`), is {@link NoAnswer}. */
export function isNoAnswer(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 4; depth++) {
    if (e instanceof NoAnswer) return true;
    const wrapped = e as { cause?: unknown; original?: unknown };
    e = wrapped.original ?? wrapped.cause;
  }
  return false;
}
