/**
 * Retention covers every free text a person wrote, not only check-in answers: after-session reflections and peer
 * support reports go after the workspace's retention period, and so do suggested prompts nobody decided on and peer
 * reflection evidence (what a member added to a reflection goes with it), relayed messages go once delivered (and undelivered
 * ones after seven days), sandbox history goes with the same period; old unbound (`v1`) ciphertexts are rewritten
 * bound to their row. Driven by the injected clock, on real Postgres.
 */
import { createCipheriv, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyIdOf } from '../../../src/crypto.js';
import { runRetention } from '../../../src/services/checkins/retention.js';
import {
  digestResponsePlace,
  digestSharersPlace,
  peerEvidenceThemePlace,
  peerProposalThemePlace,
  recordChangedPlace,
  relayPlace,
  reportPlace,
  reportResponsePlace,
  sessionReflectionPlace,
  suggestionPlace,
} from '../../../src/store/cipher-places.js';
import { startTestApp, TEST_KEY, type TestApp } from '../../helpers/test-app.js';
import { install, say } from './helpers.js';

const DAY = 24 * 3600_000;
let app: TestApp;
let ws: string;
let member: string;
let other: string;

/** A value as the first version wrote it: no additional data. */
function legacyV1(plaintext: string): string {
  const key = Buffer.from(TEST_KEY, 'base64');
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [
    'v1',
    keyIdOf(key),
    iv.toString('base64'),
    cipher.getAuthTag().toString('base64'),
    body.toString('base64'),
  ].join('.');
}

const ago = (days: number) => new Date(app.clock.now().getTime() - days * DAY);

async function memberId(external: string): Promise<string> {
  return (
    await app.db
      .selectFrom('members')
      .select('id')
      .where('external_id', '=', external)
      .executeTakeFirstOrThrow()
  ).id;
}

