/**
 * Every migration, in order. Listed statically (not read from a folder) so the same code runs under tsx, the
 * compiled build and the tests. Forward-only: never edit an applied migration; add a new number. Numbers are
 * reserved by parallel work, so one may land after a higher one was applied: the migrator allows that
 * (`allowUnorderedMigrations`, db/index.ts), and a migration must not depend on one numbered above it.
 */
import type { Migration } from 'kysely/migration';
import * as m0001 from './0001_core.js';
import * as m0002 from './0002_slack.js';
import * as m0003 from './0003_teams.js';
import * as m0004 from './0004_checkins.js';
import * as m0005 from './0005_pairing.js';
import * as m0006 from './0006_sessions.js';
import * as m0007 from './0007_records.js';
import * as m0008 from './0008_sandbox.js';
import * as m0009 from './0009_open_deliveries_index.js';
import * as m0010 from './0010_leases.js';
import * as m0011 from './0011_disclosure.js';
import * as m0012 from './0012_peer_safety.js';
import * as m0013 from './0013_safety_net.js';
import * as m0014 from './0014_lived_experience.js';
import * as m0015 from './0015_prompt_coproduction.js';
import * as m0016 from './0016_pairing_avoid_orgs.js';
import * as m0017 from './0017_you_said_we_did.js';
import * as m0018 from './0018_report_exports.js';
import * as m0019 from './0019_record_layouts.js';
import * as m0020 from './0020_record_evidence.js';
import * as m0021 from './0021_delivery_misses.js';
import * as m0022 from './0022_pairing_intro_sent.js';
import * as m0023 from './0023_grief_opt_in.js';
import * as m0024 from './0024_outbox_owed.js';

export const migrations: Record<string, Migration> = {
  '0001_core': m0001,
  '0002_slack': m0002,
  '0003_teams': m0003,
  '0004_checkins': m0004,
  '0005_pairing': m0005,
  '0006_sessions': m0006,
  '0007_records': m0007,
  '0008_sandbox': m0008,
  '0009_open_deliveries_index': m0009,
  '0010_leases': m0010,
  '0011_disclosure': m0011,
  '0012_peer_safety': m0012,
  '0013_safety_net': m0013,
  '0014_lived_experience': m0014,
  '0015_prompt_coproduction': m0015,
  '0016_pairing_avoid_orgs': m0016,
  '0017_you_said_we_did': m0017,
  '0018_report_exports': m0018,
  '0019_record_layouts': m0019,
  '0020_record_evidence': m0020,
  '0021_delivery_misses': m0021,
  '0022_pairing_intro_sent': m0022,
  '0023_grief_opt_in': m0023,
  '0024_outbox_owed': m0024,
};
