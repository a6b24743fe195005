/**
 * The k rule: an admin only ever sees figures over at least k people, and the digest only appears when at least
 * k people shared (docs/PRODUCT.md: default 5, never below 3). Every aggregate in this folder goes through
 * {@link effectiveK}, so a mis-set k can never weaken the promise.
 */

/** The floor for k anywhere in the product. */
export const MIN_K = 3;

/** k when the workspace has not set one. */
export const DEFAULT_K = 5;

/** k as it is applied: a whole number, never below {@link MIN_K}. */
export function effectiveK(k: number): number {
  // A k that is not a number means broken config: fall back to the default, not to the weakest allowed.
  return Number.isFinite(k) ? Math.max(MIN_K, Math.ceil(k)) : DEFAULT_K;
}
