/**
 * Property tests run the same cases every time: fast-check draws from one fixed seed unless `FC_SEED` says
 * otherwise (a number to replay a reported failure, or `random` to explore new cases by hand). A failure always
 * prints the seed and path that reproduce it.
 */
import fc from 'fast-check';

export const FAST_CHECK_SEED = 20_261_204;

const asked = process.env.FC_SEED;
if (asked !== 'random') {
  const seed = asked === undefined || asked === '' ? FAST_CHECK_SEED : Number(asked);
  if (!Number.isInteger(seed)) throw new Error(`FC_SEED must be an integer or "random", not "${asked}"`);
  fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
}
