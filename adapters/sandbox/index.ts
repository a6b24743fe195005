/**
 * The sandbox platform adapter: try Roundtable in a browser with no Slack or Teams. It is the default when neither
 * is configured and NODE_ENV is not production. Everything behind it is the real app: parser, services, Postgres,
 * jobs and prompts; only the chat platform is simulated, by a page at `/` with one pane per fictional person.
 */
import type { AdapterFactory } from '../../src/app.js';
import { redisNotice } from '../../src/dev/redis-starter.js';
import type { PlatformAdapter } from '../../src/http/platform-adapter.js';
import { SandboxHub } from './event-hub.js';
import { SandboxMessageStore } from './message-store.js';
import { PERSONAS } from './personas.js';
import { mountSandboxRoutes } from './routes.js';
import { sandboxDirectory, sandboxMessenger } from './sandbox-ports.js';
import { SandboxService } from './sandbox-service.js';

export { SandboxHub } from './event-hub.js';
export type { SandboxEvent } from './event-hub.js';
export type { SandboxBody, SandboxMessageView } from './message-store.js';
export { PERSONAS, SANDBOX_CHANNEL, SANDBOX_WORKSPACE, type Persona } from './personas.js';

/** Builds the sandbox adapter, or returns undefined when a real platform is configured or in production. */
export const sandboxFactory: AdapterFactory = async (deps) => {
  const { config, logger } = deps;
  if (config.slack || config.teams || config.env === 'production') {
    logger.info(
      config.env === 'production'
        ? 'Sandbox: off (NODE_ENV=production)'
        : 'Sandbox: off (Slack or Teams is configured)',
    );
    return undefined;
  }
  const hub = new SandboxHub();
  const store = new SandboxMessageStore(deps.db, deps.cipher, () => deps.clock.now());
  const service = new SandboxService({
    db: deps.db,
    inbound: deps.inbound,
    store,
    hub,
    clock: deps.clock,
    redisNotice: () => redisNotice(config),
  });
  if (await service.seed()) logger.info({ people: PERSONAS.length }, 'sandbox seeded with fictional people');

  const adapter: PlatformAdapter = {
    platform: 'sandbox',
    messenger: sandboxMessenger(store, hub),
    directory: sandboxDirectory(),
    mount(router) {
      mountSandboxRoutes(router, { service, store, hub, logger });
    },
    describe: () =>
      'Sandbox: no Slack or Teams configured, so the try-it page is served at / (five fictional people, one workspace)',
  };
  return adapter;
};
