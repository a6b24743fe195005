import { Writable } from 'node:stream';
import { STALL_MESSAGE } from '../../src/app.js';
import { createLogger, type Logger } from '../../src/log.js';

/**
 * A real pino logger writing into memory, so tests can scan every line (for leaks) or assert on events. The PGlite
 * watchdog's report also goes to stderr, so a test that hangs on the embedded database shows why at once.
 */
export function captureLogs(level = 'debug'): { logger: Logger; lines: string[]; text(): string } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      for (const line of String(chunk).split('\n')) {
        if (!line.trim()) continue;
        lines.push(line);
        if (line.includes(STALL_MESSAGE)) process.stderr.write(`${line}\n`);
      }
      cb();
    },
  });
  const logger = createLogger(level, stream as unknown as Parameters<typeof createLogger>[1]);
  return { logger, lines, text: () => lines.join('\n') };
}
