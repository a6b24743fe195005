/**
 * A fresh Postgres database for one benchmark run: created like the integration tests' (`test/helpers/postgres.ts`),
 * migrated with the app's own migrations, then filled by direct inserts (no services, no adapters).
 */
import { createDb, migrateToLatest } from '../../db/index.js';
import { parseSchedule } from '../../src/core/schedule/index.js';
import { desiredSchedulers } from '../../src/jobs/scheduler-reconcile.js';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/postgres.js';

export interface SeedSpec {
  workspaces: number;
  membersPerWorkspace: number;
  cadences: number;
  /** Every Nth check-in cadence is on members' own zones (`local`): one scheduler per distinct member zone. */
  localEvery: number;
}

export interface Seeded {
  database: TestDatabase;
  /** How many job schedulers the app should hold for this data (the app's own `desiredSchedulers`). */
  expectedSchedulers: number;
}

/** Varied schedules, all through the real grammar; the ones that do not parse are a bug in this list. */
const SCHEDULES = [
  'every weekday at 09:30',
  'every monday at 10:00',
  'every 2 weeks on thursday at 14:00',
  'daily at 08:45',
  'every friday at 16:00',
  'every month on the first tuesday at 11:00',
  'every 3 weeks on wednesday at 13:15',
  'every tuesday and thursday at 09:00',
  'weekdays at 17:30',
  'cron "0 12 * * 3"',
  'every 2 days at 07:45',
  'every month on the 15th at 10:30',
];
const ZONES = [
  'Europe/London',
  'Europe/Berlin',
  'America/New_York',
  'Asia/Kolkata',
  'Australia/Sydney',
  'Africa/Lagos',
];
const MEMBER_ZONES = ['Europe/London', 'Europe/London', 'Europe/Dublin', 'Europe/Paris', null];
const KINDS = ['checkin', 'pairing', 'digest'] as const;

/** Texts and zones that the grammar accepts, ready to insert. */
function schedules(now: Date): Array<{ rrule: string; text: string }> {
  return SCHEDULES.map((text) => {
    const parsed = parseSchedule(text, { defaultZone: 'Europe/London', now });
    if ('kind' in parsed) throw new Error(`bench schedule "${text}" does not parse: ${parsed.message}`);
    return { rrule: parsed.rrule, text: parsed.text };
  });
}

/**
 * Create, migrate and fill a database. The caller must `database.drop()` it (in a `finally`).
 * @param label part of the database name.
 * @param spec how much to insert.
 */
export async function seedDatabase(label: string, spec: SeedSpec): Promise<Seeded> {
  const database = await createTestDatabase(label);
  const { db, close } = await createDb({ databaseUrl: database.url, dataDir: '/tmp', max: 4 });
  try {
    await migrateToLatest(db);
    const now = new Date();
    const rules = schedules(now);
    for (let w = 0; w < spec.workspaces; w++) {
      const workspaceId = `ws-${w}`;
      await db
        .insertInto('workspaces')
        .values({
          id: workspaceId,
          platform: 'sandbox',
          external_id: `S${w}`,
          name: `Partnership ${w}`,
          updated_at: now,
        })
        .execute();
      for (let start = 0; start < spec.membersPerWorkspace; start += 2_000) {
        const rows = [];
        for (let i = start; i < Math.min(spec.membersPerWorkspace, start + 2_000); i++) {
          rows.push({
            id: `m-${w}-${i}`,
            workspace_id: workspaceId,
            external_id: `U${w}x${i}`,
            display_name: `Member ${i}`,
            timezone: MEMBER_ZONES[i % MEMBER_ZONES.length] ?? null,
            org: `org-${i % 20}`,
            updated_at: now,
          });
        }
        await db.insertInto('members').values(rows).execute();
      }
    }
    for (let start = 0; start < spec.cadences; start += 1_000) {
      const rows = [];
      for (let c = start; c < Math.min(spec.cadences, start + 1_000); c++) {
        const rule = rules[c % rules.length]!;
        const kind = KINDS[c % KINDS.length]!;
        const local = kind === 'checkin' && Math.floor(c / KINDS.length) % spec.localEvery === 0;
        rows.push({
          workspace_id: `ws-${c % spec.workspaces}`,
          kind,
          rrule: rule.rrule,
          zone: local ? 'local' : ZONES[Math.floor(c / rules.length) % ZONES.length]!,
          schedule_text: rule.text,
          audience: JSON.stringify({ all: true }),
          options: JSON.stringify({}),
          // After any past firing, so the app's catch-up sees nothing missed and fires nothing.
          updated_at: now,
        });
      }
      await db.insertInto('cadences').values(rows).execute();
    }
    const expectedSchedulers = (await desiredSchedulers(db)).length;
    await close();
    return { database, expectedSchedulers };
  } catch (error) {
    await close().catch(() => {});
    await database.drop();
    throw error;
  }
}
