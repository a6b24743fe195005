/**
 * Migration 0014 on PGlite and on Postgres: a member whose band was `lived-experience` keeps it as their own
 * attribute and loses the band; so does a session reply recorded with it. Other bands are untouched, and stored
 * audiences and mix targets that name lived experience keep their words (they now mean the attribute).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb, migrateToLatest } from '../../../db/index.js';
import { migrations } from '../../../db/migrations/index.js';
import type { Database } from '../../../db/schema.js';
import { createTestDatabase } from '../../helpers/postgres.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** Everything before 0014, as a database that ran the earlier release would have it. */
const BEFORE = Object.keys(migrations).filter((name) => name < '0014');

async function seedOldRows(db: Kysely<Database>): Promise<void> {
  await sql`insert into workspaces (id, platform, external_id) values ('w1', 'sandbox', 'W1')`.execute(db);
  await sql`insert into members (id, workspace_id, external_id, band) values
    ('m-le', 'w1', 'U1', 'lived-experience'), ('m-lead', 'w1', 'U2', 'leader'), ('m-none', 'w1', 'U3', null)`.execute(
    db,
  );
  await sql`insert into sessions (id, workspace_id, title, starts_at, audience, mix) values
    (1, 'w1', 'Co-production', '2026-03-20T12:00:00Z', '{"kind":"role","band":"lived-experience"}',
     '[{"band":"lived-experience","count":2}]')`.execute(db);
  await sql`insert into session_rsvps (session_id, member_id, status, band, answered_at) values
    (1, 'm-le', 'going', 'lived-experience', now()), (1, 'm-lead', 'going', 'leader', now())`.execute(db);
}

describe('migration 0014: lived experience becomes an attribute', () => {
  it('moves band lived-experience to the attribute, on PGlite and on Postgres', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rt-pglite-0014-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const lite = await createDb({ dataDir: dir });
    cleanups.push(() => lite.close());
    const test = await createTestDatabase('migr14');
    cleanups.push(() => test.drop());
    const real = await createDb({ databaseUrl: test.url, dataDir: dir });
    cleanups.push(() => real.close());

    for (const d of [lite, real]) {
      const migrator = new Migrator({
        db: d.db,
        provider: { getMigrations: async () => migrations },
        // Later-numbered work may already have run where 0014 arrives.
        allowUnorderedMigrations: true,
      });
      const early = await migrator.migrateTo(BEFORE.at(-1)!);
      expect(early.error).toBeUndefined();
      await seedOldRows(d.db);
      await migrateToLatest(d.db);

      const members = await d.db
        .selectFrom('members')
        .select(['id', 'band', 'lived_experience', 'energy_scale', 'band_answered_at'])
        .orderBy('id')
        .execute();
      expect(members).toEqual([
        { id: 'm-le', band: null, lived_experience: true, energy_scale: true, band_answered_at: null },
        { id: 'm-lead', band: 'leader', lived_experience: false, energy_scale: true, band_answered_at: null },
        { id: 'm-none', band: null, lived_experience: false, energy_scale: true, band_answered_at: null },
      ]);
      const rsvps = await d.db
        .selectFrom('session_rsvps')
        .select(['member_id', 'band', 'lived_experience'])
        .orderBy('member_id')
        .execute();
      expect(rsvps).toEqual([
        { member_id: 'm-le', band: null, lived_experience: true },
        { member_id: 'm-lead', band: 'leader', lived_experience: false },
      ]);
      const session = await d.db.selectFrom('sessions').select(['audience', 'mix']).executeTakeFirstOrThrow();
      expect(session.audience).toEqual({ kind: 'role', band: 'lived-experience' });
      expect(session.mix).toEqual([{ band: 'lived-experience', count: 2 }]);
    }
  }, 120_000);

  it('upgrades a database that already ran later-numbered migrations (0016, 0019) without 0014', async () => {
    const test = await createTestDatabase('migr14b');
    cleanups.push(() => test.drop());
    const dir = mkdtempSync(join(tmpdir(), 'rt-pglite-0014b-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const real = await createDb({ databaseUrl: test.url, dataDir: dir });
    cleanups.push(() => real.close());
    const { '0014_lived_experience': _added, ...released } = migrations;
    const old = await new Migrator({
      db: real.db,
      provider: { getMigrations: async () => released },
    }).migrateToLatest();
    expect(old.error).toBeUndefined();
    const result = await migrateToLatest(real.db);
    expect(result.results?.map((r) => r.migrationName)).toEqual(['0014_lived_experience']);
  }, 120_000);
});
