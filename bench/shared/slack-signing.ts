/** Signed Slack requests for load tests (PITFALLS.md: sign the exact bytes sent; 300 s freshness window). */
import { createHmac } from 'node:crypto';

/**
 * The headers for one request body.
 * @param body the exact bytes that will be sent.
 * @param signingSecret the app's signing secret.
 * @param timestampS seconds since the epoch; a signature stays valid for 300 s, longer than any load run here.
 */
export function slackHeaders(
  body: string,
  signingSecret: string,
  timestampS: number,
): Record<string, string> {
  const signature = `v0=${createHmac('sha256', signingSecret).update(`v0:${timestampS}:${body}`).digest('hex')}`;
  return {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestampS),
    'x-slack-signature': signature,
  };
}

/**
 * A `/roundtable <text>` slash command body, form-encoded as Slack sends it.
 * @param ids the team, user and channel; `responseUrl` where the app's reply goes (a fake's `/response/<id>`).
 */
export function slashCommandBody(
  text: string,
  ids: { team: string; user: string; channel: string; responseUrl?: string },
): string {
  return new URLSearchParams({
    token: 'unused',
    team_id: ids.team,
    team_domain: 'bench',
    channel_id: ids.channel,
    channel_name: 'directmessage',
    user_id: ids.user,
    user_name: 'bench',
    command: '/roundtable',
    text,
    api_app_id: 'ABENCH',
    is_enterprise_install: 'false',
    response_url: ids.responseUrl ?? 'http://127.0.0.1:9/commands/unused',
    trigger_id: '1.2.3',
  }).toString();
}
