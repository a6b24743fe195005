/**
 * An embedded database folder holds the files of one PostgreSQL major, and PGlite opens only its own: PGlite 0.5
 * embeds PostgreSQL 18, while the PGlite 0.4 of earlier Roundtable releases wrote PostgreSQL 17 folders. Given an
 * older folder, PGlite fails with nothing but "PGlite failed to initialize properly", so the folder's `PG_VERSION`
 * is read first and the start-up error says what is wrong and what to do.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The PostgreSQL major of the PGlite in package.json (a test checks it against a folder PGlite writes). */
export const PGLITE_POSTGRES_MAJOR = '18';

/** Throws a plain explanation when `dir` holds a database of another PostgreSQL major; a new folder passes. */
export function assertPgliteDataDir(dir: string): void {
  const file = join(dir, 'PG_VERSION');
  if (!existsSync(file)) return;
  const major = readFileSync(file, 'utf8').trim();
  if (major === PGLITE_POSTGRES_MAJOR) return;
  throw new Error(
    `${dir} holds a PostgreSQL ${major} database, written by an earlier Roundtable release; this release embeds ` +
      `PostgreSQL ${PGLITE_POSTGRES_MAJOR} and cannot open it. Move that folder aside to start with an empty ` +
      'embedded database (the encryption key in DATA_DIR is a separate file and is not affected), or set ' +
      'DATABASE_URL to use a PostgreSQL server.',
  );
}
