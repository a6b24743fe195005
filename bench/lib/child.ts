/**
 * Heavy work runs in a child process so its memory and CPU are its own. A child script is a TypeScript file run
 * with `node --import tsx`; it takes one JSON argument and ends by printing one line `BENCH_RESULT <json>`
 * (see {@link reportResult}). Anything else it prints is kept for error messages.
 */
import { spawn } from 'node:child_process';
import { ROOT } from '../../test/helpers/child.js';

const MARK = 'BENCH_RESULT ';

/** In a child: print the result for the parent and exit. */
export function reportResult(result: unknown): void {
  process.stdout.write(`${MARK}${JSON.stringify(result)}\n`);
}

/** In a child: the JSON argument the parent passed. */
export function childInput<T>(): T {
  const raw = process.argv[2];
  if (!raw) throw new Error('expected one JSON argument');
  return JSON.parse(raw) as T;
}

/**
 * Run a child script to completion and return what it reported.
 * @param script path relative to the repository root, e.g. `bench/matching/child.ts`.
 * @param input passed as the JSON argument.
 * @param options extra environment and a time bound (the child is killed after it).
 */
export function runChild<T>(
  script: string,
  input: unknown,
  options: { env?: Record<string, string>; timeoutMs: number },
): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(input)], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} took longer than ${options.timeoutMs / 1000} s; killed`));
    }, options.timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((l) => l.startsWith(MARK));
      if (code !== 0 || !line) {
        reject(new Error(`${script} exited ${code}: ${(stderr || stdout).trim().slice(-1500)}`));
        return;
      }
      resolve(JSON.parse(line.slice(MARK.length)) as T);
    });
  });
}
