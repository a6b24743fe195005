/**
 * Development convenience: when nobody set REDIS_URL and no Redis answers at the default address, start a private
 * `redis-server` under DATA_DIR on a free port, and stop it when Roundtable stops. It keeps nothing on disk (BullMQ
 * state can always be rebuilt from Postgres). When `redis-server` is not installed, say in one line how to get it.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { resolve } from 'node:path';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';

/**
 * Arguments for a `redis-server` of our own on loopback: nothing kept on disk, and never evicting a key (BullMQ
 * loses jobs otherwise).
 */
export function ephemeralRedisArgs(port: number, dir: string): string[] {
  return [
    '--save',
    '',
    '--appendonly',
    'no',
    '--maxmemory-policy',
    'noeviction',
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
  ];
}

export interface DevRedis {
  /** Where the private Redis listens, e.g. `redis://127.0.0.1:41234`. */
  url: string;
  /** Stop the private Redis (bounded). */
  stop(): Promise<void>;
}

export interface DevRedisOptions {
  /** The server binary; `redis-server` on PATH unless a test says otherwise. */
  command?: string;
  /** How long to wait for the private Redis to answer. */
  startTimeoutMs?: number;
}

const INSTALL = 'Debian/Ubuntu: sudo apt install redis-server; macOS: brew install redis';

export const REDIS_MISSING_HINT =
  'Redis is not answering at redis://127.0.0.1:6379 and redis-server is not installed. Install it (Debian/Ubuntu: sudo apt install redis-server, macOS: brew install redis) and start Roundtable again, or set REDIS_URL to a Redis you already have.';

/**
 * Start a private Redis when it is needed and possible; otherwise return undefined and leave the configured URL
 * alone. Only for development: never when REDIS_URL was set explicitly or NODE_ENV=production.
 */
export async function startDevRedisIfNeeded(
  config: Pick<Config, 'env' | 'redisUrl' | 'redisUrlDefaulted' | 'dataDir'>,
  logger: Logger,
  options: DevRedisOptions = {},
): Promise<DevRedis | undefined> {
  if (!config.redisUrlDefaulted || config.env === 'production') return undefined;
  if (await redisAnswers(config.redisUrl)) return undefined;
  const command = options.command ?? 'redis-server';
  if (!isInstalled(command)) {
    logger.warn(REDIS_MISSING_HINT);
    return undefined;
  }
  const port = await freePort();
  const dir = resolve(config.dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const child = spawn(
    command,
    ephemeralRedisArgs(port, dir),
    // Its own process group: Ctrl-C in the terminal must not stop Redis before Roundtable has finished its jobs.
    { detached: true, stdio: 'ignore' },
  );
  const exited = new Promise<void>((done) => {
    child.once('exit', () => done());
    child.once('error', () => done());
  });
  // If Roundtable exits in any way at all, the private Redis goes with it.
  const killOnExit = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  process.once('exit', killOnExit);

  const url = `redis://127.0.0.1:${port}`;
  if (!(await waitForRedis(url, child, options.startTimeoutMs ?? 10_000))) {
    killOnExit();
    process.off('exit', killOnExit);
    logger.warn(
      { port },
      'could not start a private redis-server; set REDIS_URL to a Redis you have (see the README)',
    );
    return undefined;
  }
  logger.info(
    { port, dir },
    `Redis: started a private redis-server at ${url} for this run; it stops when Roundtable stops`,
  );
  return {
    url,
    stop: async () => {
      process.off('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Why Redis cannot be used, in words for the sandbox page: what is missing, and what to do about it. */
export interface RedisNotice {
  missing: string;
  fix: string;
}

/** A Redis URL fit to show: any user name or password left out. */
export function shownRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.hostname}${u.port ? `:${u.port}` : ''}`;
  } catch {
    return 'the address in REDIS_URL';
  }
}

const installedCache = new Map<string, boolean>();

/**
 * Undefined when Redis answers; otherwise what is missing and how to fix it, for the case in hand: an explicit
 * REDIS_URL that does not answer (no private Redis is ever started then), or the default address with
 * `redis-server` not installed, or installed but not running. Bounded by `timeoutMs`; whether `redis-server` is
 * installed is asked once per process.
 */
export async function redisNotice(
  config: Pick<Config, 'redisUrl' | 'redisUrlDefaulted'>,
  options: { command?: string; timeoutMs?: number } = {},
): Promise<RedisNotice | undefined> {
  if (await redisAnswers(config.redisUrl, options.timeoutMs ?? 1_000)) return undefined;
  const at = shownRedisUrl(config.redisUrl);
  const needs =
    'Roundtable needs it for check-ins, reminders and peer-support messages, so commands cannot run.';
  if (!config.redisUrlDefaulted) {
    return {
      missing: `Redis is not answering at ${at}, the address REDIS_URL gives. ${needs}`,
      fix: `Start that Redis, or set REDIS_URL to one that is running, then start Roundtable again. Or remove REDIS_URL: with redis-server installed (${INSTALL}), Roundtable starts a private one for you.`,
    };
  }
  const command = options.command ?? 'redis-server';
  let installed = installedCache.get(command);
  if (installed === undefined) {
    installed = isInstalled(command);
    installedCache.set(command, installed);
  }
  if (!installed) {
    return {
      missing: `Redis is not answering at ${at}, and redis-server is not installed to start a private one. ${needs}`,
      fix: `Install it (${INSTALL}) and start Roundtable again, or set REDIS_URL to a Redis you already have.`,
    };
  }
  return {
    missing: `Redis is not answering at ${at}. ${needs}`,
    fix: `Start Roundtable again and it starts a private redis-server, or set REDIS_URL to a Redis you already have.`,
  };
}

/** True when a Redis at `url` answers PING within the bound. Uses a bare socket so nothing logs or retries. */
export function redisAnswers(url: string, timeoutMs = 1_000): Promise<boolean> {
  let host = '127.0.0.1';
  let port = 6379;
  try {
    const u = new URL(url);
    host = u.hostname || host;
    port = u.port ? Number(u.port) : port;
  } catch {
    return Promise.resolve(false);
  }
  return new Promise((done) => {
    const socket = createConnection({ host, port });
    let reply = '';
    const finish = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      done(ok);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d) => {
      reply += d.toString('latin1');
      if (reply.includes('\r\n')) finish(reply.startsWith('+PONG'));
    });
    socket.once('error', () => finish(false));
    socket.once('close', () => finish(false));
  });
}

function isInstalled(command: string): boolean {
  const result = spawnSync(command, ['--version'], { stdio: 'ignore', timeout: 5_000 });
  return !result.error && result.status === 0;
}

async function waitForRedis(url: string, child: ChildProcess, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) return false;
    if (await redisAnswers(url, 500)) return true;
    // Polling the server it just started, bounded by the deadline.
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}
