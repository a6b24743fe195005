/**
 * A fake Slack Web API as a real HTTP server on a free loopback port, for end-to-end tests and benchmarks.
 * Point the app at it with `SLACK_API_URL=fake.url`. It records every call (method, params, token), implements the
 * methods Roundtable uses, serves `response_url` posts at `/response/<id>` and file uploads at `/upload/<id>`,
 * and can answer 429 with `Retry-After` on demand (`failNext`) or by a per-workspace token bucket (`rateLimit`).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeSlackCall {
  method: string;
  params: Record<string, unknown>;
  token?: string;
  /** The team of the token, when the token is known. */
  teamId?: string;
}

export interface FakeResponsePost {
  id: string;
  body: Record<string, unknown>;
}

export interface FakeUser {
  id: string;
  name?: string;
  real_name?: string;
  tz?: string;
  is_admin?: boolean;
  is_owner?: boolean;
  is_bot?: boolean;
  deleted?: boolean;
  profile?: { display_name?: string; real_name?: string; email?: string };
}

export interface FakeWorkspace {
  teamId: string;
  teamName: string;
  botToken: string;
  botUserId: string;
  botId: string;
}

interface Failure {
  status: number;
  retryAfter?: number;
  error?: string;
  times: number;
  /** Never answer (`holdNext`). */
  hold?: boolean;
}

type Handler = (params: Record<string, unknown>, token: string | undefined) => Record<string, unknown>;

export class FakeSlack {
  readonly calls: FakeSlackCall[] = [];
  readonly responses: FakeResponsePost[] = [];
  readonly uploads: { id: string; body: string }[] = [];
  private server?: Server;
  private port = 0;
  private readonly workspaces = new Map<string, FakeWorkspace>();
  private readonly revoked = new Set<string>();
  /** Socket Mode: the WebSocket URL `apps.connections.open` hands out to an app-level (`xapp-`) token. */
  socketModeUrl?: string;
  private readonly users = new Map<string, FakeUser>();
  private readonly channels = new Map<string, string[]>();
  private readonly codes = new Map<string, { workspace: FakeWorkspace; installerUserId: string }>();
  private readonly failures = new Map<string, Failure[]>();
  private readonly waiters = new Set<() => void>();
  private bucket?: { perSecond: number; burst: number; state: Map<string, { tokens: number; at: number }> };
  private ts = 1_700_000_000;
  private nextId = 1;

  /** Base URL of the Web API, ending in `/` (what `SLACK_API_URL` takes). */
  get url(): string {
    return `${this.origin}/api/`;
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    this.server = undefined;
  }

  /** A workspace whose bot token the fake accepts (single-workspace mode, or what an OAuth install creates). */
  addWorkspace(workspace: FakeWorkspace): this {
    this.workspaces.set(workspace.botToken, workspace);
    this.revoked.delete(workspace.botToken);
    return this;
  }

  /** Make a token invalid (`token_revoked`), as after an uninstall. */
  revokeToken(token: string): void {
    this.revoked.add(token);
  }

  setUsers(users: FakeUser[]): this {
    for (const u of users) this.users.set(u.id, u);
    return this;
  }

  setChannelMembers(channelId: string, userIds: string[]): this {
    this.channels.set(channelId, userIds);
    return this;
  }

  /** An OAuth code that `oauth.v2.access` exchanges for this workspace's bot token. */
  addOAuthCode(code: string, workspace: FakeWorkspace, installerUserId: string): this {
    this.codes.set(code, { workspace, installerUserId });
    return this;
  }

  /**
   * Answer the next `times` calls of `method` with HTTP `status` (429 with `Retry-After: retryAfter` seconds), or
   * with HTTP 200 and `{ ok: false, error }` when `status` is 200.
   */
  failNext(method: string, status: number, retryAfter?: number, times = 1, error = 'internal_error'): void {
    const list = this.failures.get(method) ?? [];
    list.push({ status, retryAfter, times, error });
    this.failures.set(method, list);
  }

