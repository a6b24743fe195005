/**
 * Every migration, in order. Listed statically (not read from a folder) so the same code runs under tsx, the
 * compiled build and the tests. Forward-only: never edit an applied migration; add the next number.
 */
import type { Migration } from 'kysely';
import * as m0001 from './0001_core.js';
import * as m0004 from './0004_checkins.js';

export const migrations: Record<string, Migration> = {
  '0001_core': m0001,
  '0004_checkins': m0004,
};
