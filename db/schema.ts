/**
 * The `Database` type for Kysely: one interface, composed from each feature's tables.
 * A feature adds its tables in `db/tables/<feature>.ts` and its migration in `db/migrations/`.
 */
import type { Kysely, Transaction } from 'kysely';
import type { CheckinTables } from './tables/checkins.js';
import type { CoreTables } from './tables/core.js';

export type * from './tables/core.js';

export interface Database extends CoreTables, CheckinTables {}

/** A database handle or an open transaction: repositories take either (see PITFALLS.md). */
export type Executor = Kysely<Database> | Transaction<Database>;
