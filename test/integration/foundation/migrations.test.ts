/**
 * Migrations apply on both the embedded PGlite and the real Postgres with the same schema, and two processes
 * migrating one database at once neither fail nor apply anything twice.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb, migrateToLatest, migrationsApplied } from '../../../db/index.js';
import { migrations } from '../../../db/migrations/index.js';
import type { Database } from '../../../db/schema.js';
import { cleanEnv, run, TSX } from '../../helpers/child.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/postgres.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function describeSchema(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{ t: string; c: string; type: string; nullable: string; d: string | null }>`
    select table_name as t, column_name as c, data_type as type, is_nullable as nullable, column_default as d
    from information_schema.columns where table_schema = 'public' order by table_name, column_name`.execute(
    db,
  );
  // PostgreSQL 18 (PGlite 0.5) also lists each NOT NULL as a constraint of type 'n'; older servers do not. Nullability
  // is already compared per column above, so those rows are left out.
  const { rows: constraints } = await sql<{ name: string; type: string }>`
    select conname as name, contype as type from pg_constraint c join pg_namespace n on n.oid = c.connamespace
    where n.nspname = 'public' and contype <> 'n' order by conname`.execute(db);
  return [
    ...rows.map((r) => `${r.t}.${r.c} ${r.type} ${r.nullable} ${r.d ?? ''}`),
    ...constraints.map((c) => `constraint ${c.name} ${c.type}`),
  ];
}

describe('migrations', () => {
  it('apply on PGlite and on Postgres, giving the same schema', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rt-pglite-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const lite = await createDb({ dataDir: dir });
    cleanups.push(() => lite.close());
    const test = await createTestDatabase('migr');
    cleanups.push(() => test.drop());
    const real = await createDb({ databaseUrl: test.url, dataDir: dir });
    cleanups.push(() => real.close());

    for (const d of [lite, real]) {
      const result = await migrateToLatest(d.db);
      expect(result.results?.map((r) => r.status)).toEqual(Object.keys(migrations).map(() => 'Success'));
      expect(await migrationsApplied(d.db)).toBe(true);
      // A second run finds nothing to do.
      expect((await migrateToLatest(d.db)).results).toEqual([]);
    }
    const liteSchema = await describeSchema(lite.db);
    expect(liteSchema.length).toBeGreaterThan(40);
    expect(liteSchema).toEqual(await describeSchema(real.db));
  }, 120_000);

  it('upgrade a database of the last release, whose newest migration is numbered above the new ones', async () => {
    // The release before this one had applied 0001–0013, 0016 and 0019; this one adds 0014, 0015, 0017, 0018,
    // 0020 and 0021 (numbers reserved by parallel work), most of them below 0019.
    const released = [
      ...Array.from({ length: 13 }, (_, i) => `00${String(i + 1).padStart(2, '0')}_`),
      '0016_',
      '0019_',
    ];
    const previous = Object.fromEntries(
      Object.entries(migrations).filter(([name]) => released.some((p) => name.startsWith(p))),
    );
    expect(Object.keys(previous)).toHaveLength(15);
    const test = await createTestDatabase('upgrade');
    cleanups.push(() => test.drop());
    const d = await createDb({ databaseUrl: test.url, dataDir: tmpdir() });
    cleanups.push(() => d.close());
    const old = await new Migrator({
      db: d.db,
      provider: { getMigrations: async () => previous },
    }).migrateToLatest();
    expect(old.error).toBeUndefined();
    const result = await migrateToLatest(d.db);
    expect(result.results?.map((r) => r.migrationName)).toEqual(
      Object.keys(migrations).filter((name) => !(name in previous)),
    );
    expect(await migrationsApplied(d.db)).toBe(true);
  }, 60_000);

  it('two processes migrating at once do not fail or double-apply', async () => {
    const test: TestDatabase = await createTestDatabase('race');
    cleanups.push(() => test.drop());
    const env = cleanEnv({ DATABASE_URL: test.url, DATA_DIR: tmpdir() });
    const [a, b] = await Promise.all([run(TSX, ['db/migrate.ts'], env), run(TSX, ['db/migrate.ts'], env)]);
    expect([a.code, b.code], a.stderr + b.stderr).toEqual([0, 0]);
    // Exactly one of them applied the migrations.
    const applied = [a.stdout, b.stdout].filter((o) => o.startsWith('Applied'));
    expect(applied).toHaveLength(1);
    const db = await createDb({ databaseUrl: test.url, dataDir: tmpdir() });
    cleanups.push(() => db.close());
    const { rows } = await sql<{ n: string }>`select count(*) as n from kysely_migration`.execute(db.db);
    expect(Number(rows[0]!.n)).toBe(Object.keys(migrations).length);
  }, 60_000);
});
