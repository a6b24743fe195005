/**
 * The process: parse the environment once, start the app, stop cleanly on SIGTERM/SIGINT.
 */
import { adapterFactories } from '../adapters/index.js';
import { startApp } from './app.js';
import { loadConfigOrExit } from './config.js';
import { startDevRedisIfNeeded } from './dev/redis-starter.js';
import { createLogger } from './log.js';

async function main(): Promise<void> {
  let config = loadConfigOrExit();
  const logger = createLogger(config.logLevel);
  // Development only: a private Redis when none answers and REDIS_URL was not set (see src/dev/redis-starter.ts).
  const devRedis = await startDevRedisIfNeeded(config, logger);
  if (devRedis) config = { ...config, redisUrl: devRedis.url };
  const app = await startApp({ config, logger, adapters: adapterFactories });
  if (app.adapters.some((a) => a.platform === 'sandbox')) {
    logger.info(
      `Try Roundtable in your browser: http://localhost:${app.port}/ (the sandbox, no Slack or Teams needed)`,
    );
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: no new requests, letting running jobs finish');
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, 25_000);
    force.unref();
    try {
      await app.stop();
      await devRedis?.stop();
      logger.info('stopped cleanly');
      logger.flush();
      process.exit(0);
    } catch (error) {
      logger.error({ error: error instanceof Error ? error.message : 'unknown' }, 'error while stopping');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Roundtable could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
