/**
 * Direct calls to the Bot Connector REST API (`{serviceUrl}/v3/...`) for sending outside a turn (proactive
 * messages, updates, rosters). Used instead of botframework-connector's client because that client retries
 * 429s itself (up to three times, waiting out Retry-After): a fan-out must hand the 429 to the job queue, which
 * parks only that workspace's job. Every failure becomes a typed error (see `connector-errors.ts`).
 */
import { Transient, Unauthorized } from '../../src/errors.js';
import { isNoAnswer, withinMs } from '../../src/http/answer-timeout.js';
import { connectorError, networkError } from './connector-errors.js';

/** A Bot Framework bearer token for outbound calls, or undefined when authentication is off (local testing). */
export type TokenProvider = () => Promise<string | undefined>;

export interface ChannelAccount {
  id: string;
  name?: string;
  aadObjectId?: string;
  email?: string;
  userPrincipalName?: string;
  userRole?: string;
  tenantId?: string;
}

export interface PagedMembers {
  members: ChannelAccount[];
  continuationToken?: string;
}

/** A Bot Framework activity as sent (the subset we build). */
export interface OutgoingActivity {
  type: 'message';
  id?: string;
  text?: string;
  summary?: string;
  attachments?: { contentType: string; content: unknown }[];
  [key: string]: unknown;
}

/** How long a call may take, headers and body, before it is given up. */
export const CONNECTOR_TIMEOUT_MS = 15_000;

export class BotConnectorClient {
  /**
   * `allowServiceUrl`, when given, is asked before every call: a refused URL is never called (unauthenticated
   * local testing allows loopback only, so no token or text can be sent to a forged serviceUrl).
   */
  constructor(
    private readonly token: TokenProvider,
    private readonly allowServiceUrl?: (serviceUrl: string) => boolean,
    private readonly timeoutMs = CONNECTOR_TIMEOUT_MS,
  ) {}

  /** `POST /v3/conversations`: open (or find) the 1:1 chat between the bot and a person. */
  async createConversation(
    serviceUrl: string,
    params: { botId: string; memberId: string; tenantId: string },
  ): Promise<{ id: string }> {
    const body = {
      isGroup: false,
      bot: { id: params.botId },
      members: [{ id: params.memberId }],
      tenantId: params.tenantId,
      channelData: { tenant: { id: params.tenantId } },
    };
    return this.call<{ id: string }>('createConversation', 'POST', serviceUrl, '/v3/conversations', body);
  }

  /** `POST /v3/conversations/{id}/activities`: a new message in a conversation (a new post in a channel). */
  async sendActivity(
    serviceUrl: string,
    conversationId: string,
    activity: OutgoingActivity,
  ): Promise<{ id: string }> {
    return this.call<{ id: string }>(
      'sendActivity',
      'POST',
      serviceUrl,
      `/v3/conversations/${encodeURIComponent(conversationId)}/activities`,
      activity,
    );
  }

  /** `PUT /v3/conversations/{id}/activities/{activityId}`: replace a message the bot sent. */
  async updateActivity(
    serviceUrl: string,
    conversationId: string,
    activityId: string,
    activity: OutgoingActivity,
  ): Promise<void> {
    await this.call(
      'updateActivity',
      'PUT',
      serviceUrl,
      `/v3/conversations/${encodeURIComponent(conversationId)}/activities/${encodeURIComponent(activityId)}`,
      { ...activity, id: activityId },
    );
  }

  /** `GET /v3/conversations/{id}/pagedmembers`: one page of a conversation's (or a team's) members. */
  async getPagedMembers(
    serviceUrl: string,
    conversationId: string,
    pageSize: number,
    continuationToken?: string,
  ): Promise<PagedMembers> {
    const query = new URLSearchParams({ pageSize: String(pageSize) });
    if (continuationToken) query.set('continuationToken', continuationToken);
    return this.call<PagedMembers>(
      'getPagedMembers',
      'GET',
      serviceUrl,
      `/v3/conversations/${encodeURIComponent(conversationId)}/pagedmembers?${query}`,
    );
  }

  /** `GET /v3/conversations/{id}/members/{userId}`: one member (the user id may be an AAD object id). */
  async getMember(serviceUrl: string, conversationId: string, userId: string): Promise<ChannelAccount> {
    return this.call<ChannelAccount>(
      'getMember',
      'GET',
      serviceUrl,
      `/v3/conversations/${encodeURIComponent(conversationId)}/members/${encodeURIComponent(userId)}`,
    );
  }

  private async call<T>(
    operation: string,
    method: 'GET' | 'POST' | 'PUT',
    serviceUrl: string,
    path: string,
    body?: unknown,
  ): Promise<T> {
    if (this.allowServiceUrl && !this.allowServiceUrl(serviceUrl)) {
      throw new Unauthorized(`${operation}: the service URL is not allowed here`);
    }
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json; charset=utf-8';
    const token = await this.token();
    if (token) headers.authorization = `Bearer ${token}`;
    // One timer for the whole call, answer read included (`withinMs`).
    return withinMs(this.timeoutMs, async (signal) => {
      let res: Response;
      try {
        res = await fetch(joinUrl(serviceUrl, path), {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
          signal,
        });
      } catch (error) {
        throw failure(operation, error);
      }
      if (!res.ok) {
        // Only a 403's body is read (a few hundred bytes at most): its subCode tells "blocked" from "removed".
        const text = res.status === 403 ? await res.text().catch(() => '') : '';
        if (res.status !== 403) await res.body?.cancel().catch(() => {});
        throw connectorError(
          res.status,
          res.headers.get('retry-after'),
          operation,
          new Date(),
          text.slice(0, 2000),
        );
      }
      let text: string;
      try {
        text = await res.text();
      } catch (error) {
        throw failure(operation, error);
      }
      return (text ? JSON.parse(text) : {}) as T;
    });
  }
}

/**
 * A call that failed on the way: a network failure is worth a retry, except a new message that timed out after
 * it was sent: the connector may have accepted it, so it is "maybe delivered" and not sent again.
 */
function failure(operation: string, error: unknown): Transient {
  const timedOut = isNoAnswer(error);
  if (timedOut && operation === 'sendActivity') {
    return new Transient(`Teams connector ${operation} timed out: it may have arrived`, undefined, true);
  }
  return networkError(operation, timedOut ? new Error('timed out') : error);
}

function joinUrl(serviceUrl: string, path: string): string {
  return `${serviceUrl.replace(/\/+$/, '')}${path}`;
}
