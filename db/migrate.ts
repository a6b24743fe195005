/** `npm run migrate`: apply pending migrations to DATABASE_URL (or the embedded database) and exit. */
import { loadConfigOrExit } from '../src/config.js';
import { createDb, migrateToLatest } from './index.js';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const { db, kind, close } = await createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const result = await migrateToLatest(db);
    const applied = result.results?.filter((r) => r.status === 'Success').map((r) => r.migrationName) ?? [];
    process.stdout.write(
      applied.length > 0 ? `Applied ${applied.join(', ')} on ${kind}.\n` : `Nothing to apply on ${kind}.\n`,
    );
  } finally {
    await close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`Migration failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
