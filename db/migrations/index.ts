/**
 * Every migration, in order. Listed statically (not read from a folder) so the same code runs under tsx, the
 * compiled build and the tests. Forward-only: never edit an applied migration; add the next number.
 */
import type { Migration } from 'kysely';
import * as m0001 from './0001_core.js';
import * as m0005 from './0005_pairing.js';

export const migrations: Record<string, Migration> = {
  '0001_core': m0001,
  '0005_pairing': m0005,
};
