/**
 * The sandbox adapter in the real app (real Postgres, Redis, services), driven through its HTTP routes as the page
 * does: commands and direct messages, buttons, forms, the live event stream, attachments, reset.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxFactory } from '../../../adapters/sandbox/index.js';
import type { SandboxMessageView } from '../../../adapters/sandbox/message-store.js';
import { loadConfig } from '../../../src/config.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { waitFor } from '../../helpers/wait.js';
import { openSse, type SseClient } from './sse-client.js';

let app: TestApp;
let sse: SseClient;

beforeAll(async () => {
  app = await startTestApp({ label: 'sandbox', adapters: [sandboxFactory] });
  sse = await openSse(`${app.url}/sandbox/events`);
});
afterAll(async () => {
  sse?.close();
  await app?.close();
});

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${app.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function say(persona: string, text: string): Promise<SandboxMessageView[]> {
  const res = await post('/sandbox/say', { persona, text });
  expect(res.status).toBe(200);
  return res.body.messages as SandboxMessageView[];
}

function textOf(m: SandboxMessageView): string {
  if (m.body.kind === 'said') return m.body.text;
  if (m.body.kind === 'form') return m.body.form.title;
  return [m.body.message.text, ...m.body.message.blocks.map((b) => ('text' in b ? b.text : ''))].join('\n');
}

async function sandboxWorkspace() {
  return app.db
    .selectFrom('workspaces')
    .selectAll()
    .where('platform', '=', 'sandbox')
    .where('external_id', '=', 'sandbox')
    .executeTakeFirstOrThrow();
}

async function membersByPersona() {
  const ws = await sandboxWorkspace();
  const rows = await app.db.selectFrom('members').selectAll().where('workspace_id', '=', ws.id).execute();
  return new Map(rows.map((r) => [r.external_id, r]));
}

describe('sandbox adapter', () => {
  it('is mounted, serves the page, and seeds seven fictional people on first start', async () => {
    expect(app.adapters.map((a) => a.platform)).toContain('sandbox');
    expect(app.logs.text()).toContain('Sandbox: no Slack or Teams configured');
    const page = await fetch(`${app.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain('Reset sandbox');
    expect(html).toContain('/roundtable checkin now to everyone');
    expect((await fetch(`${app.url}/sandbox/sandbox.js`)).status).toBe(200);
    expect((await fetch(`${app.url}/sandbox/sandbox.css`)).status).toBe(200);

    const state = (await (await fetch(`${app.url}/sandbox/state`)).json()) as {
      personas: Array<{ id: string; title: string; admin: boolean }>;
    };
    expect(state.personas.map((p) => p.id)).toEqual([
      'admin',
      'sam',
      'priya',
      'morgan',
      'jordan',
      'kemi',
      'lin',
    ]);
    expect(state.personas[0]!.title).toBe('Ada (admin, Example Council)');
    const members = await membersByPersona();
    expect(members.size).toBe(7);
    // Kemi said it herself (through the real command); nobody else has it, and no title shows it.
    expect([...members.values()].filter((m) => m.lived_experience).map((m) => m.external_id)).toEqual([
      'kemi',
    ]);
    expect(members.get('lin')?.band).toBe('community');
    expect(JSON.stringify(state.personas)).not.toMatch(/lived/i);
    expect(members.get('admin')).toMatchObject({ admin: true, installer: true, band: 'manager' });
    expect(members.get('sam')).toMatchObject({
      admin: false,
      band: 'frontline',
      org: 'Example Housing Trust',
    });
    expect(members.get('jordan')).toMatchObject({ band: 'leader', timezone: 'Europe/Dublin' });
    expect(new Set([members.get('morgan')!.org, members.get('jordan')!.org]).size).toBe(2);
  });

  it('runs /roundtable help as a frontline person: a private reply, stored and pushed live', async () => {
    const shown = await say('sam', '/roundtable help');
    expect(shown.map((m) => m.author)).toEqual(['person', 'bot']);
    const reply = shown[1]!;
    expect(reply).toMatchObject({ persona: 'sam', private: true, channel: null });
    expect(textOf(reply)).toMatch(/roundtable/i);

    const pushed = await sse.waitFor(
      (e) => e.event === 'message' && (e.data as { message: SandboxMessageView }).message.id === reply.id,
    );
    expect((pushed.data as { message: SandboxMessageView }).message.private).toBe(true);

    // Stored: a reload of the page shows it, encrypted at rest.
    const state = (await (await fetch(`${app.url}/sandbox/state`)).json()) as {
      messages: SandboxMessageView[];
    };
    expect(state.messages.find((m) => m.id === reply.id)).toBeDefined();
    const row = await app.db
      .selectFrom('sandbox_messages')
      .selectAll()
      .where('id', '=', reply.id)
      .executeTakeFirstOrThrow();
    expect(row.body.startsWith('v2.')).toBe(true);
    expect(row.member_id).toBe((await membersByPersona()).get('sam')!.id);
  });

  it('refuses an admin command from a member and changes nothing; the admin can do it', async () => {
    const refused = await say('sam', '/roundtable admin add @Priya');
    expect(textOf(refused[1]!)).toContain('Only Roundtable admins can do that');
    expect((await membersByPersona()).get('priya')!.admin).toBe(false);

    const done = await say('admin', '/roundtable admin add @Priya');
    expect(textOf(done[1]!)).toContain('Priya is now a Roundtable admin');
    expect((await membersByPersona()).get('priya')!.admin).toBe(true);
  });

  it('turns a button click into an action: the message is updated in place and pushed', async () => {
    const shown = await say('priya', '/roundtable forget me');
    const question = shown[1]!;
    expect(question.body.kind).toBe('message');

    // Only buttons the message shows can be clicked, and only in the pane it was shown in.
    const forged = await post('/sandbox/action', {
      persona: 'priya',
      messageId: question.id,
      actionId: 'me.forget.confirm',
      value: 'something-else',
    });
    expect(forged.status).toBe(400);
    const elsewhere = await post('/sandbox/action', {
      persona: 'sam',
      messageId: question.id,
      actionId: 'me.forget.cancel',
      value: 'cancel',
    });
    expect(elsewhere.status).toBe(404);

    const res = await post('/sandbox/action', {
      persona: 'priya',
      messageId: question.id,
      actionId: 'me.forget.cancel',
      value: 'cancel',
      values: {},
    });
    expect(res.status).toBe(200);
    const updated = (res.body.messages as SandboxMessageView[])[0]!;
    expect(updated.id).toBe(question.id);
    expect(textOf(updated)).toContain('Nothing was deleted.');
    await sse.waitFor(
      (e) => e.event === 'update' && (e.data as { message: SandboxMessageView }).message.id === question.id,
    );
  });

  it('shows a form as a card: errors keep it open, a good submission closes it', async () => {
    const shown = await say('sam', '/roundtable');
    const card = shown[1]!;
    expect(card.body.kind).toBe('form');

    const bad = await post('/sandbox/form', {
      persona: 'sam',
      messageId: card.id,
      values: { timezone: 'Mars/Olympus' },
    });
    expect(bad.status).toBe(200);
    expect(bad.body.errors).toHaveProperty('timezone');

    const good = await post('/sandbox/form', {
      persona: 'sam',
      messageId: card.id,
      values: { timezone: 'Europe/Paris', band: 'manager' },
    });
    const messages = good.body.messages as SandboxMessageView[];
    expect(messages[0]).toMatchObject({ id: card.id, body: { kind: 'form', closed: true } });
    expect(textOf(messages[1]!)).toContain('Your settings are saved.');
    expect((await membersByPersona()).get('sam')).toMatchObject({
      timezone: 'Europe/Paris',
      band: 'manager',
    });

    const again = await post('/sandbox/form', { persona: 'sam', messageId: card.id, values: {} });
    expect(again.status).toBe(400);
  });

  it('implements the ports: direct messages with files, updates, the #general channel and its audience', async () => {
    const messenger = app.context.platforms.messenger('sandbox');
    const directory = app.context.platforms.directory('sandbox');
    const ref = await messenger.sendDirect(
      { workspaceId: 'sandbox', userId: 'morgan' },
      { text: 'Your session', blocks: [{ type: 'text', text: 'Your session' }] },
      [
        {
          filename: 'session.ics',
          contentType: 'text/calendar',
          content: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n',
        },
      ],
    );
    const state = (await (await fetch(`${app.url}/sandbox/state`)).json()) as {
      messages: SandboxMessageView[];
    };
    const sent = state.messages.find((m) => String(m.id) === ref.ref)!;
    expect(sent).toMatchObject({ persona: 'morgan', private: false });
    const file = await fetch(`${app.url}${sent.attachments[0]!.url}`);
    expect(file.headers.get('content-type')).toContain('text/calendar');
    expect(file.headers.get('content-disposition')).toBe('attachment; filename="session.ics"');
    expect(await file.text()).toContain('BEGIN:VCALENDAR');

    await messenger.update(ref, { text: 'Changed', blocks: [{ type: 'text', text: 'Changed' }] });
    await sse.waitFor(
      (e) =>
        e.event === 'update' && String((e.data as { message: SandboxMessageView }).message.id) === ref.ref,
    );

    const post = await messenger.sendToChannel('sandbox', 'general', {
      text: 'Digest',
      blocks: [{ type: 'text', text: 'Digest' }],
    });
    const pushed = await sse.waitFor(
      (e) =>
        e.event === 'message' && String((e.data as { message: SandboxMessageView }).message.id) === post.ref,
    );
    expect((pushed.data as { message: SandboxMessageView }).message).toMatchObject({
      persona: null,
      channel: 'general',
    });

    const everyone = await directory.listAudience('sandbox', { kind: 'channel', channelId: 'general' });
    expect(everyone.map((p) => p.userId).sort()).toEqual([
      'admin',
      'jordan',
      'kemi',
      'lin',
      'morgan',
      'priya',
      'sam',
    ]);
    // The digest's channel in the docs' examples exists too, with everyone in it.
    const digest = await messenger.sendToChannel('sandbox', 'reflections', {
      text: 'Digest',
      blocks: [{ type: 'text', text: 'Digest' }],
    });
    const inReflections = (await (await fetch(`${app.url}/sandbox/state`)).json()) as {
      channels: string[];
      messages: SandboxMessageView[];
    };
    expect(inReflections.channels).toEqual(['general', 'reflections']);
    expect(inReflections.messages.find((m) => String(m.id) === digest.ref)).toMatchObject({
      persona: null,
      channel: 'reflections',
    });
    expect(
      await directory.listAudience('sandbox', { kind: 'channel', channelId: 'reflections' }),
    ).toHaveLength(7);
    await expect(
      messenger.sendToChannel('sandbox', 'elsewhere', { text: 'x', blocks: [] }),
    ).rejects.toMatchObject({ name: 'NotFound' });
    expect(await directory.profile('sandbox', 'nobody')).toBeNull();
    await expect(
      messenger.sendDirect({ workspaceId: 'sandbox', userId: 'nobody' }, { text: 'x', blocks: [] }),
    ).rejects.toMatchObject({ name: 'NotFound' });
  });

  it('takes a typed #general or #reflections as that channel, and names a channel it has not got', async () => {
    const there = await say('admin', '/roundtable checkin schedule every weekday at 09:30 to #General');
    expect(textOf(there[1]!)).toContain('#general');
    const unknown = await say('admin', '/roundtable checkin now to #elsewhere');
    expect(textOf(unknown[1]!)).toContain('I could not find the channel #elsewhere');
    // Inside quotes, a # is part of the words.
    const quoted = await say('admin', '/roundtable session add "Talk in #general" on 2027-06-10 at 14:00');
    expect(textOf(quoted[1]!)).toContain('Talk in #general');
  });

  it('refuses posts from other sites and requests it does not understand', async () => {
    const foreign = await post(
      '/sandbox/say',
      { persona: 'sam', text: 'hello' },
      { origin: 'https://evil.example' },
    );
    expect(foreign.status).toBe(403);
    expect((await post('/sandbox/say', { persona: 'nobody', text: 'hello' })).status).toBe(404);
    expect((await post('/sandbox/say', { text: 'hello' })).status).toBe(400);
  });

  it('forget me deletes the persona and its pane history, and says so in the pane', async () => {
    // Messages earlier tests queued for Jordan finish first: one already being sent when the history is deleted
    // would land after it (a send in flight is not recalled; waiting ones are removed by forget me).
    await waitFor('the queues to be idle', async () => {
      const c = await app.jobs.counts();
      return [c.outbox, c.tasks].every((q) => !q.waiting && !q.active && !q.prioritized);
    });
    const shown = await say('jordan', '/roundtable forget me');
    const res = await post('/sandbox/action', {
      persona: 'jordan',
      messageId: shown[1]!.id,
      actionId: 'me.forget.confirm',
      value: 'confirm',
    });
    expect(res.status).toBe(200);
    const done = (res.body.messages as SandboxMessageView[])[0]!;
    expect(textOf(done)).toContain('has been deleted');
    await sse.waitFor((e) => e.event === 'reload');
    expect((await membersByPersona()).has('jordan')).toBe(false);
    const rows = await app.db
      .selectFrom('sandbox_messages')
      .select('id')
      .where('persona', '=', 'jordan')
      .execute();
    expect(rows.map((r) => r.id)).toEqual([done.id]);
  });

  it('reset deletes the sandbox data and seeds it again', async () => {
    const before = await sandboxWorkspace();
    const res = await post('/sandbox/reset', {});
    expect(res.status).toBe(200);
    await sse.waitFor((e) => e.event === 'reset');

    const after = await sandboxWorkspace();
    expect(after.id).not.toBe(before.id);
    const left = await app.db.selectFrom('sandbox_messages').select('id').execute();
    expect(left).toEqual([]);
    const old = await app.db
      .selectFrom('members')
      .select('id')
      .where('workspace_id', '=', before.id)
      .execute();
    expect(old).toEqual([]);
    const members = await membersByPersona();
    expect(members.size).toBe(7);
    // Kemi said it herself (through the real command); nobody else has it, and no title shows it.
    expect([...members.values()].filter((m) => m.lived_experience).map((m) => m.external_id)).toEqual([
      'kemi',
    ]);
    expect(members.get('lin')?.band).toBe('community');
    expect(members.get('priya')!.admin).toBe(false);
    expect(members.get('sam')!.timezone).toBe('Europe/London');

    // The sandbox works straight after a reset.
    const shown = await say('sam', '/roundtable me');
    expect(textOf(shown[1]!)).toContain('frontline');
  });

  it('is not mounted when Slack is configured or in production', async () => {
    const base = { DATA_DIR: app.dataDir, DATA_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64') };
    const deps = {
      inbound: app.services.inbound,
      db: app.db,
      cipher: app.context.cipher,
      people: app.context.people,
      logger: app.context.logger,
      metrics: app.context.metrics,
      clock: app.clock,
      random: app.context.random,
    };
    const slack = loadConfig({ ...base, SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-1' });
    expect(await sandboxFactory({ ...deps, config: slack })).toBeUndefined();
    const production = loadConfig({
      ...base,
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
      PUBLIC_URL: 'https://roundtable.example.org',
    });
    expect(await sandboxFactory({ ...deps, config: production })).toBeUndefined();
    expect(app.logs.text()).toContain('Sandbox: off (NODE_ENV=production)');
  });
});
