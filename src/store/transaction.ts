/**
 * One unit of work in one database transaction. Services decide where a transaction begins and ends; the store
 * runs it, so `BEGIN`/`COMMIT` live with the rest of the SQL. Inside, pass `tx` to the repositories, and never
 * await Redis or a platform (on PGlite the one connection is held: docs/ARCHITECTURE.md).
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';

export async function inTransaction<T>(
  db: Kysely<Database>,
  work: (tx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(work);
}
