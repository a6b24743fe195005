/** `npm run migrate`: apply pending migrations to DATABASE_URL (or the embedded database) and exit. */
import { ConfigError, loadConfig, processEnv } from '../src/config.js';
import { createDb, migrateToLatest } from './index.js';

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(processEnv());
  } catch (error) {
    if (error instanceof ConfigError) {
      for (const line of error.problems) process.stderr.write(`${line}\n`);
      process.exit(2);
    }
    throw error;
  }
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
