/**
 * Record links: random, single-use, expiring after 15 minutes (injected clock), bound to the member; expired,
 * reused and forged tokens get the same plain 404; only the token's hash is stored. GET only shows the download
 * page (link previews must not use the link up); the file comes on POST.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actor } from '../../helpers/actors.js';
import { downloadRecord } from '../../helpers/record-link.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

let app: TestApp;
let memberId: string;

beforeAll(async () => {
  app = await startTestApp({ label: 'records' });
  await app.services.inbound.command({
    actor: actor('URUTH', { displayName: 'Ruth Example' }),
    text: 'help',
  });
  memberId = (
    await app.db
      .selectFrom('members')
      .select('id')
      .where('external_id', '=', 'URUTH')
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(async () => {
  await app?.close();
});

describe('record links', () => {
  it('a token works once, and only its hash is stored', async () => {
    const token = await app.services.records.issueToken(memberId, 'md', '2026-01-01', '2026-03-31');
    expect(Buffer.from(token, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
    const rows = await app.db.selectFrom('record_tokens').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(token);

    const first = await downloadRecord(app.url, token);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toContain('text/markdown');
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(first.headers.get('referrer-policy')).toBe('no-referrer');
    expect(first.headers.get('x-robots-tag')).toContain('noindex');
    expect(await first.text()).toContain('# Reflective practice record: Ruth Example');

    const again = await downloadRecord(app.url, token);
    expect(again.status).toBe(404);
    expect(await again.text()).toContain('This link is not available');
  });

  it('a link preview never uses up a record link: HEAD, then a preview GET, then the button gives the file once', async () => {
    const token = await app.services.records.issueToken(memberId, 'md', '2026-01-01', '2026-03-31');
    const url = `${app.url}/record/${token}`;
    const head = await fetch(url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('cache-control')).toBe('no-store');
    for (const agent of [
      'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
      'Mozilla/5.0 SkypeUriPreview',
    ]) {
      const preview = await fetch(url, { headers: { 'user-agent': agent } });
      expect(preview.status).toBe(200);
      expect(preview.headers.get('content-type')).toContain('text/html');
      expect(preview.headers.get('cache-control')).toBe('no-store');
      expect(preview.headers.get('referrer-policy')).toBe('no-referrer');
      expect(preview.headers.get('x-robots-tag')).toContain('noindex');
      const page = await preview.text();
      expect(page).toContain('<form method="post" action="/record">');
      expect(page).not.toContain('Ruth Example');
    }
    const file = await downloadRecord(app.url, token);
    expect(file.status).toBe(200);
    expect(await file.text()).toContain('# Reflective practice record: Ruth Example');
    expect((await downloadRecord(app.url, token)).status).toBe(404);
    // And the page says it is gone.
    expect((await fetch(url)).status).toBe(404);
  });

  it('two requests racing for one token: exactly one gets the file', async () => {
    const token = await app.services.records.issueToken(memberId, 'pdf', '2026-01-01', '2026-03-31');
    const results = await Promise.all([1, 2, 3].map(() => downloadRecord(app.url, token)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 404, 404]);
  });

  it('expires after 15 minutes', async () => {
    const token = await app.services.records.issueToken(memberId, 'pdf', '2026-01-01', '2026-03-31');
    app.clock.advance(15 * 60_000 + 1);
    expect((await fetch(`${app.url}/record/${token}`)).status).toBe(404);
    expect((await downloadRecord(app.url, token)).status).toBe(404);
  });

  it('forged and malformed tokens get the same 404', async () => {
    for (const t of [
      'AAAAAAAAAAAAAAAAAAAAAAAA',
      'x',
      '..%2F..%2Fetc%2Fpasswd',
      "'; drop table members; --",
    ]) {
      expect((await fetch(`${app.url}/record/${encodeURIComponent(t)}`)).status).toBe(404);
      expect((await downloadRecord(app.url, t)).status).toBe(404);
    }
  });
});
