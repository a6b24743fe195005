/**
 * Postgres connections dropped mid-traffic: interactions answer a kind "please try again" or succeed on a fresh
 * connection — never hang, never crash — and nothing said before the drop is lost.
 */
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRY_AGAIN } from '../../../src/services/inbound.js';
import { actor, messageText } from '../../helpers/actors.js';
import { PG_ADMIN_URL } from '../../helpers/postgres.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

let app: TestApp;
const admin = actor('UADMIN');

async function terminateBackends(database: string): Promise<number> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    const r = await c.query(
      'select count(pg_terminate_backend(pid)) as n from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [database],
    );
    return Number(r.rows[0].n);
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  app = await startTestApp({ label: 'pgdrop' });
  await app.services.inbound.installed({ platform: 'sandbox', workspaceId: 'W-test', installer: admin });
});
afterAll(async () => {
  await app?.close();
});

describe('Postgres connections dropped', () => {
  it('interactions answer or ask kindly to try again, and recover on fresh connections', async () => {
    const database = new URL(app.databaseUrl).pathname.slice(1);
    await app.services.inbound.command({ actor: admin, text: 'settings k 6' });
    // Many interactions in flight while the server kills every connection of this database.
    const inflight = Array.from({ length: 30 }, (_, i) =>
      app.services.inbound.command({ actor: actor(`UMEMBER${i}`), text: 'me role frontline' }),
    );
    const killed = await terminateBackends(database);
    const replies = await Promise.all(inflight);
    expect(killed).toBeGreaterThan(0);
    for (const r of replies) {
      const text = messageText(r.message);
      expect(text.includes('Your role is now frontline') || text.includes(TRY_AGAIN)).toBe(true);
    }
    // The next interactions work on fresh connections, and the earlier change is still there.
    const after = await app.services.inbound.command({ actor: admin, text: 'privacy' });
    expect(messageText(after.message)).toContain('at least 6 different people');
    const ready = await fetch(`${app.url}/readyz`);
    expect(ready.status).toBe(200);
    // The log explains without leaking anything.
    expect(app.logs.text()).not.toContain('frontline"');
    await sql`select 1`.execute(app.db);
  });
});
