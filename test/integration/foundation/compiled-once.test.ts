/**
 * `compiledOnce` on real Postgres: a query built and compiled once answers each call with that call's values
 * (an argument used twice is swapped in both places; constants stay), and a builder that does anything but pass
 * an argument straight through as a parameter is refused rather than run with the wrong values.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../../db/index.js';
import { compiledOnce } from '../../../src/store/compiled-once.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/postgres.js';

let database: TestDatabase;
let handle: Db;

beforeAll(async () => {
  database = await createTestDatabase('compiledonce');
  handle = await createDb({ databaseUrl: database.url, dataDir: '' });
  await sql`create table t (id int primary key, name text, at timestamptz)`.execute(handle.db);
  await sql`insert into t values (1, 'one', '2026-01-01T00:00:00Z'), (2, 'two', null), (3, 'three', null)`.execute(
    handle.db,
  );
});

afterAll(async () => {
  await handle?.close();
  await database?.drop();
});

describe('compiledOnce', () => {
  it('runs the compiled statement with each call’s values, an argument used twice swapped in both places', async () => {
    const db = handle.db as never as import('kysely').Kysely<{
      t: { id: number; name: string; at: Date | null };
    }>;
    const pick = compiledOnce((k, lo: number, name: string) => {
      const q = k as never as typeof db;
      return q
        .selectFrom('t')
        .select(['id', 'name'])
        .where((eb) => eb.or([eb('id', '=', lo), eb('name', '=', name)]))
        .where('id', '<=', sql.lit(3))
        .where((eb) => eb('id', '>=', lo).or('name', '=', name))
        .orderBy('id');
    });
    expect(await pick(handle.db, 1, 'three')).toEqual([
      { id: 1, name: 'one' },
      { id: 3, name: 'three' },
    ]);
    expect(await pick(handle.db, 2, 'nobody')).toEqual([{ id: 2, name: 'two' }]);
    expect(await pick(handle.db, 9, 'one')).toEqual([{ id: 1, name: 'one' }]);
  });

  it('passes a Date and a null through as they are', async () => {
    const db = handle.db as never as import('kysely').Kysely<{
      t: { id: number; name: string; at: Date | null };
    }>;
    const stamp = compiledOnce((k, id: number, at: Date | null) =>
      (k as never as typeof db).updateTable('t').set({ at }).where('id', '=', id).returning(['id', 'at']),
    );
    const when = new Date('2026-12-04T10:00:00Z');
    expect(await stamp(handle.db, 2, when)).toEqual([{ id: 2, at: when }]);
    expect(await stamp(handle.db, 2, null)).toEqual([{ id: 2, at: null }]);
  });

  it('refuses a builder that changes an argument on its way into the query', async () => {
    const db = handle.db as never as import('kysely').Kysely<{
      t: { id: number; name: string; at: Date | null };
    }>;
    const bad = compiledOnce((k, name: string) =>
      (k as never as typeof db).selectFrom('t').select('id').where('name', '=', name.toUpperCase()),
    );
    await expect(bad(handle.db, 'one')).rejects.toThrow(/straight through/);
    const sum = compiledOnce((k, id: number) =>
      (k as never as typeof db)
        .selectFrom('t')
        .select('id')
        .where('id', '=', id + 1),
    );
    await expect(sum(handle.db, 1)).rejects.toThrow(/straight through/);
    const dropped = compiledOnce((k, _unused: string) =>
      (k as never as typeof db).selectFrom('t').select('id'),
    );
    await expect(dropped(handle.db, 'x')).rejects.toThrow(/straight through/);
  });
});
