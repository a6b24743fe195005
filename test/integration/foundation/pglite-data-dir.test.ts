/**
 * An embedded database folder of another PostgreSQL major (PGlite 0.4 wrote PostgreSQL 17 folders) stops the start
 * with a plain explanation instead of PGlite's bare "failed to initialize", and leaves the folder as it was.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from '../../../db/index.js';
import { PGLITE_POSTGRES_MAJOR } from '../../../db/pglite-data-dir.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'rt-pglite-dir-'));
  dirs.push(dir);
  return dir;
};

describe('the embedded database folder', () => {
  it('is written by the PostgreSQL major the check expects', async () => {
    const dataDir = tempDir();
    const lite = await createDb({ dataDir });
    await lite.close();
    expect(readFileSync(join(dataDir, 'pglite', 'PG_VERSION'), 'utf8').trim()).toBe(PGLITE_POSTGRES_MAJOR);
    // Opening it again works.
    const again = await createDb({ dataDir });
    await again.close();
  }, 60_000);

  it('of an older PostgreSQL major is refused with what to do, and left untouched', async () => {
    const dataDir = tempDir();
    const folder = join(dataDir, 'pglite');
    mkdirSync(join(folder, 'base'), { recursive: true });
    writeFileSync(join(folder, 'PG_VERSION'), '17\n');
    await expect(createDb({ dataDir })).rejects.toThrow(
      `${folder} holds a PostgreSQL 17 database, written by an earlier Roundtable release; this release embeds ` +
        `PostgreSQL ${PGLITE_POSTGRES_MAJOR} and cannot open it. Move that folder aside`,
    );
    expect(readdirSync(folder).sort()).toEqual(['PG_VERSION', 'base']);
    expect(readFileSync(join(folder, 'PG_VERSION'), 'utf8')).toBe('17\n');
  });
});
