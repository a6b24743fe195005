import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/log.js';

/** A real pino logger writing into memory, so tests can scan every line (for leaks) or assert on events. */
export function captureLogs(level = 'debug'): { logger: Logger; lines: string[]; text(): string } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      for (const line of String(chunk).split('\n')) if (line.trim()) lines.push(line);
      cb();
    },
  });
  const logger = createLogger(level, stream as unknown as Parameters<typeof createLogger>[1]);
  return { logger, lines, text: () => lines.join('\n') };
}
