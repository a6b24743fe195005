/**
 * The relay's short-lived queue (encrypted text, deleted once every recipient got it), flood control, and
 * reports.
 */
import { type Selectable, sql } from 'kysely';
import type { Executor, PairingReportsTable } from '../../db/schema.js';

export type Report = Selectable<PairingReportsTable>;

/**
 * Queue a relayed message for each recipient. Returns undefined when the same platform message was already
 * queued (a platform retry).
 */
export async function insertRelay(
  db: Executor,
  relay: {
    groupId: string;
    senderId: string;
    messageId: string;
    edited: boolean;
    encryptedBody: string;
    recipients: readonly string[];
    /** The app's clock, not the database's: the sweep and the stale-relay clean-up compare with it. */
    createdAt: Date;
  },
): Promise<number | undefined> {
  const row = await db
    .insertInto('pairing_relays')
    .values({
      group_id: relay.groupId,
      sender_member_id: relay.senderId,
      message_id: relay.messageId,
      edited: relay.edited,
      body: relay.encryptedBody,
      created_at: relay.createdAt,
    })
    .onConflict((oc) =>
      oc.columns(['sender_member_id', 'message_id']).where('edited', '=', false).doNothing(),
    )
    .returning('id')
    .executeTakeFirst();
  if (!row) return undefined;
  if (relay.recipients.length > 0) {
    await db
      .insertInto('pairing_relay_deliveries')
      .values(relay.recipients.map((r) => ({ relay_id: row.id, recipient_member_id: r, delivered_at: null })))
      .execute();
  }
  return row.id;
}

export interface PendingRelay {
  relayId: number;
  groupId: string;
  senderId: string;
  messageId: string;
  edited: boolean;
  body: string;
}

/** Messages still to deliver to one recipient, oldest first (so a conversation keeps its order). */
export async function pendingFor(db: Executor, recipientId: string): Promise<PendingRelay[]> {
  const rows = await db
    .selectFrom('pairing_relay_deliveries as d')
    .innerJoin('pairing_relays as r', 'r.id', 'd.relay_id')
    .select(['r.id', 'r.group_id', 'r.sender_member_id', 'r.message_id', 'r.edited', 'r.body'])
    .where('d.recipient_member_id', '=', recipientId)
    .where('d.delivered_at', 'is', null)
    .orderBy('r.id')
    .execute();
  return rows.map((r) => ({
    relayId: r.id,
    groupId: r.group_id,
    senderId: r.sender_member_id,
    messageId: r.message_id,
    edited: r.edited,
    body: r.body,
  }));
}

/** Record one delivery, and delete the relay (and its text) once every recipient has it. */
export async function markDelivered(
  db: Executor,
  relayId: number,
  recipientId: string,
  now: Date,
): Promise<void> {
  await db
    .updateTable('pairing_relay_deliveries')
    .set({ delivered_at: now })
    .where('relay_id', '=', relayId)
    .where('recipient_member_id', '=', recipientId)
    .execute();
  await deleteFinishedRelays(db, [relayId]);
}

/** Take back one relay (its text and deliveries) that could not be queued. */
export async function deleteRelay(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('pairing_relays').where('id', '=', id).execute();
}

/**
 * A forgotten member's part in the relay: every message they sent (with its deliveries), then their own deliveries
 * of other people's messages. Messages left with nothing to deliver are for {@link deleteFinishedRelays}.
 */
export async function deleteRelaysOfMember(db: Executor, memberId: string): Promise<void> {
  await db.deleteFrom('pairing_relays').where('sender_member_id', '=', memberId).execute();
  await db.deleteFrom('pairing_relay_deliveries').where('recipient_member_id', '=', memberId).execute();
}

/** Delete relays with nothing left to deliver (all of them when `ids` is omitted). */
export async function deleteFinishedRelays(db: Executor, ids?: readonly number[]): Promise<void> {
  let q = db
    .deleteFrom('pairing_relays')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('pairing_relay_deliveries as d')
            .select('d.relay_id')
            .whereRef('d.relay_id', '=', 'pairing_relays.id')
            .where('d.delivered_at', 'is', null),
        ),
      ),
    );
  if (ids) {
    if (ids.length === 0) return;
    q = q.where('id', 'in', ids);
  }
  await q.execute();
}

