/**
 * Structured JSON logs (pino) with two layers of protection:
 * - `redact` for the well-known secret-bearing paths (request headers);
 * - a deep scrub of every log object: any key that names a secret or text a person wrote is replaced with
 *   "[redacted]", at any depth. pino's `redact` cannot search deeply (see docs/PITFALLS.md), hence the scrub.
 * Log *messages* are fixed strings written by us: never interpolate personal text into them.
 */
import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger };

/** Keys whose values are never logged. Matched case-insensitively against the whole key. */
const SENSITIVE_KEY =
  /^(token|.*token|.*secret.*|.*password.*|authorization|cookie|x-slack-signature|signature|text|reflection|reflections|values|body|rawbody|answer|answers|note|content|ciphertext|plaintext|code|invite_?code|email|display_?name|name|title|topic|where|signpost|org)$/i;

const MAX_DEPTH = 8;

function scrub(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth > MAX_DEPTH) return '[deep]';
  if (value instanceof Error) {
    return { type: value.name, message: value.message, stack: value.stack };
  }
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = SENSITIVE_KEY.test(k) ? '[redacted]' : scrub(v, depth + 1);
  }
  return out;
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-slack-signature"]'],
        censor: '[redacted]',
      },
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => scrub(object, 0) as Record<string, unknown>,
      },
    },
    destination,
  );
}

/** A URL with its password hidden, for logs. */
export function safeUrl(raw: string): string {
  try {
    const u = new URL(raw);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '[unparseable url]';
  }
}
