/**
 * A fake Bot Framework connector (`{serviceUrl}/v3/...`) on a free loopback port, for end-to-end tests and
 * benchmarks. It records every call with its body, keeps conversations and their activities, serves paged
 * rosters, and can be told to fail: answer 429 with Retry-After (or any status) for the next N calls, or
 * rate-limit each tenant with a token bucket.
 *
 * Usage: `const bc = new FakeBotConnector(); await bc.start(); ... serviceUrl: bc.url ...; await bc.stop();`
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  method: string;
  /** Path without the query string, e.g. `/v3/conversations/a:1/activities/42`. */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  /** The status the fake answered. */
  status: number;
  at: number;
}

export interface RosterMember {
  id: string;
  name?: string;
  aadObjectId?: string;
  email?: string;
  userPrincipalName?: string;
  tenantId?: string;
  userRole?: string;
}

export interface StoredActivity {
  id: string;
  conversationId: string;
  replyToId?: string;
  body: Record<string, unknown>;
  /** Bodies of later PUTs, newest last. */
  updates: Record<string, unknown>[];
}

export interface FailureSpec {
  /** HTTP status to answer, default 429. */
  status?: number;
  /** Retry-After header value in seconds (omitted when undefined). */
  retryAfterSeconds?: number;
  /** Only calls whose `METHOD path` matches (e.g. /activities/). Default: every call. */
  match?: RegExp;
  /** The JSON body to answer with (default: a `Throttled` error). */
  body?: unknown;
  /** Take the request and never answer it (the connection stays open until the fake stops). */
  noAnswer?: boolean;
}

export class FakeBotConnector {
  readonly calls: RecordedCall[] = [];
  readonly activities = new Map<string, StoredActivity>();
  /** Conversations created with POST /v3/conversations: id → body. */
  readonly conversations = new Map<string, Record<string, unknown>>();
  private server: Server | undefined;
  private port = 0;
  private nextId = 1;
  private failures: { remaining: number; spec: FailureSpec }[] = [];
  private rosters = new Map<string, RosterMember[]>();
  private defaultRoster: RosterMember[] = [];
  private buckets = new Map<string, { tokens: number; last: number }>();
  private rateLimit: { perSecond: number; burst: number } | undefined;
  private maxPageSize = 500;

