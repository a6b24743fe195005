/**
 * The real app (`node --import tsx src/main.ts`) as a child process for a benchmark run: its own PORT,
 * QUEUE_PREFIX and DATA_DIR, a fresh encryption key, and the extra environment the benchmark gives. Several
 * children (one `web`, M `worker`s) can share one QUEUE_PREFIX given by the caller, who then deletes it once they
 * have all stopped. Also the child's CPU time from `/proc/<pid>/stat` (process.cpuUsage() is not reachable from
 * outside) and a bounded stop.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanEnv, freePort, startChild, waitForStatus } from '../../test/helpers/child.js';
import { REDIS_URL } from '../../test/helpers/redis.js';
import { createRedis } from '../../src/jobs/redis.js';
import { deletePrefix } from './redis-prefix.js';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Poll until `check` is true (bounded). */
export async function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
  everyMs = 100,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(everyMs);
  }
  throw new Error(`${what} did not happen within ${timeoutMs / 1000} s`);
}

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ): 100 on every Linux this runs on. */
const USER_HZ = 100;

/** User + system CPU time of a process (all its threads) in ms, from `/proc/<pid>/stat`. */
export function procCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / USER_HZ;
}

/** Delete a benchmark's queue prefix in the shared Redis (SCAN + UNLINK, never FLUSHALL); errors are ignored. */
export async function deleteBenchPrefix(prefix: string): Promise<void> {
  const redis = createRedis({ url: REDIS_URL, cluster: false });
  await deletePrefix(redis, prefix).catch(() => 0);
  redis.disconnect();
}

/**
 * NODE_OPTIONS for an app child from the runner's environment: BENCH_CPU_PROF=<dir> makes the app write a V8 CPU
 * profile there when it exits; BENCH_HEAP_SNAPSHOT=<dir> lets {@link heapSnapshot} ask it for a heap snapshot
 * there (SIGUSR2); BENCH_NODE_OPTIONS adds Node flags of your own (e.g. `--max-semi-space-size=16`, to measure
 * what a flag would change). All are off unless set (see bench/README.md).
 */
export function diagnosticsEnv(): Record<string, string> {
  const options: string[] = process.env.BENCH_NODE_OPTIONS ? [process.env.BENCH_NODE_OPTIONS] : [];
  const cpu = process.env.BENCH_CPU_PROF;
  const heap = process.env.BENCH_HEAP_SNAPSHOT;
  if (cpu) options.push('--cpu-prof', `--cpu-prof-dir=${cpu}`);
  if (heap) options.push('--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${heap}`);
  return options.length > 0 ? { NODE_OPTIONS: options.join(' ') } : {};
}

/**
 * With BENCH_HEAP_SNAPSHOT=<dir> set: signal the child for a heap snapshot and wait (bounded) until it is
 * written, i.e. a new `.heapsnapshot` file has stopped growing and the child answers `/healthz` again (V8 writes
 * it on the main thread). Returns the file, or undefined when the variable is not set. The child's RSS grows
 * while it writes: read any memory figure before calling this.
 */
export async function heapSnapshot(pid: number, url: string, label: string): Promise<string | undefined> {
  const dir = process.env.BENCH_HEAP_SNAPSHOT;
  if (!dir) return undefined;
  const list = () => readdirSync(dir).filter((f) => f.endsWith('.heapsnapshot'));
  const before = new Set(list());
  process.kill(pid, 'SIGUSR2');
  let file: string | undefined;
  let size = -1;
  await until(
    async () => {
      file ??= list().find((f) => !before.has(f));
      if (!file) return false;
      const now = statSync(join(dir, file)).size;
      const stable = now === size && now > 0;
      size = now;
      if (!stable) return false;
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) }).catch(
        () => undefined,
      );
      return res?.ok === true;
    },
    180_000,
    `a heap snapshot (${label})`,
    500,
  );
  process.stderr.write(`heap snapshot (${label}): ${join(dir, file!)}\n`);
  return join(dir, file!);
}

export interface AppChild {
  url: string;
  pid: number;
  /** The key the app encrypts with (base64), for seeding encrypted rows such as Slack installations. */
  encryptionKey: string;
  output(): string;
  /**
   * SIGTERM, wait (bounded), then delete DATA_DIR and the queue prefix (unless the caller gave it). Safe to call
   * twice.
   */
  stop(): Promise<void>;
}

export interface AppChildOptions {
  /**
   * A QUEUE_PREFIX shared with other children (a web process and its workers). The caller owns it: `stop()`
   * leaves its keys, and the caller deletes them (`deletePrefix`) once every child sharing it has stopped.
   */
  queuePrefix?: string;
}

/** A fresh queue prefix for a benchmark run (`rt-bench-<label>-<random>`). */
export const benchPrefix = (label: string) => `rt-bench-${label}-${randomBytes(4).toString('hex')}`;

/**
 * Start the app and wait for `/readyz`. The caller owns the database (`DATABASE_URL` in `env`).
 * @param label part of the queue prefix.
 * @param env DATABASE_URL, platform variables, NODE_ENV if not production, send rates.
 * @param encryptionKey base64 key to use (generated when absent).
 * @param options a shared queue prefix ({@link AppChildOptions}).
 */
export async function startAppChild(
  label: string,
  env: Record<string, string>,
  encryptionKey = randomBytes(32).toString('base64'),
  options: AppChildOptions = {},
): Promise<AppChild> {
  const port = await freePort();
  const ownsPrefix = options.queuePrefix === undefined;
  const prefix = options.queuePrefix ?? benchPrefix(label);
  const dataDir = mkdtempSync(join(tmpdir(), 'rt-bench-'));
  const child = startChild(
    process.execPath,
    // As `npm start` and the Dockerfile run it (the young generation capped, see docs/OPERATIONS.md).
    ['--max-semi-space-size=16', '--import', 'tsx', 'src/main.ts'],
    cleanEnv({
      NODE_ENV: 'production',
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      DATA_DIR: dataDir,
      DATA_ENCRYPTION_KEY: encryptionKey,
      LOG_LEVEL: 'warn',
      ...diagnosticsEnv(),
      ...env,
    }),
  );
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    const pid = child.child.pid;
    if (child.child.exitCode === null && pid) {
      child.child.kill('SIGTERM');
      const timer = setTimeout(() => {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 30_000);
      await child.exited;
      clearTimeout(timer);
    }
    if (ownsPrefix) await deleteBenchPrefix(prefix);
    rmSync(dataDir, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForStatus(`${url}/readyz`, 200, 90_000);
  } catch (error) {
    await stop();
    throw new Error(
      `${error instanceof Error ? error.message : String(error)}\n${child.output().slice(-1500)}`,
    );
  }
  return { url, pid: child.child.pid!, encryptionKey, output: child.output, stop };
}
