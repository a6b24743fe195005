/**
 * Time and randomness are injected everywhere, so tests are deterministic.
 */
import { randomBytes } from 'node:crypto';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests can move. */
export class ManualClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current.getTime());
  }
  set(at: Date): void {
    this.current = new Date(at.getTime());
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** A source of randomness: `next()` in [0, 1), and secure bytes for ids and tokens. */
export interface Random {
  next(): number;
  bytes(n: number): Buffer;
}

export const systemRandom: Random = {
  next: () => randomBytes(4).readUInt32BE(0) / 0x1_0000_0000,
  bytes: (n) => randomBytes(n),
};

/** Deterministic randomness for tests (mulberry32). */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    bytes: (n) => Buffer.from(Array.from({ length: n }, () => Math.floor(next() * 256))),
  };
}
