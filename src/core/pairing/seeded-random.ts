/**
 * A tiny seeded pseudo-random source, so pairing rounds are reproducible: the same pool, history and seed
 * always give the same groups (tests, audits, re-running a failed round). Not for anything secret.
 */

/** A source of numbers in [0, 1), like `Math.random`. */
export type RandomSource = () => number;

/**
 * Mulberry32: a 32-bit generator with a full 2^32 period, good enough to break ties and shuffle a pool.
 * @param seed any number; only its low 32 bits are used.
 * @returns a function giving the next number in [0, 1) on each call.
 */
export function mulberry32(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A whole number in [0, maxExclusive).
 * @param random the seeded source.
 * @param maxExclusive upper bound, at least 1.
 */
export function randomInt(random: RandomSource, maxExclusive: number): number {
  return Math.floor(random() * maxExclusive);
}

/**
 * A shuffled copy (Fisher–Yates), leaving the input untouched.
 * @param items what to shuffle.
 * @param random the seeded source.
 */
export function shuffled<T>(items: readonly T[], random: RandomSource): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(random, i + 1);
    const tmp = out[i]!;
    out[i] = out[j]!;
    out[j] = tmp;
  }
  return out;
}
