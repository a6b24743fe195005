import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.js';

/** Every row of every table of the public schema (except the migration bookkeeping), for before/after checks. */
export async function snapshotAll(
  db: Kysely<Database>,
  ignoreColumns: string[] = [],
): Promise<Record<string, unknown[]>> {
  const { rows: tables } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like 'kysely_%'
    order by table_name`.execute(db);
  const out: Record<string, unknown[]> = {};
  for (const t of tables) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(t.name)}`.execute(db);
    out[t.name] = rows
      .map((r) => {
        const copy = { ...r };
        for (const c of ignoreColumns) delete copy[c];
        return JSON.stringify(copy);
      })
      .sort();
  }
  return out;
}

/** Every table whose rows mention any of the given values (ids, names), in any column. */
export async function tablesMentioning(db: Kysely<Database>, needles: string[]): Promise<string[]> {
  const snap = await snapshotAll(db);
  const hits: string[] = [];
  for (const [table, rows] of Object.entries(snap)) {
    for (const row of rows as string[]) {
      if (needles.some((n) => row.includes(n))) {
        hits.push(`${table}: ${row}`);
      }
    }
  }
  return hits;
}
