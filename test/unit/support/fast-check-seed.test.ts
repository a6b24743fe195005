/** The property tests' cases are the same on every run (test/support/fast-check-seed.ts). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FAST_CHECK_SEED } from '../../support/fast-check-seed.js';

describe('fast-check seed', () => {
  it.runIf(process.env.FC_SEED === undefined)('is the fixed one unless FC_SEED says otherwise', () => {
    expect(fc.readConfigureGlobal().seed).toBe(FAST_CHECK_SEED);
  });

  it.runIf(process.env.FC_SEED !== 'random')('draws the same cases twice', () => {
    const draw = () => fc.sample(fc.array(fc.integer(), { minLength: 3 }), 5);
    expect(draw()).toEqual(draw());
  });
});
