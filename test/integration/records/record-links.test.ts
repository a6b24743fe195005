/**
 * Record links: random, single-use, expiring after 15 minutes (injected clock), bound to the member; expired,
 * reused and forged tokens get the same plain 404; only the token's hash is stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actor } from '../../helpers/actors.js';
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

    const first = await fetch(`${app.url}/record/${token}`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toContain('text/markdown');
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(await first.text()).toContain('# Reflective practice record: Ruth Example');

    const again = await fetch(`${app.url}/record/${token}`);
    expect(again.status).toBe(404);
    expect(await again.text()).toContain('This link is not available');
  });

  it('two requests racing for one token: exactly one gets the file', async () => {
    const token = await app.services.records.issueToken(memberId, 'pdf', '2026-01-01', '2026-03-31');
    const results = await Promise.all([1, 2, 3].map(() => fetch(`${app.url}/record/${token}`)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 404, 404]);
  });

  it('expires after 15 minutes', async () => {
    const token = await app.services.records.issueToken(memberId, 'pdf', '2026-01-01', '2026-03-31');
    app.clock.advance(15 * 60_000 + 1);
    const res = await fetch(`${app.url}/record/${token}`);
    expect(res.status).toBe(404);
  });

  it('forged and malformed tokens get the same 404', async () => {
    for (const t of [
      'AAAAAAAAAAAAAAAAAAAAAAAA',
      'x',
      '..%2F..%2Fetc%2Fpasswd',
      "'; drop table members; --",
    ]) {
      const res = await fetch(`${app.url}/record/${encodeURIComponent(t)}`);
      expect(res.status).toBe(404);
    }
  });
});
