/**
 * The environment, parsed and validated once. Nothing else in the codebase reads `process.env`:
 * everything is handed its part of {@link Config}.
 */
import { z } from 'zod';
import { type TeamsRegistration, teamsAppType, teamsRegistrations } from './teams-config.js';

export type { TeamsAppType, TeamsRegistration } from './teams-config.js';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], {
    errorMap: () => ({ message: 'must be true or false' }),
  })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const url = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}` },
  );

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce
    .number({ invalid_type_error: 'must be a number' })
    .int('must be a whole number')
    .min(0, 'must be between 0 and 65535')
    .max(65535, 'must be between 0 and 65535')
    .default(3000),
  HOST: optionalText.pipe(
    z
      .string()
      .regex(
        /^[A-Za-z0-9.:_-]{1,253}$/,
        'must be an address or name to listen on, such as 127.0.0.1 or 0.0.0.0',
      )
      .optional(),
  ),
  DATABASE_URL: optionalText.pipe(url(['postgres:', 'postgresql:']).optional()),
  DATA_DIR: z.string().min(1).default('./data'),
  REDIS_URL: url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
  REDIS_CLUSTER: bool.default('false'),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, "-" or "_"')
    .default('roundtable'),
  DATA_ENCRYPTION_KEY: optionalText.pipe(
    z
      .string()
      .refine((v) => Buffer.from(v, 'base64').length === 32, { message: 'must be 32 bytes, base64-encoded' })
      .optional(),
  ),
  DATA_ENCRYPTION_PREVIOUS_KEYS: optionalText.pipe(
    z
      .string()
      .refine((v) => v.split(',').every((k) => Buffer.from(k.trim(), 'base64').length === 32), {
        message: 'must be a comma-separated list of 32-byte base64 keys',
      })
      .optional(),
  ),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_BOT_TOKEN: optionalText.pipe(
    z.string().startsWith('xoxb-', 'must be a bot token starting with xoxb-').optional(),
  ),
  SLACK_CLIENT_ID: optionalText,
  SLACK_CLIENT_SECRET: optionalText,
  SLACK_STATE_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText.pipe(
    z.string().startsWith('xapp-', 'must be an app-level token starting with xapp-').optional(),
  ),
  SLACK_API_URL: url(['http:', 'https:'])
    .default('https://slack.com/api/')
    .transform((v) => (v.endsWith('/') ? v : `${v}/`)),
  TEAMS_APP_ID: optionalText,
  TEAMS_APP_PASSWORD: optionalText,
  TEAMS_TENANT_ID: optionalText,
  TEAMS_APP_TYPE: teamsAppType.default('SingleTenant'),
  TEAMS_ALLOW_UNAUTHENTICATED: bool.default('false'),
  /** Test hooks for Bot Framework token validation against a local JWKS (see docs/PITFALLS.md). */
  TEAMS_OPENID_METADATA_URL: optionalText.pipe(url(['http:', 'https:']).optional()),
  TEAMS_TOKEN_ISSUER: optionalText,
  SLACK_SEND_RATE: z.coerce
    .number({ invalid_type_error: 'must be a number' })
    .positive('must be more than 0')
    .max(1000, 'must be at most 1000')
    .default(20),
  TEAMS_SEND_RATE: z.coerce
    .number({ invalid_type_error: 'must be a number' })
    .positive('must be more than 0')
    .max(1000, 'must be at most 1000')
    .default(25),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      errorMap: () => ({ message: 'must be one of fatal, error, warn, info, debug, trace, silent' }),
    })
    .default('info'),
  ROUNDTABLE_ROLE: z
    .enum(['all', 'web', 'worker'], { errorMap: () => ({ message: 'must be all, web or worker' }) })
    .default('all'),
  PUBLIC_URL: optionalText.pipe(url(['http:', 'https:']).optional()),
  METRICS_TOKEN: optionalText.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
});

const EXAMPLES: Record<string, string> = {
  NODE_ENV: 'production',
  PORT: '3000',
  HOST: '127.0.0.1',
  DATABASE_URL: 'postgres://roundtable@127.0.0.1:5432/roundtable',
  DATA_DIR: './data',
  REDIS_URL: 'redis://127.0.0.1:6379',
  REDIS_CLUSTER: 'true',
  QUEUE_PREFIX: 'roundtable',
  DATA_ENCRYPTION_KEY: '$(openssl rand -base64 32)',
  SLACK_BOT_TOKEN: 'xoxb-1234-5678-abcdef',
  SLACK_APP_TOKEN: 'xapp-1-A123-456-abcdef',
  SLACK_API_URL: 'https://slack.com/api/',
  TEAMS_APP_TYPE: 'SingleTenant',
  TEAMS_ALLOW_UNAUTHENTICATED: 'false',
  TEAMS_OPENID_METADATA_URL: 'https://login.botframework.com/v1/.well-known/openidconfiguration',
  SLACK_SEND_RATE: '20',
  TEAMS_SEND_RATE: '25',
  LOG_LEVEL: 'info',
  ROUNDTABLE_ROLE: 'all',
  PUBLIC_URL: 'https://roundtable.example.org',
  METRICS_TOKEN: '$(openssl rand -hex 24)',
};

type Env = z.infer<typeof schema>;

export interface SlackConfig {
  signingSecret: string;
  botToken?: string;
  clientId?: string;
  clientSecret?: string;
  stateSecret?: string;
  appToken?: string;
  apiUrl: string;
}

export interface TeamsConfig {
  /** Every registration, the unnumbered one first. Empty only in unauthenticated local testing. */
  registrations: TeamsRegistration[];
  allowUnauthenticated: boolean;
  openIdMetadataUrl?: string;
  tokenIssuer?: string;
}

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  /**
   * The address to listen on (`HOST`). Defaults to 127.0.0.1 when the sandbox is served (it has no login), and to
   * every interface otherwise.
   */
  host?: string;
  databaseUrl?: string;
  dataDir: string;
  redisUrl: string;
  /** True when REDIS_URL was not set, so the default is in use (the dev starter may then run a private Redis). */
  redisUrlDefaulted: boolean;
  /** REDIS_URL is one node of a Redis Cluster (the others are found from it). */
  redisCluster: boolean;
  queuePrefix: string;
  /** Base64 key, or undefined: then a development key is generated into DATA_DIR (refused in production). */
  dataEncryptionKey?: string;
  /** Older keys still needed to read rows written before a rotation. */
  previousEncryptionKeys: string[];
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  role: 'all' | 'web' | 'worker';
  /** Where people reach this server (record links). Defaults to http://localhost:PORT; required in production. */
  publicUrl: string;
  /** `/metrics` answers only requests with `Authorization: Bearer <token>`; unset, it is not served at all. */
  metricsToken?: string;
  /** Messages per second per workspace the outbox may send, by platform (kept under the platforms' limits). */
  sendRates: { slack: number; teams: number };
  /** Undefined when Slack is not configured: the adapter is then not mounted. */
  slack?: SlackConfig;
  /** Undefined when Teams is not configured (and unauthenticated mode is off). */
  teams?: TeamsConfig;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

/** Parse and validate the environment. Throws {@link ConfigError} listing one plain line per bad variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = new Map<string, string>();
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? 'environment');
      if (!problems.has(name)) problems.set(name, describe(name, env[name], issue.message));
    }
    throw new ConfigError([...problems.values()]);
  }
  const e = parsed.data;
  const teams = teamsRegistrations(env, e.TEAMS_APP_TYPE);
  const problems = [...crossChecks(e, env.NODE_ENV), ...teams.problems];
  if (problems.length > 0) throw new ConfigError(problems);
  return toConfig(e, teams.registrations, !env.REDIS_URL?.trim());
}

function describe(name: string, value: string | undefined, message: string): string {
  const example = EXAMPLES[name] ? ` (for example ${name}=${EXAMPLES[name]})` : '';
  const shown = value === undefined ? '' : ` (got "${isSecret(name) ? '***' : value}")`;
  return `${name} ${message}${shown}${example}`;
}

function isSecret(name: string): boolean {
  return /SECRET|TOKEN|PASSWORD|KEY/.test(name);
}

function crossChecks(e: Env, rawNodeEnv: string | undefined): string[] {
  const problems: string[] = [];
  // Unsigned Teams requests are for a developer's own machine: NODE_ENV must say so, never by default.
  if (e.TEAMS_ALLOW_UNAUTHENTICATED && rawNodeEnv !== 'development' && rawNodeEnv !== 'test') {
    problems.push(
      `TEAMS_ALLOW_UNAUTHENTICATED=true needs NODE_ENV=development or NODE_ENV=test set explicitly${rawNodeEnv ? ` (got "${rawNodeEnv}")` : ' (it is not set)'}: it accepts forged Teams requests, so it is for local testing only (set TEAMS_APP_ID and TEAMS_APP_PASSWORD instead)`,
    );
  }
  const slackWanted = e.SLACK_BOT_TOKEN || e.SLACK_CLIENT_ID || e.SLACK_APP_TOKEN;
  if (slackWanted && !e.SLACK_SIGNING_SECRET) {
    problems.push(
      'SLACK_SIGNING_SECRET is required when Slack is configured (find it under Basic Information in your Slack app)',
    );
  }
  if (e.SLACK_APP_TOKEN && !e.SLACK_BOT_TOKEN) {
    problems.push(
      'SLACK_BOT_TOKEN is required with SLACK_APP_TOKEN: Socket Mode runs with the single-workspace bot token (OAuth installs need the public HTTP endpoints instead)',
    );
  }
  if (e.SLACK_CLIENT_ID && (!e.SLACK_CLIENT_SECRET || !e.SLACK_STATE_SECRET)) {
    problems.push(
      'SLACK_CLIENT_SECRET and SLACK_STATE_SECRET are required with SLACK_CLIENT_ID for OAuth installs (for example SLACK_STATE_SECRET=$(openssl rand -hex 16))',
    );
  }
  if (e.NODE_ENV === 'production') {
    if (!e.DATA_ENCRYPTION_KEY) {
      problems.push(
        'DATA_ENCRYPTION_KEY is required when NODE_ENV=production (for example DATA_ENCRYPTION_KEY=$(openssl rand -base64 32))',
      );
    }
    if (!e.DATABASE_URL) {
      problems.push(
        'DATABASE_URL is required when NODE_ENV=production: the embedded database is for trying Roundtable and small single-process set-ups (for example DATABASE_URL=postgres://roundtable:PASSWORD@db.example.org:5432/roundtable)',
      );
    }
    if (!e.PUBLIC_URL) {
      problems.push(
        'PUBLIC_URL is required when NODE_ENV=production: the address people reach Roundtable at, used in links it sends (for example PUBLIC_URL=https://roundtable.example.org)',
      );
    }
  }
  return problems;
}

function toConfig(e: Env, registrations: TeamsRegistration[], redisUrlDefaulted: boolean): Config {
  // The signing secret alone mounts Slack: its URL verification can then be answered before a token exists.
  const slackOn = Boolean(e.SLACK_SIGNING_SECRET);
  const teamsOn = registrations.length > 0 || e.TEAMS_ALLOW_UNAUTHENTICATED;
  // The sandbox has no login: unless told otherwise it listens on this machine only.
  const sandbox = !slackOn && !teamsOn && e.NODE_ENV !== 'production';
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST ?? (sandbox ? '127.0.0.1' : undefined),
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    redisUrl: e.REDIS_URL,
    redisUrlDefaulted,
    redisCluster: e.REDIS_CLUSTER,
    queuePrefix: e.QUEUE_PREFIX,
    dataEncryptionKey: e.DATA_ENCRYPTION_KEY,
    previousEncryptionKeys: e.DATA_ENCRYPTION_PREVIOUS_KEYS?.split(',').map((k) => k.trim()) ?? [],
    logLevel: e.LOG_LEVEL,
    role: e.ROUNDTABLE_ROLE,
    sendRates: { slack: e.SLACK_SEND_RATE, teams: e.TEAMS_SEND_RATE },
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    metricsToken: e.METRICS_TOKEN,
    slack: slackOn
      ? {
          signingSecret: e.SLACK_SIGNING_SECRET!,
          botToken: e.SLACK_BOT_TOKEN,
          clientId: e.SLACK_CLIENT_ID,
          clientSecret: e.SLACK_CLIENT_SECRET,
          stateSecret: e.SLACK_STATE_SECRET,
          appToken: e.SLACK_APP_TOKEN,
          apiUrl: e.SLACK_API_URL,
        }
      : undefined,
    teams: teamsOn
      ? {
          registrations,
          allowUnauthenticated: e.TEAMS_ALLOW_UNAUTHENTICATED,
          openIdMetadataUrl: e.TEAMS_OPENID_METADATA_URL,
          tokenIssuer: e.TEAMS_TOKEN_ISSUER,
        }
      : undefined,
  };
}

/** The process environment: the one place that reads it. */
export function processEnv(): Record<string, string | undefined> {
  return process.env;
}

/**
 * For entry points: the parsed configuration, or one plain line per bad variable on stderr and exit code 2
 * (no stack trace: operators read this first).
 */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig(processEnv());
  } catch (error) {
    if (error instanceof ConfigError) {
      for (const line of error.problems) process.stderr.write(`${line}\n`);
      process.exit(2);
    }
    throw error;
  }
}
