/**
 * Named leases (migration 0010): mutual exclusion across processes that holds no connection while the work runs.
 * Each call is one statement. Expiry is wall-clock time, like BullMQ's job locks: it measures how long a holder
 * may have died, not anything a person sees, so callers pass `Date.now()`-based times rather than the app clock.
 */
import { randomUUID } from 'node:crypto';

import type { Executor } from '../../db/schema.js';

/** A fresh holder id for one piece of work. */
export function newLeaseHolder(): string {
  return randomUUID();
}

/** Take the lease if it is free, expired, or already ours; true when we hold it now (until `now + ttlMs`). */
export async function takeLease(
  db: Executor,
  name: string,
  holder: string,
  now: Date,
  ttlMs: number,
): Promise<boolean> {
  const expires = new Date(now.getTime() + ttlMs);
  const row = await db
    .insertInto('leases')
    .values({ name, holder, expires_at: expires })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet({ holder, expires_at: expires })
        .where((eb) => eb.or([eb('leases.expires_at', '<', now), eb('leases.holder', '=', holder)])),
    )
    .returning('holder')
    .executeTakeFirst();
  return row?.holder === holder;
}

/** Give the lease back (only if still ours: an expired lease may have passed to someone else). */
export async function releaseLease(db: Executor, name: string, holder: string): Promise<void> {
  await db.deleteFrom('leases').where('name', '=', name).where('holder', '=', holder).execute();
}
