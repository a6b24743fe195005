/**
 * Requests built and signed exactly as Slack sends them: slash commands and interactivity as
 * `application/x-www-form-urlencoded` (interactivity as one `payload=` field of JSON), events as JSON. The signature
 * is HMAC-SHA256 over `v0:{timestamp}:{body}` of the exact bytes sent.
 */
import { createHmac } from 'node:crypto';

export interface SlackRequest {
  body: string;
  headers: Record<string, string>;
}

const FORM = 'application/x-www-form-urlencoded';

/** Sign a body. `timestamp` defaults to now (seconds); pass an old one to test the five-minute window. */
export function signBody(
  secret: string,
  body: string,
  timestamp = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature };
}

function signed(secret: string, body: string, contentType: string, timestamp?: number): SlackRequest {
  return { body, headers: { 'content-type': contentType, ...signBody(secret, body, timestamp) } };
}

export interface SlashCommandOptions {
  teamId: string;
  userId: string;
  text: string;
  channelId?: string;
  /** Slack says `directmessage` for a DM and `mpdm-<names>-1` for a group DM. */
  channelName?: string;
  responseUrl: string;
  triggerId?: string;
  command?: string;
  userName?: string;
  timestamp?: number;
}

/** Makes default trigger ids unique (Slack's are), so two commands in one millisecond are two requests. */
let triggers = 0;

/** `/roundtable <text>` as Slack posts it. */
export function slashCommand(secret: string, o: SlashCommandOptions): SlackRequest {
  const body = new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: o.teamId,
    team_domain: 'example',
    channel_id: o.channelId ?? 'C0GENERAL',
    channel_name: o.channelName ?? 'general',
    user_id: o.userId,
    user_name: o.userName ?? 'someone',
    command: o.command ?? '/roundtable',
    text: o.text,
    api_app_id: 'A0FAKE',
    is_enterprise_install: 'false',
    response_url: o.responseUrl,
    trigger_id: o.triggerId ?? `trigger-${Date.now()}-${++triggers}`,
  }).toString();
  return signed(secret, body, FORM, o.timestamp);
}

/** An interactivity payload (`block_actions`, `view_submission`) as Slack posts it. */
export function interactivity(
  secret: string,
  payload: Record<string, unknown>,
  timestamp?: number,
): SlackRequest {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return signed(secret, body, FORM, timestamp);
}

export interface EventOptions {
  teamId: string;
  eventId: string;
  event: Record<string, unknown>;
  timestamp?: number;
}

/** An Events API `event_callback`. */
export function eventCallback(secret: string, o: EventOptions): SlackRequest {
  const body = JSON.stringify({
    token: 'deprecated-verification-token',
    team_id: o.teamId,
    api_app_id: 'A0FAKE',
    event: o.event,
    type: 'event_callback',
    event_id: o.eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: o.teamId, user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
  });
  return signed(secret, body, 'application/json', o.timestamp);
}

/** The `url_verification` handshake Slack sends when the Request URL is saved. */
export function urlVerification(secret: string, challenge: string): SlackRequest {
  return signed(
    secret,
    JSON.stringify({ token: 'x', challenge, type: 'url_verification' }),
    'application/json',
  );
}

/** POST a built request to `<baseUrl>/slack/events`, optionally with extra headers (e.g. `x-slack-retry-num`). */
export function postSlack(
  baseUrl: string,
  request: SlackRequest,
  extraHeaders: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${baseUrl}/slack/events`, {
    method: 'POST',
    headers: { ...request.headers, ...extraHeaders },
    body: request.body,
  });
}
