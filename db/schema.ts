/**
 * The `Database` type for Kysely: one interface, composed from each feature's tables.
 * A feature adds its tables in `db/tables/<feature>.ts` and its migration in `db/migrations/`.
 */
import type { Kysely, Transaction } from 'kysely';
import type { CoreTables } from './tables/core.js';
import type { PairingTables } from './tables/pairing.js';

export type * from './tables/core.js';
export type * from './tables/pairing.js';

export interface Database extends CoreTables, PairingTables {}

/** A database handle or an open transaction: repositories take either (see PITFALLS.md). */
export type Executor = Kysely<Database> | Transaction<Database>;