  /** Base URL to use as the activities' `serviceUrl` (no trailing slash). */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
  }

  /** Answer the next `count` matching calls with a failure (default: 429 with `Retry-After: 1`). */
  failNext(count: number, spec: FailureSpec = {}): void {
    this.failures.push({ remaining: count, spec: { status: 429, retryAfterSeconds: 1, ...spec } });
  }

  /** The members a conversation or team id lists (`pagedmembers`, `members/{id}`). Without an id: for all. */
  setRoster(members: RosterMember[], conversationId?: string): void {
    if (conversationId) this.rosters.set(conversationId, members);
    else this.defaultRoster = members;
  }

  /** Teams may return fewer members per page than asked: cap pages to exercise continuation tokens. */
  setMaxPageSize(n: number): void {
    this.maxPageSize = n;
  }

  /** Rate-limit per tenant (the `tenantId` in bodies or the conversation's tenant); undefined turns it off. */
  setRateLimit(limit: { perSecond: number; burst: number } | undefined): void {
    this.rateLimit = limit;
    this.buckets.clear();
  }

  /** Calls matching a method and a path pattern. */
  callsTo(method: string, path: RegExp): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && path.test(c.path));
  }

  /** Activities sent (POST) to a conversation, oldest first. */
  sentTo(conversationId: string): StoredActivity[] {
    return [...this.activities.values()].filter((a) => a.conversationId === conversationId);
  }

  reset(): void {
    this.calls.length = 0;
    this.activities.clear();
    this.conversations.clear();
    this.failures = [];
    this.buckets.clear();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<unknown> {
    const raw = await readBody(req);
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    const url = new URL(req.url ?? '/', 'http://fake');
    const call: RecordedCall = {
      method: req.method ?? 'GET',
      path: decodeURIComponent(url.pathname),
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body,
      status: 0,
      at: Date.now(),
    };
    this.calls.push(call);
    const answer = (status: number, json: unknown, headers: Record<string, string> = {}) => {
      call.status = status;
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(json === undefined ? '' : JSON.stringify(json));
      return true as const;
    };

    const failure = this.failures.find(
      (f) => f.remaining > 0 && (!f.spec.match || f.spec.match.test(`${call.method} ${call.path}`)),
    );
    if (failure) {
      failure.remaining -= 1;
      if (failure.spec.noAnswer) return true;
      const headers: Record<string, string> = {};
      if (failure.spec.retryAfterSeconds !== undefined)
        headers['retry-after'] = String(failure.spec.retryAfterSeconds);
      return answer(
        failure.spec.status ?? 429,
        failure.spec.body ?? { error: { code: 'Throttled', message: 'fake failure' } },
        headers,
      );
    }
    if (this.rateLimit && !this.take(this.tenantOf(call))) {
      return answer(
        429,
        { error: { code: 'Throttled' } },
        { 'retry-after': String(Math.ceil(1 / this.rateLimit.perSecond)) },
      );
    }
    return this.route(call, answer);
  }

  private route(call: RecordedCall, answer: (status: number, json: unknown) => true): true {
    const parts = call.path.split('/').filter(Boolean); // ['v3', 'conversations', id, ...]
    if (parts[0] !== 'v3' || parts[1] !== 'conversations')
      return answer(404, { error: { code: 'NotFound' } });
    const body = (call.body ?? {}) as Record<string, unknown>;
    if (parts.length === 2 && call.method === 'POST') {
      const id = `a:fake-${this.nextId++}`;
      this.conversations.set(id, body);
      return answer(201, { id, activityId: undefined, serviceUrl: this.url });
    }
    const conversationId = parts[2]!;
    const rest = parts.slice(3);
    if (rest[0] === 'activities' && call.method === 'POST') {
      const id = `act-${this.nextId++}`;
      this.activities.set(id, { id, conversationId, replyToId: rest[1], body, updates: [] });
      return answer(201, { id });
    }
    if (rest[0] === 'activities' && rest[1] && call.method === 'PUT') {
      const existing = this.activities.get(rest[1]);
      if (!existing) return answer(404, { error: { code: 'NotFound' } });
      existing.updates.push(body);
      return answer(200, { id: rest[1] });
    }
    if (rest[0] === 'pagedmembers' && call.method === 'GET') {
      const roster = this.rosters.get(conversationId) ?? this.defaultRoster;
      const pageSize = Math.min(this.maxPageSize, Math.max(1, Number(call.query.pageSize ?? 100) || 100));
      const start = Number(call.query.continuationToken ?? 0) || 0;
      const members = roster.slice(start, start + pageSize);
      const next = start + pageSize < roster.length ? String(start + pageSize) : undefined;
      return answer(200, next ? { members, continuationToken: next } : { members });
    }
    if (rest[0] === 'members' && rest[1] && call.method === 'GET') {
      const roster = this.rosters.get(conversationId) ?? this.defaultRoster;
      const all = [...roster, ...[...this.rosters.values()].flat()];
      const found = all.find((m) => m.id === rest[1] || m.aadObjectId === rest[1]);
      return found ? answer(200, found) : answer(404, { error: { code: 'MemberNotFoundInConversation' } });
    }
    if (rest[0] === 'members' && call.method === 'GET') {
      return answer(200, this.rosters.get(conversationId) ?? this.defaultRoster);
    }
    return answer(404, { error: { code: 'NotFound' } });
  }

  private tenantOf(call: RecordedCall): string {
    const body = call.body as { tenantId?: string; conversation?: { tenantId?: string } } | undefined;
    const conversationId = call.path.split('/')[3];
    const created = conversationId ? this.conversations.get(conversationId) : undefined;
    return (
      body?.tenantId ?? body?.conversation?.tenantId ?? (created?.tenantId as string | undefined) ?? 'default'
    );
  }

  private take(tenant: string): boolean {
    const limit = this.rateLimit!;
    const now = Date.now();
    const bucket = this.buckets.get(tenant) ?? { tokens: limit.burst, last: now };
    bucket.tokens = Math.min(limit.burst, bucket.tokens + ((now - bucket.last) / 1000) * limit.perSecond);
    bucket.last = now;
    this.buckets.set(tenant, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