/** Relays stuck longer than the cut-off (a recipient who can no longer be reached): their text goes. */
export async function deleteStaleRelays(db: Executor, before: Date): Promise<number> {
  const r = await db.deleteFrom('pairing_relays').where('created_at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/**
 * Count one message in the member's current one-minute window and return the count so far, atomically.
 */
export async function countRelayInWindow(db: Executor, memberId: string, windowStart: Date): Promise<number> {
  const result = await sql<{ count: number }>`
    insert into pairing_relay_rate (member_id, window_start, count) values (${memberId}, ${windowStart}, 1)
    on conflict (member_id) do update set
      count = case when pairing_relay_rate.window_start = excluded.window_start
                   then pairing_relay_rate.count + 1 else 1 end,
      window_start = excluded.window_start
    returning count`.execute(db);
  return Number(result.rows[0]?.count ?? 1);
}

export async function insertReport(
  db: Executor,
  report: {
    workspaceId: string;
    roundId: string;
    groupId: string;
    reporterId: string;
    reporterPseudonym: string;
    encryptedBody: string;
    /** Keyed hashes of everyone in the group: the report never reaches them. */
    excludedHashes: readonly string[];
    /** From the injected clock, so stale drafts are found by the same clock. */
    at: Date;
  },
): Promise<Report> {
  return db
    .insertInto('pairing_reports')
    .values({
      workspace_id: report.workspaceId,
      round_id: report.roundId,
      group_id: report.groupId,
      reporter_member_id: report.reporterId,
      reporter_pseudonym: report.reporterPseudonym,
      body: report.encryptedBody,
      status: 'draft',
      excluded_hashes: JSON.stringify(report.excludedHashes),
      created_at: report.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Move a report from one status to the next; false when it was not in `from` (a double click, a race). */
export async function setReportStatus(
  db: Executor,
  id: number,
  from: Report['status'],
  to: Report['status'],
): Promise<boolean> {
  const r = await db
    .updateTable('pairing_reports')
    .set({ status: to })
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Drafts never sent (the reporter walked away from the confirm step): their words go after `before`. */
export async function deleteStaleReportDrafts(db: Executor, before: Date): Promise<void> {
  await db
    .deleteFrom('pairing_reports')
    .where('status', '=', 'draft')
    .where('created_at', '<', before)
    .execute();
}

/** A draft the reporter chose not to send: deleted, words and all. */
export async function deleteReportDraft(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('pairing_reports').where('id', '=', id).where('status', '=', 'draft').execute();
}

/** Reports of a workspace kept because nobody could receive them, oldest first. */
export async function waitingReports(db: Executor, workspaceId: string): Promise<Report[]> {
  return db
    .selectFrom('pairing_reports')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('status', '=', 'waiting')
    .orderBy('id')
    .execute();
}

export async function getReport(db: Executor, id: number): Promise<Report | undefined> {
  return db.selectFrom('pairing_reports').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function setReportShared(db: Executor, id: number): Promise<boolean> {
  const r = await db
    .updateTable('pairing_reports')
    .set({ share_identity: true })
    .where('id', '=', id)
    .where('share_identity', '=', false)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function countReportsBy(db: Executor, memberId: string): Promise<number> {
  const row = await db
    .selectFrom('pairing_reports')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('reporter_member_id', '=', memberId)
    .where('status', '!=', 'draft')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Relayed messages written in [`from`, `to`) and still not delivered, one row per (relay, recipient): the delivery
 * sweep's list (a relay job Redis lost).
 */
export async function relaysOwed(
  db: Executor,
  from: Date,
  to: Date,
): Promise<Array<{ relayId: number; recipientId: string }>> {
  const rows = await db
    .selectFrom('pairing_relay_deliveries as d')
    .innerJoin('pairing_relays as r', 'r.id', 'd.relay_id')
    .select(['r.id', 'd.recipient_member_id'])
    .where('d.delivered_at', 'is', null)
    .where('r.created_at', '>=', from)
    .where('r.created_at', '<', to)
    .orderBy('r.id')
    .execute();
  return rows.map((r) => ({ relayId: r.id, recipientId: r.recipient_member_id }));
}
