/**
 * The PGlite watchdog: code that holds the embedded database's only connection while waiting for more work on it
 * waits for itself. The watchdog reports that wait with where the connection is held, so the next deadlock is
 * found from one log line. Here a deadlock is made on purpose and released once it has been reported.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConnectionStall } from '../../../db/connection-watchdog.js';
import { createDb } from '../../../db/index.js';

const dir = mkdtempSync(join(tmpdir(), 'rt-watchdog-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the PGlite connection watchdog', () => {
  it('reports a wait for the held connection, naming the holder and the waiter', async () => {
    let reported!: (s: ConnectionStall) => void;
    const stall = new Promise<ConnectionStall>((r) => {
      reported = r;
    });
    const { db, close } = await createDb({
      dataDir: dir,
      // The report of the deliberate self-wait (the only one with a holder: nothing else is held here).
      onStall: (s) => {
        if (s.holders.length > 0) reported(s);
      },
      stallAfterMs: 50,
    });
    try {
      let waiting: Promise<unknown> | undefined;
      const seen = await db.connection().execute(async (conn) => {
        await sql`select 1`.execute(conn);
        // The mistake the watchdog exists for: a query on the pool while this callback holds the one connection.
        waiting = sql`select 2`.execute(db);
        return stall;
      });
      await waiting; // released with the connection: the waiter then runs
      expect(seen.holders).toHaveLength(1);
      expect(seen.holders[0]!.heldMs).toBeGreaterThanOrEqual(seen.waitedMs);
      expect(seen.holders[0]!.at.join('\n')).toContain('test/integration/foundation/pglite-watchdog.test.ts');
      expect(seen.waiter.join('\n')).toContain('test/integration/foundation/pglite-watchdog.test.ts');
    } finally {
      await close();
    }
  });

  it('says nothing when connections are taken in turn', async () => {
    const stalls: ConnectionStall[] = [];
    const { db, close } = await createDb({ dataDir: dir, onStall: (s) => stalls.push(s), stallAfterMs: 50 });
    try {
      await Promise.all(Array.from({ length: 20 }, (_, i) => sql`select ${i}`.execute(db)));
      expect(stalls).toEqual([]);
    } finally {
      await close();
    }
  });
});