  /** Take the next `times` calls of `method` and never answer them (the connection stays open until stop). */
  holdNext(method: string, times = 1): void {
    const list = this.failures.get(method) ?? [];
    list.push({ status: 0, times, hold: true });
    this.failures.set(method, list);
  }

  /** Rate-limit every workspace with its own token bucket (429 with the seconds until the next token). */
  rateLimit(options: { perSecond: number; burst: number } | undefined): void {
    this.bucket = options ? { ...options, state: new Map() } : undefined;
  }

  /** A `response_url` served by this fake. */
  responseUrl(id: string): string {
    return `${this.origin}/response/${id}`;
  }

  callsTo(method: string): FakeSlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  reset(): void {
    this.calls.length = 0;
    this.responses.length = 0;
    this.uploads.length = 0;
    this.failures.clear();
  }

  /** Resolves when `predicate` holds (checked after every request), rejects after `timeoutMs`. */
  waitFor(predicate: () => boolean, timeoutMs = 5_000, what = 'condition'): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!predicate()) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`fake Slack: timed out waiting for ${what}`));
      }, timeoutMs);
      this.waiters.add(check);
    });
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = new URL(req.url ?? '/', this.origin).pathname;
    try {
      if (path.startsWith('/response/')) {
        this.responses.push({
          id: path.slice('/response/'.length),
          body: parseBody(raw, req.headers['content-type']),
        });
        return send(res, 200, 'ok', 'text/plain');
      }
      if (path.startsWith('/upload/')) {
        this.uploads.push({ id: path.slice('/upload/'.length), body: raw.toString('utf8') });
        return send(res, 200, `OK - ${raw.length}`, 'text/plain');
      }
      if (!path.startsWith('/api/')) return send(res, 404, 'not found', 'text/plain');
      const method = path.slice('/api/'.length);
      const params = parseBody(raw, req.headers['content-type']);
      const auth = req.headers.authorization;
      const token = auth?.startsWith('Bearer ')
        ? auth.slice(7)
        : typeof params.token === 'string'
          ? params.token
          : undefined;
      const workspace = token ? this.workspaces.get(token) : undefined;
      this.calls.push({ method, params, token, teamId: workspace?.teamId });

      const failure = this.takeFailure(method);
      if (failure) {
        if (failure.hold) return;
        if (failure.status === 200) return sendJson(res, 200, { ok: false, error: failure.error });
        const headers: Record<string, string> =
          failure.retryAfter !== undefined ? { 'retry-after': String(failure.retryAfter) } : {};
        return send(res, failure.status, 'failed', 'text/plain', headers);
      }
      if (workspace && this.bucket) {
        const wait = this.takeToken(workspace.teamId);
        if (wait > 0) return send(res, 429, 'rate limited', 'text/plain', { 'retry-after': String(wait) });
      }
      if (method === 'apps.connections.open') {
        // Called with the app-level token, not a workspace's bot token.
        if (!token?.startsWith('xapp-') || !this.socketModeUrl)
          return sendJson(res, 200, { ok: false, error: 'invalid_auth' });
        return sendJson(res, 200, { ok: true, url: this.socketModeUrl });
      }
      const handler = this.handlers[method];
      if (!handler) return sendJson(res, 200, { ok: false, error: 'unknown_method' });
      if (method !== 'oauth.v2.access') {
        if (!token || !workspace) return sendJson(res, 200, { ok: false, error: 'invalid_auth' });
        if (this.revoked.has(token)) return sendJson(res, 200, { ok: false, error: 'token_revoked' });
      }
      return sendJson(res, 200, handler(params, token));
    } finally {
      this.notify();
    }
  }

  private takeFailure(method: string): Failure | undefined {
    const list = this.failures.get(method);
    const first = list?.[0];
    if (!first) return undefined;
    first.times -= 1;
    if (first.times <= 0) list.shift();
    return first;
  }

  /** Seconds to wait before the workspace has a token again (0 = allowed now, token taken). */
  private takeToken(teamId: string): number {
    const b = this.bucket!;
    const now = Date.now();
    const s = b.state.get(teamId) ?? { tokens: b.burst, at: now };
    s.tokens = Math.min(b.burst, s.tokens + ((now - s.at) / 1000) * b.perSecond);
    s.at = now;
    b.state.set(teamId, s);
    if (s.tokens >= 1) {
      s.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - s.tokens) / b.perSecond));
  }

  private ws(token: string | undefined): FakeWorkspace {
    return this.workspaces.get(token ?? '')!;
  }

  private newTs(): string {
    this.ts += 1;
    return `${this.ts}.000100`;
  }

  private readonly handlers: Record<string, Handler> = {
    'auth.test': (_p, token) => {
      const w = this.ws(token);
      return {
        ok: true,
        url: `https://${w.teamId}.slack.test/`,
        team: w.teamName,
        team_id: w.teamId,
        user: 'roundtable',
        user_id: w.botUserId,
        bot_id: w.botId,
      };
    },
    'conversations.open': (p) => ({ ok: true, channel: { id: `D${String(p.users)}` } }),
    'chat.postMessage': (p) => ({
      ok: true,
      // As Slack does: a post to a user id lands in the bot's DM with them, whose id comes back.
      channel: typeof p.channel === 'string' && p.channel.startsWith('U') ? `D${p.channel}` : p.channel,
      ts: this.newTs(),
      message: { text: p.text },
    }),
    'chat.update': (p) => ({ ok: true, channel: p.channel, ts: p.ts }),
    'chat.postEphemeral': () => ({ ok: true, message_ts: this.newTs() }),
    'views.open': () => ({ ok: true, view: { id: `V${this.nextId++}` } }),
    'views.publish': () => ({ ok: true, view: { id: `V${this.nextId++}` } }),
    'users.info': (p) => {
      const user = this.users.get(String(p.user));
      return user ? { ok: true, user } : { ok: false, error: 'user_not_found' };
    },
    'conversations.members': (p) => {
      const members = this.channels.get(String(p.channel));
      if (!members) return { ok: false, error: 'channel_not_found' };
      const limit = Number(p.limit ?? 100) || 100;
      const start = Number(p.cursor ?? 0) || 0;
      const next = start + limit < members.length ? String(start + limit) : '';
      return {
        ok: true,
        members: members.slice(start, start + limit),
        response_metadata: { next_cursor: next },
      };
    },
    'oauth.v2.access': (p) => {
      const grant = this.codes.get(String(p.code));
      if (!grant) return { ok: false, error: 'invalid_code' };
      this.codes.delete(String(p.code));
      this.addWorkspace(grant.workspace);
      const w = grant.workspace;
      return {
        ok: true,
        access_token: w.botToken,
        token_type: 'bot',
        scope: 'commands,chat:write',
        bot_user_id: w.botUserId,
        app_id: 'A0FAKE',
        team: { id: w.teamId, name: w.teamName },
        enterprise: null,
        is_enterprise_install: false,
        authed_user: { id: grant.installerUserId },
      };
    },
    'files.getUploadURLExternal': () => {
      const id = `F${this.nextId++}`;
      return { ok: true, upload_url: `${this.origin}/upload/${id}`, file_id: id };
    },
    'files.completeUploadExternal': (p) => ({ ok: true, files: p.files }),
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Form bodies carry nested values (blocks, views) as JSON strings: decode them so tests can inspect them. */
function parseBody(raw: Buffer, contentType: string | undefined): Record<string, unknown> {
  const text = raw.toString('utf8');
  if (text === '') return {};
  if (contentType?.includes('application/json')) return JSON.parse(text) as Record<string, unknown>;
  if (contentType?.includes('multipart/form-data')) return { multipart: text };
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(text)) {
    out[k] = /^[[{]/.test(v) ? tryJson(v) : v;
  }
  return out;
}

function tryJson(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

function send(
  res: ServerResponse,
  status: number,
  body: string,
  type: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': type, ...headers });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, JSON.stringify(body), 'application/json; charset=utf-8');
}
