/**
 * One `WebClient` per workspace, cached, all pointed at `SLACK_API_URL`. Clients reject rate-limited calls
 * (`rejectRateLimitedCalls`) instead of pausing their queue, so a 429 reaches the job queue as `RateLimited` and
 * the queue owns the retry. The client's own retries cover network failures only, and their number is configurable.
 */
import { type Logger as SlackLogger, LogLevel } from '@slack/bolt';
import {
  ErrorCode,
  type FetchFunction,
  type RetryOptions,
  WebClient,
  type WebClientOptions,
} from '@slack/web-api';
import { Unauthorized } from '../../src/errors.js';
import type { Logger } from '../../src/log.js';
import type { BotCredentials } from './installation.repository.js';
import { isNoAnswer, withinMs } from '../../src/http/answer-timeout.js';

export interface WebClientPoolOptions {
  apiUrl: string;
  /** Retries for network failures (not HTTP errors, not 429). 0 in tests so a failing fake fails fast. */
  retries: number;
  /** How long a call may wait for Slack's answer to begin; default {@link SLACK_ANSWER_TIMEOUT_MS}. */
  timeoutMs?: number;
  logger: Logger;
  /** The bot credentials of a workspace, or undefined when it is not installed. */
  credentials: (workspaceId: string) => Promise<BotCredentials | undefined>;
}

export interface WorkspaceClient {
  client: WebClient;
  credentials: BotCredentials;
}

export class WebClientPool {
  private readonly clients = new Map<string, Promise<WorkspaceClient | undefined>>();
  readonly clientOptions: WebClientOptions;

  constructor(private readonly options: WebClientPoolOptions) {
    this.clientOptions = webClientOptions(options.apiUrl, options.retries, options.logger, options.timeoutMs);
  }

  /** The cached client of a workspace. Throws `Unauthorized` when the workspace has no installation. */
  async forWorkspace(workspaceId: string): Promise<WorkspaceClient> {
    let entry = this.clients.get(workspaceId);
    if (!entry) {
      entry = this.options
        .credentials(workspaceId)
        .then((credentials) =>
          credentials
            ? { client: new WebClient(credentials.token, this.clientOptions), credentials }
            : undefined,
        );
      this.clients.set(workspaceId, entry);
    }
    const found = await entry.catch((error: unknown) => {
      this.clients.delete(workspaceId);
      throw error;
    });
    if (!found) {
      // Not cached: a later install must be picked up.
      this.clients.delete(workspaceId);
      throw new Unauthorized('Roundtable is not installed in this Slack workspace');
    }
    return found;
  }

  /** A client for a token we hold outside the pool (OAuth, start-up checks). Not cached. */
  forToken(token?: string): WebClient {
    return new WebClient(token, this.clientOptions);
  }

  /** Forget a workspace's client (uninstalled, token revoked). */
  evict(workspaceId: string): void {
    this.clients.delete(workspaceId);
  }
}

/** How long a Web API call may wait for Slack's answer to begin before it is given up. */
export const SLACK_ANSWER_TIMEOUT_MS = 15_000;

/**
 * `fetch` with one timer per call (`withinMs`), cleared as soon as Slack's answer begins: the WebClient's own
 * `timeout` would leave an `AbortSignal.timeout` timer behind every call. A body that stalls after the headers is
 * left to undici's own body timeout.
 */
export function answerTimedFetch(timeoutMs: number): FetchFunction {
  // Node's Response is the WHATWG one the WebClient expects (its `FetchResponse` is a structural subset).
  return (url, init) =>
    withinMs(timeoutMs, (signal) => fetch(url, { ...init, signal })) as unknown as ReturnType<FetchFunction>;
}

/** Options shared by every WebClient the adapter (and Bolt, and OAuth) builds. */
export function webClientOptions(
  apiUrl: string,
  retries: number,
  logger: Logger,
  timeoutMs = SLACK_ANSWER_TIMEOUT_MS,
): WebClientOptions {
  // The WebClient hands `retryConfig` to p-retry, which also honours `onFailedAttempt` (not in the type).
  const retryConfig: RetryOptions & { onFailedAttempt: (error: Error) => void } = {
    retries,
    minTimeout: 250,
    maxTimeout: 2_000,
    factor: 2,
    // Only network failures are retried here: an HTTP error or a 429 goes straight to the job queue, and so does
    // a call Slack took and never answered (a message it may have posted must not be posted again).
    onFailedAttempt: (error) => {
      if ((error as { code?: string }).code !== ErrorCode.RequestError || isNoAnswer(error)) throw error;
    },
  };
  return {
    slackApiUrl: apiUrl,
    rejectRateLimitedCalls: true,
    logger: slackLogger(logger),
    retryConfig,
    fetch: answerTimedFetch(timeoutMs),
  };
}

/**
 * The Slack libraries' logger interface over pino. Their debug lines interpolate request bodies (a person's words)
 * into the message string, where redaction cannot reach: debug is dropped, info is demoted to debug.
 */
export function slackLogger(logger: Logger): SlackLogger {
  const child = logger.child({ component: 'slack' });
  let level = LogLevel.INFO;
  const text = (args: unknown[]) => args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ');
  return {
    debug: () => {},
    info: (...args) => child.debug(text(args)),
    warn: (...args) => child.warn(text(args)),
    error: (...args) => child.error(text(args)),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
