/**
 * The `Database` type for Kysely: one interface, composed from each feature's tables.
 * A feature adds its tables in `db/tables/<feature>.ts` and its migration in `db/migrations/`.
 */
import type { Kysely, Transaction } from 'kysely';
import type { CoreTables } from './tables/core.js';
import type { CheckinTables } from './tables/checkins.js';
import type { DeliveryTables } from './tables/delivery.js';
import type { CoproductionTables } from './tables/coproduction.js';
import type { PairingTables } from './tables/pairing.js';
import type { RecordTables } from './tables/records.js';
import type { SandboxTables } from './tables/sandbox.js';
import type { SessionTables } from './tables/sessions.js';
import type { SlackTables } from './tables/slack.js';
import type { TeamsTables } from './tables/teams.js';

export type * from './tables/core.js';
export type * from './tables/checkins.js';
export type * from './tables/delivery.js';
export type * from './tables/coproduction.js';
export type * from './tables/pairing.js';
export type * from './tables/records.js';
export type * from './tables/sandbox.js';
export type * from './tables/sessions.js';
export type * from './tables/slack.js';
export type * from './tables/teams.js';

export interface Database
  extends CoreTables,
    CheckinTables,
    DeliveryTables,
    CoproductionTables,
    PairingTables,
    RecordTables,
    SandboxTables,
    SessionTables,
    SlackTables,
    TeamsTables {}

/** A database handle or an open transaction: repositories take either (see docs/PITFALLS.md). */
export type Executor = Kysely<Database> | Transaction<Database>;