async function session(title: string): Promise<number> {
  const row = await app.db
    .insertInto('sessions')
    .values({
      workspace_id: ws,
      title,
      topic: null,
      starts_at: ago(60),
      duration_minutes: 60,
      place: null,
      capacity: null,
      audience: JSON.stringify({ kind: 'everyone' }),
      mix: JSON.stringify([]),
      nudge_hours: JSON.stringify([]),
      created_by: null,
      updated_at: app.clock.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

let groups = 0;
const roundId = 'round-retention';
async function group(): Promise<string> {
  groups++;
  if (groups === 1)
    await app.db
      .insertInto('pairing_rounds')
      .values({
        id: roundId,
        pool_key: ws,
        number: 1,
        workspace_id: ws,
        occurrence_id: null,
        size: 2,
        seed: 1,
        started_at: ago(20),
        halfway_at: ago(15),
        ends_at: ago(5),
      })
      .execute();
  const groupId = `group-${groups}`;
  await app.db
    .insertInto('pairing_groups')
    .values({ id: groupId, round_id: roundId, starter_id: 's1', status: 'open' })
    .execute();
  return groupId;
}

beforeAll(async () => {
  app = await startTestApp({ label: 'retentionall' });
  ws = await install(app);
  await say(app, 'UMEM', 'me');
  await say(app, 'UOTH', 'me');
  member = await memberId('UMEM');
  other = await memberId('UOTH');
  await say(app, 'UADMIN', 'settings retention 30 days');
});
afterAll(async () => {
  await app?.close();
});

describe('retention covers every free text', () => {
  it('after-session reflections older than the retention period are deleted, newer ones kept', async () => {
    const oldSession = await session('Old session');
    const newSession = await session('New session');
    for (const [id, days] of [
      [oldSession, 31],
      [newSession, 29],
    ] as const) {
      await app.db
        .insertInto('session_reflections')
        .values({
          session_id: id,
          member_id: member,
          set_id: 'general',
          skipped: false,
          answers: app.context.cipher.encrypt('{"what":"words"}', sessionReflectionPlace(id, member)),
          answered_at: ago(days),
        })
        .execute();
    }
    const result = await runRetention(app.context);
    expect(result.sessionReflections).toBe(1);
    const left = await app.db.selectFrom('session_reflections').select('session_id').execute();
    expect(left.map((r) => r.session_id)).toEqual([newSession]);
  });

  it('peer support reports are kept for the retention period, then deleted (read or not)', async () => {
    const groupId = await group();
    for (const [pseudonym, days] of [
      ['Old Heron', 31],
      ['New Heron', 29],
    ] as const) {
      await app.db
        .insertInto('pairing_reports')
        .values({
          workspace_id: ws,
          round_id: null,
          group_id: groupId,
          reporter_member_id: member,
          reporter_pseudonym: pseudonym,
          body: app.context.cipher.encrypt(
            'they were unkind',
            reportPlace({ workspaceId: ws, reporterId: member, reporterPseudonym: pseudonym }),
          ),
          created_at: ago(days),
        })
        .execute();
    }
    const result = await runRetention(app.context);
    expect(result.reports).toBe(1);
    const left = await app.db.selectFrom('pairing_reports').select('reporter_pseudonym').execute();
    expect(left.map((r) => r.reporter_pseudonym)).toEqual(['New Heron']);
  });

  it('relayed messages go once delivered; undelivered ones after seven days', async () => {
    const groupId = await group();
    // Relay and deliveries in one transaction, as the relay writes them: the pairing sweeps running in the
    // background must never see a relay without its deliveries.
    const relay = (messageId: string, days: number, delivered: boolean) =>
      app.db.transaction().execute(async (tx) => {
        const row = await tx
          .insertInto('pairing_relays')
          .values({
            group_id: groupId,
            sender_member_id: member,
            message_id: messageId,
            edited: false,
            body: app.context.cipher.encrypt('hello', relayPlace({ groupId, senderId: member, messageId })),
            created_at: ago(days),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await tx
          .insertInto('pairing_relay_deliveries')
          .values({
            relay_id: row.id,
            recipient_member_id: other,
            delivered_at: delivered ? ago(days) : null,
          })
          .execute();
      });
    await relay('delivered-yesterday', 1, true);
    await relay('waiting-8-days', 8, false);
    await relay('waiting-6-days', 6, false);
    // The pairing round step also sweeps stale relays, so which of the two removed it is not asserted: only that
    // after the daily sweep nothing delivered, and nothing waiting more than seven days, is left.
    await runRetention(app.context);
    const left = await app.db.selectFrom('pairing_relays').select('message_id').execute();
    expect(left.map((r) => r.message_id)).toEqual(['waiting-6-days']);
  });

  it('what a member added to a reflection (record_additions) goes with the reflection', async () => {
    const oldSession = await session('Added-to old session');
    const newSession = await session('Added-to new session');
    for (const [id, days] of [
      [oldSession, 31],
      [newSession, 29],
    ] as const) {
      await app.db
        .insertInto('session_reflections')
        .values({
          session_id: id,
          member_id: member,
          set_id: 'general',
          skipped: false,
          answers: app.context.cipher.encrypt('{"what":"words"}', sessionReflectionPlace(id, member)),
          answered_at: ago(days),
        })
        .execute();
      await app.db
        .insertInto('record_additions')
        .values({
          member_id: member,
          ref: `s${id}`,
          delivery_id: null,
          session_id: id,
          theme: 'preserve-safety',
          changed: app.context.cipher.encrypt('I changed', recordChangedPlace(member, `s${id}`)),
          updated_at: app.clock.now(),
        })
        .execute();
    }
    await runRetention(app.context);
    const left = await app.db.selectFrom('record_additions').select('ref').execute();
    expect(left.map((r) => r.ref)).toEqual([`s${newSession}`]);
  });

  it('peer reflection evidence and waiting proposals are kept for the retention period, then deleted', async () => {
    const groupId = await group();
    for (const [id, days] of [
      ['oldprop1', 31],
      ['newprop1', 29],
    ] as const) {
      await app.db
        .insertInto('peer_evidence_proposals')
        .values({
          id,
          group_id: groupId,
          workspace_id: ws,
          discussed_on: '2026-01-01',
          theme: app.context.cipher.encrypt('a theme', peerProposalThemePlace(id)),
          created_at: ago(days),
        })
        .execute();
      await app.db
        .insertInto('peer_evidence')
        .values({
          member_id: member,
          proposal_id: id,
          group_id: groupId,
          workspace_id: ws,
          discussed_on: '2026-01-01',
          theme: app.context.cipher.encrypt('a theme', peerEvidenceThemePlace(member, id)),
          partners: JSON.stringify(['Misty Kestrel']),
          created_at: ago(days),
        })
        .execute();
    }
    const result = await runRetention(app.context);
    expect(result.peerEvidence).toBe(2);
    const proposals = await app.db.selectFrom('peer_evidence_proposals').select('id').execute();
    expect(proposals.map((r) => r.id)).toEqual(['newprop1']);
    const evidence = await app.db.selectFrom('peer_evidence').select('proposal_id').execute();
    expect(evidence.map((r) => r.proposal_id)).toEqual(['newprop1']);
  });

  it('sandbox history older than the retention period is deleted', async () => {
    for (const days of [31, 29]) {
      await app.db
        .insertInto('sandbox_messages')
        .values({
          workspace_id: ws,
          member_id: null,
          persona: null,
          channel: 'general',
          author: 'bot',
          body: `placeholder-${days}`,
          created_at: ago(days),
          updated_at: ago(days),
        })
        .execute();
    }
    const result = await runRetention(app.context);
    expect(result.sandboxMessages).toBe(1);
    const left = await app.db.selectFrom('sandbox_messages').select('body').execute();
    expect(left.map((r) => r.body)).toEqual(['placeholder-29']);
  });

  it('suggested prompts the panel has not decided on expire with the retention period; decided ones keep no text', async () => {
    for (const [id, days, status] of [
      ['oldopen', 31, 'open'],
      ['newopen', 29, 'open'],
      ['olddone', 40, 'declined'],
    ] as const) {
      await app.db
        .insertInto('prompt_suggestions')
        .values({
          id,
          workspace_id: ws,
          text:
            status === 'open'
              ? app.context.cipher.encrypt('What helps you rest?', suggestionPlace(ws, id))
              : null,
          status,
          created_at: ago(days),
        })
        .execute();
    }
    const result = await runRetention(app.context);
    expect(result.suggestions).toBe(1);
    const left = await app.db.selectFrom('prompt_suggestions').select(['id', 'text']).orderBy('id').execute();
    expect(left.map((r) => r.id)).toEqual(['newopen', 'olddone']);
    expect(left.find((r) => r.id === 'olddone')?.text).toBeNull();
  });

  it("a posted digest's sharers and response expire with the retention period; week answers are deleted", async () => {
    const digest = async (days: number) => {
      const occurrence = await app.db
        .insertInto('occurrences')
        .values({
          cadence_id: null,
          workspace_id: ws,
          kind: 'digest',
          scheduled_for: ago(days),
          status: 'sent',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await app.db
        .insertInto('digest_posts')
        .values({
          occurrence_id: occurrence.id,
          workspace_id: ws,
          code: `D-${days}AB`,
          channel_id: 'CDIG',
          posted_at: ago(days),
          sharers: app.context.cipher.encrypt(JSON.stringify([member]), digestSharersPlace(occurrence.id)),
          response: app.context.cipher.encrypt('we will', digestResponsePlace(occurrence.id)),
          responded_at: ago(days),
        })
        .execute();
      return occurrence.id;
    };
    const old = await digest(31);
    const recent = await digest(29);
    for (const [week, days] of [
      ['2026-W01', 31],
      ['2026-W05', 29],
    ] as const) {
      await app.db
        .insertInto('report_responses')
        .values({
          workspace_id: ws,
          iso_week: week,
          week_start: ago(days + 7),
          week_end: ago(days),
          response: app.context.cipher.encrypt('a quiet room', reportResponsePlace(ws, week)),
          responded_at: ago(days),
        })
        .execute();
    }
    await app.db
      .insertInto('report_response_seen')
      .values({ workspace_id: ws, iso_week: '2026-W01', member_id: member })
      .execute();
    const result = await runRetention(app.context);
    expect(result.digestPosts).toBe(1);
    expect(result.reportResponses).toBe(1);
    const posts = await app.db
      .selectFrom('digest_posts')
      .select(['occurrence_id', 'sharers', 'response', 'responded_at'])
      .orderBy('occurrence_id')
      .execute();
    // The old digest keeps its code and that it was answered, nothing anyone wrote and nobody's id.
    expect(posts[0]).toMatchObject({ occurrence_id: old, sharers: null, response: null });
    expect(posts[0]!.responded_at).not.toBeNull();
    expect(posts[1]!.occurrence_id).toBe(recent);
    expect(posts[1]!.sharers).not.toBeNull();
    const weeks = await app.db.selectFrom('report_responses').select('iso_week').execute();
    expect(weeks.map((w) => w.iso_week)).toEqual(['2026-W05']);
    expect(await app.db.selectFrom('report_response_seen').selectAll().execute()).toEqual([]);
  });

  it('a value written before ciphertexts were bound (v1) is rewritten bound to its row, and still reads', async () => {
    const id = await session('Legacy session');
    await app.db
      .insertInto('session_reflections')
      .values({
        session_id: id,
        member_id: other,
        set_id: 'general',
        skipped: false,
        answers: legacyV1('{"what":"written long ago"}'),
        answered_at: ago(1),
      })
      .execute();
    const result = await runRetention(app.context);
    expect(result.rebound).toBeGreaterThanOrEqual(1);
    const row = await app.db
      .selectFrom('session_reflections')
      .select('answers')
      .where('session_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.answers!.startsWith('v2.')).toBe(true);
    expect(app.context.cipher.decrypt(row.answers!, sessionReflectionPlace(id, other))).toBe(
      '{"what":"written long ago"}',
    );
    // Bound now: the same value read as another member's row does not decrypt.
    expect(() => app.context.cipher.decrypt(row.answers!, sessionReflectionPlace(id, member))).toThrow();
  });
});
