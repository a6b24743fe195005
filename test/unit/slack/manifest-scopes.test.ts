import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BOT_SCOPES } from '../../../adapters/slack/bolt-app.js';

/**
 * The Slack app manifest asks for exactly the scopes the code needs: every Web API method the adapter calls is
 * covered by a requested scope, and every requested scope is needed by a call, an event or a feature.
 *
 * The table is Slack's own reference (docs.slack.dev/reference/methods/<method>, "Scopes: Bot token"). A method
 * the adapter starts calling that is not in it fails this test until someone looks its scope up.
 */
/** `anyOf`: one of these scopes lets the call through; `allOf`: each is needed for some of the calls made. */
const METHOD_SCOPES: Record<string, { anyOf?: string[]; allOf?: string[]; why?: string }> = {
  'chat.postMessage': {
    anyOf: ['chat:write'],
    why: 'to a channel, or to a user id (the app’s DM with them)',
  },
  'chat.update': { anyOf: ['chat:write'] },
  // files.uploadV2 is the SDK's helper over these two methods (plus an upload to the URL the first returns).
  'files.getUploadURLExternal': { anyOf: ['files:write'] },
  'files.completeUploadExternal': { anyOf: ['files:write'] },
  'users.info': { anyOf: ['users:read'] },
  // Public channels need channels:read, private ones groups:read; DMs (im:read) and group DMs (mpim:read) are
  // refused before this call (see the "this channel" test), so those scopes are not requested.
  'conversations.members': { allOf: ['channels:read', 'groups:read'] },
  'views.open': { anyOf: [] },
  'views.publish': { anyOf: [] },
  // Bolt calls auth.test at start; OAuth installs exchange the code with oauth.v2.access. Neither needs a scope.
  'auth.test': { anyOf: [] },
  'oauth.v2.access': { anyOf: [] },
};

/** SDK helpers that are several Web API methods. */
const HELPERS: Record<string, string[]> = {
  'files.uploadV2': ['files.getUploadURLExternal', 'files.completeUploadExternal'],
};

/** Events the app subscribes to, and the scope each needs (docs.slack.dev/reference/events/<event>). */
const EVENT_SCOPES: Record<string, string[]> = {
  app_home_opened: [],
  app_uninstalled: [],
  tokens_revoked: [],
  'message.im': ['im:history'],
};

/** Scopes a manifest feature needs rather than a method: the slash command. */
const FEATURE_SCOPES = { slash_commands: ['commands'] };

const ADAPTER = join(import.meta.dirname, '../../../adapters/slack');

interface Manifest {
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { bot_events: string[] } };
  features: { slash_commands?: unknown[] };
}

const manifest = parse(readFileSync(join(ADAPTER, 'manifest.yml'), 'utf8')) as Manifest;
const requested = new Set(manifest.oauth_config.scopes.bot);

/** Web API method families (docs.slack.dev/reference/methods), to find calls whatever the client is named. */
const FAMILIES =
  'admin|api|apps|assistant|auth|bookmarks|bots|calls|canvases|chat|conversations|dialog|dnd|emoji|files|' +
  'functions|oauth|openid|pins|reactions|reminders|rtm|search|stars|team|tooling|usergroups|users|views|workflows';
const CALL = new RegExp(`\\.((?:${FAMILIES})\\.[a-zA-Z0-9]+(?:\\.[a-zA-Z0-9]+)*)\\s*\\(`, 'g');

/** Every `client.<family>.<method>(` and `apiCall('<method>'` in the adapter's source. */
function calledMethods(): string[] {
  const found = new Set<string>(['auth.test', 'oauth.v2.access']);
  for (const file of readdirSync(ADAPTER).filter((f) => f.endsWith('.ts'))) {
    const source = readFileSync(join(ADAPTER, file), 'utf8');
    for (const m of source.matchAll(CALL)) found.add(m[1]!);
    for (const m of source.matchAll(/\bapiCall\(\s*['"`]([a-zA-Z.0-9]+)['"`]/g)) found.add(m[1]!);
  }
  return [...found].flatMap((m) => HELPERS[m] ?? [m]).sort();
}

describe('Slack manifest scopes', () => {
  const methods = calledMethods();

  it('finds the methods the adapter calls', () => {
    expect(methods).toEqual(
      expect.arrayContaining(['chat.postMessage', 'conversations.members', 'users.info', 'views.publish']),
    );
  });

  it.each(methods)('%s is in the scope table and its scope is requested', (method) => {
    const entry = METHOD_SCOPES[method];
    expect(
      entry,
      `${method}: look its scope up in Slack's reference and add it to METHOD_SCOPES`,
    ).toBeDefined();
    for (const scope of entry!.allOf ?? []) expect(requested).toContain(scope);
    const anyOf = entry!.anyOf ?? [];
    if (anyOf.length > 0)
      expect(
        anyOf.some((s) => requested.has(s)),
        `${method} needs one of ${anyOf}`,
      ).toBe(true);
  });

  it('every subscribed event has its scope', () => {
    for (const event of manifest.settings.event_subscriptions.bot_events) {
      expect(EVENT_SCOPES[event], `${event}: add it to EVENT_SCOPES`).toBeDefined();
      for (const scope of EVENT_SCOPES[event]!) expect(requested).toContain(scope);
    }
  });

  it('requests no scope that nothing uses', () => {
    const needed = new Set<string>([
      ...methods.flatMap((m) => [...(METHOD_SCOPES[m]?.anyOf ?? []), ...(METHOD_SCOPES[m]?.allOf ?? [])]),
      ...manifest.settings.event_subscriptions.bot_events.flatMap((e) => EVENT_SCOPES[e] ?? []),
      ...(manifest.features.slash_commands?.length ? FEATURE_SCOPES.slash_commands : []),
    ]);
    expect([...requested].filter((s) => !needed.has(s))).toEqual([]);
  });

  it('the OAuth install asks for the same scopes as the manifest', () => {
    expect([...BOT_SCOPES].sort()).toEqual([...requested].sort());
  });

  it('does not ask to read direct or group direct messages’ members', () => {
    for (const scope of ['im:read', 'mpim:read', 'im:write', 'mpim:write'])
      expect(requested).not.toContain(scope);
  });
});
