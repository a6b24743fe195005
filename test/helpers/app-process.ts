/**
 * The real app as a child process (`node --import tsx src/main.ts`), as an operator runs it: its own port, data
 * directory and role, pointed at a test database, a Redis and a queue prefix, and — when given — at a fake Slack
 * Web API running in the test process. Fault tests kill these processes (SIGKILL, SIGTERM) and start them again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanEnv, freePort, type Run, startChild, waitForStatus } from './child.js';
import { REDIS_URL } from './redis.js';
import { TEST_KEY } from './test-app.js';

export interface AppProcessOptions {
  /** Names the process in error messages. */
  label: string;
  databaseUrl: string;
  prefix: string;
  /** Defaults to the shared test Redis. */
  redisUrl?: string;
  role?: 'all' | 'web' | 'worker';
  /** The Slack adapter's edge: a signing secret, a bot token, and the fake Web API's URL. */
  slack?: { signingSecret: string; botToken: string; apiUrl: string };
  /** Extra variables (they win over the defaults). */
  env?: Record<string, string>;
  /** Wait for `/readyz` to answer 200 before returning (default true). */
  waitReady?: boolean;
  readyTimeoutMs?: number;
}

export interface AppProcess {
  readonly label: string;
  readonly pid: number;
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Send `signal` to the process group (the app and anything it started). No-op once it has exited. */
  kill(signal?: NodeJS.Signals): void;
  /** Resolves when the process has exited and its output pipes closed. */
  readonly exited: Promise<Run>;
  running(): boolean;
  /** SIGTERM, wait up to `timeoutMs` for the exit, then SIGKILL. */
  stop(timeoutMs?: number): Promise<Run>;
}

/**
 * Start the app and (by default) wait until `/readyz` says 200. On a failed start the process is killed and the
 * error carries the tail of its output.
 */
/** The `METRICS_TOKEN` every test process runs with. */
export const TEST_METRICS_TOKEN = 'test-metrics-token-0123456789';

export async function startAppProcess(options: AppProcessOptions): Promise<AppProcess> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), `rt-proc-${options.label.replace(/[^a-z0-9]/gi, '')}-`));
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    PORT: String(port),
    DATA_DIR: dataDir,
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl ?? REDIS_URL,
    QUEUE_PREFIX: options.prefix,
    DATA_ENCRYPTION_KEY: TEST_KEY,
    ROUNDTABLE_ROLE: options.role ?? 'all',
    // /metrics is served only with a token (tests that read it send `metricsHeaders`).
    METRICS_TOKEN: TEST_METRICS_TOKEN,
    ...(options.slack
      ? {
          SLACK_SIGNING_SECRET: options.slack.signingSecret,
          SLACK_BOT_TOKEN: options.slack.botToken,
          SLACK_API_URL: options.slack.apiUrl,
        }
      : {}),
    ...options.env,
  };
  const { child, output, exited } = startChild(
    process.execPath,
    ['--import', 'tsx', 'src/main.ts'],
    cleanEnv(env),
  );
  let done = false;
  const finished = exited.then((run) => {
    done = true;
    rmSync(dataDir, { recursive: true, force: true });
    return run;
  });
  const pid = child.pid!;
  const kill = (signal: NodeJS.Signals = 'SIGTERM') => {
    if (done) return;
    try {
      // Negative pid: the whole process group (startChild makes the child a group leader).
      process.kill(-pid, signal);
    } catch {
      // Already gone.
    }
  };
  const app: AppProcess = {
    label: options.label,
    pid,
    port,
    url: `http://127.0.0.1:${port}`,
    output,
    kill,
    exited: finished,
    running: () => !done,
    async stop(timeoutMs = 30_000) {
      kill('SIGTERM');
      const timer = setTimeout(() => kill('SIGKILL'), timeoutMs);
      try {
        return await finished;
      } finally {
        clearTimeout(timer);
      }
    },
  };
  if (options.waitReady ?? true) {
    try {
      await Promise.race([
        waitForStatus(`${app.url}/readyz`, 200, options.readyTimeoutMs ?? 60_000),
        finished.then((run) => {
          throw new Error(`exited with ${run.code ?? run.signal} before it was ready`);
        }),
      ]);
    } catch (error) {
      kill('SIGKILL');
      await finished;
      throw new Error(
        `app process ${options.label} did not become ready: ${(error as Error).message}\n${tail(output())}`,
      );
    }
  }
  return app;
}

/** The last lines of a process's output, for assertion messages. */
export function tail(text: string, lines = 40): string {
  return text.trim().split('\n').slice(-lines).join('\n');
}

/** Keeps every process a test started, so `afterAll` can kill them all whatever happened. */
export class AppProcessGroup {
  private readonly all: AppProcess[] = [];

  async start(options: AppProcessOptions): Promise<AppProcess> {
    const app = await startAppProcess(options);
    this.all.push(app);
    return app;
  }

  /** SIGKILL every process still running and wait for each to exit. */
  async killAll(): Promise<void> {
    for (const app of this.all) app.kill('SIGKILL');
    await Promise.all(this.all.map((a) => a.exited));
  }
}
