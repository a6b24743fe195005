/**
 * Check-in deliveries: the core `deliveries` rows of a check-in occurrence, and their check-in detail (the prompt,
 * the one reminder, the one support message). Every claim is one conditional UPDATE, so retries and a second
 * worker cannot both win.
 */
import { type Expression, type ExpressionBuilder, type Selectable, type SqlBool, sql } from 'kysely';
import type { Database, DeliveriesTable, Executor } from '../../db/schema.js';
import { compiledOnce } from './compiled-once.js';
import type { Member } from './member.repository.js';

export type Delivery = Selectable<DeliveriesTable>;
export type DeliveryStatus = Delivery['status'];

/** Statuses a send may (re)claim: a crashed or parked attempt is picked up again. */
export const OPEN_STATUSES: readonly DeliveryStatus[] = ['pending', 'sending', 'rate-limited'];

export interface NewDelivery {
  memberId: string;
  status: 'pending' | 'skipped';
  skipReason?: string;
}

/** Insert one row per member; rows that exist already (a retried fan-out) are left alone. */
export async function insertDeliveries(
  db: Executor,
  occurrenceId: number,
  rows: readonly NewDelivery[],
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('deliveries')
    .values(
      rows.map((r) => ({
        occurrence_id: occurrenceId,
        member_id: r.memberId,
        status: r.status,
        skip_reason: r.skipReason ?? null,
      })),
    )
    .onConflict((oc) => oc.columns(['occurrence_id', 'member_id']).doNothing())
    .execute();
}

/**
 * The prompt histories of several members at once (as {@link promptHistory} for each): one query per fan-out
 * chunk instead of one per send.
 */
export async function promptHistories(
  db: Executor,
  memberIds: readonly string[],
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(memberIds.map((id) => [id, []]));
  if (memberIds.length === 0) return out;
  const rows = await db
    .selectFrom('checkin_deliveries')
    .innerJoin('deliveries', 'deliveries.id', 'checkin_deliveries.delivery_id')
    .select(['deliveries.member_id', 'checkin_deliveries.prompt_id'])
    .where('deliveries.member_id', 'in', memberIds)
    .orderBy('checkin_deliveries.created_at')
    .orderBy('deliveries.id')
    .execute();
  for (const r of rows) out.get(r.member_id)?.push(r.prompt_id);
  return out;
}

/** Open deliveries of a round whose prompt is not chosen yet, with their person. */
export async function deliveriesWithoutPrompt(
  db: Executor,
  occurrenceId: number,
): Promise<Array<{ id: number; memberId: string }>> {
  const rows = await db
    .selectFrom('deliveries')
    .leftJoin('checkin_deliveries', 'checkin_deliveries.delivery_id', 'deliveries.id')
    .select(['deliveries.id', 'deliveries.member_id'])
    .where('deliveries.occurrence_id', '=', occurrenceId)
    .where('deliveries.status', 'in', OPEN_STATUSES)
    .where('checkin_deliveries.delivery_id', 'is', null)
    .orderBy('deliveries.id')
    .execute();
  return rows.map((r) => ({ id: r.id, memberId: r.member_id }));
}

/** Record the prompts chosen for several deliveries; a delivery whose prompt is already chosen keeps it. */
export async function setDeliveryPrompts(
  db: Executor,
  rows: ReadonlyArray<{ deliveryId: number; promptId: string }>,
  now: Date,
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('checkin_deliveries')
    .values(rows.map((r) => ({ delivery_id: r.deliveryId, prompt_id: r.promptId, created_at: now })))
    .onConflict((oc) => oc.column('delivery_id').doNothing())
    .execute();
}

/** Ids of the occurrence's deliveries that still need sending. */
export async function openDeliveryIds(db: Executor, occurrenceId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('deliveries')
    .select('id')
    .where('occurrence_id', '=', occurrenceId)
    .where('status', 'in', OPEN_STATUSES)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

export async function getDelivery(db: Executor, id: number): Promise<Delivery | undefined> {
  return db.selectFrom('deliveries').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Claim a delivery for sending (pending, sending or rate-limited → sending, one more attempt), with the prompt an
 * earlier attempt chose, the person it is for and, when no prompt is chosen yet, their prompt history (as
 * {@link promptHistory}), in one round trip. Undefined when it is not open any more (sent, skipped, failed) or its
 * person is gone.
 */
export async function claimDelivery(
  db: Executor,
  id: number,
): Promise<
  { occurrenceId: number; promptId: string | undefined; member: Member; history: string[] } | undefined
> {
  const [row] = await claimQuery(db, id);
  if (!row) return undefined;
  const { claimed_occurrence_id, claimed_prompt_id, claimed_history, ...member } = row;
  return {
    occurrenceId: claimed_occurrence_id,
    promptId: claimed_prompt_id ?? undefined,
    member,
    history: claimed_history ?? [],
  };
}

/**
 * Claim many deliveries at once (a fan-out's batch), as {@link claimDelivery} claims one, in one round trip: those
 * still open, in id order, each with its person, chosen prompt and (if none) history.
 */
export async function claimDeliveries(
  db: Executor,
  ids: readonly number[],
): Promise<
  Array<{
    deliveryId: number;
    occurrenceId: number;
    promptId: string | undefined;
    member: Member;
    history: string[];
  }>
> {
  if (ids.length === 0) return [];
  const rows = await claimManyQuery(db, [...ids]);
  return rows
    .map(({ claimed_id, claimed_occurrence_id, claimed_prompt_id, claimed_history, ...member }) => ({
      deliveryId: claimed_id,
      occurrenceId: claimed_occurrence_id,
      promptId: claimed_prompt_id ?? undefined,
      member,
      history: claimed_history ?? [],
    }))
    .sort((a, b) => a.deliveryId - b.deliveryId);
}

/** The claim's statement, for one row (`= id`) or many (`= any(ids)`). */
function claimStatement(
  db: Executor,
  which: (eb: ExpressionBuilder<Database, 'deliveries'>) => Expression<SqlBool>,
) {
  return db
    .with('claimed', (q) =>
      q
        .updateTable('deliveries')
        .set((eb) => ({ status: 'sending', attempts: eb('attempts', '+', sql.lit(1)) }))
        .where(which)
        .where('status', 'in', OPEN_STATUSES)
        .returning(['id', 'occurrence_id', 'member_id']),
    )
    .selectFrom('claimed')
    .innerJoin('members', 'members.id', 'claimed.member_id')
    .leftJoin('checkin_deliveries', 'checkin_deliveries.delivery_id', 'claimed.id')
    .selectAll('members')
    .select([
      'claimed.occurrence_id as claimed_occurrence_id',
      'checkin_deliveries.prompt_id as claimed_prompt_id',
    ])
    .select(
      sql<string[] | null>`case when checkin_deliveries.prompt_id is null then array(
        select cd.prompt_id from checkin_deliveries cd join deliveries d on d.id = cd.delivery_id
        where d.member_id = claimed.member_id order by cd.created_at, d.id) end`.as('claimed_history'),
    );
}

/** The claims' statements: once per check-in (or batch) sent, so compiled once (`compiled-once.ts`). */
const claimQuery = compiledOnce((db, id: number) => claimStatement(db, (eb) => eb('id', '=', id)));
const claimManyQuery = compiledOnce((db, ids: number[]) =>
  claimStatement(db, () => sql<SqlBool>`${sql.ref('deliveries.id')} = any(${ids}::int[])`).select(
    'claimed.id as claimed_id',
  ),
);

/**
 * How many other open rows {@link markCheckinSent} counts up to: more than the marks that can run at one moment
 * (each worker process runs 32 outbox jobs, and a job marks one row at a time), for two worker processes.
 * Counting further would cost Postgres a scan per message for nothing; with more processes, a round whose last
 * rows all finish together is finished by the sweep.
 */
export const OTHERS_OPEN_CAP = 128;

/**
 * Mark a check-in sent, its person welcomed (their first one, with the welcome), and its round done if no other
 * row of it is open, in one round trip. Returns how many other rows of the round are still open, counted up to
 * {@link OTHERS_OPEN_CAP}.
 *
 * Every part of one statement reads the rows as they were when it began, so two last rows marked at the same
 * moment can each count the other and neither finish the round: a caller told of a few open rows asks again in a
 * statement of its own (`finishRoundsIfDone`), which reads them as they are after this one. Only rows being marked
 * at this very moment can close meanwhile, never more than the workers' concurrency, so a count past the cap
 * needs no second look.
 */
export async function markCheckinSent(
  db: Executor,
  id: number,
  sent: {
    messageRef: Record<string, unknown>;
    sentAt: Date;
    occurrenceId: number;
    welcomedMemberId?: string;
  },
): Promise<number> {
  const [row] = await markSentQuery(
    db,
    id,
    JSON.stringify(sent.messageRef),
    sent.sentAt,
    sent.occurrenceId,
    sent.welcomedMemberId ?? null,
  );
  return Number(row?.others_open ?? 0);
}

/** The mark's statement: once per check-in sent, so compiled once (`compiled-once.ts`). */
const markSentQuery = compiledOnce(
  (
    db,
    id: number,
    messageRef: string,
    sentAt: Date,
    occurrenceId: number,
    welcomedMemberId: string | null,
  ) => {
    const othersOpen = () =>
      db
        .selectFrom('deliveries')
        .select('deliveries.id')
        .where('deliveries.occurrence_id', '=', occurrenceId)
        .where('deliveries.status', 'in', OPEN_STATUSES)
        .where('deliveries.id', '<>', id);
    return (
      db
        .with('marked', (q) =>
          q
            .updateTable('deliveries')
            .set({ status: 'sent', message_ref: messageRef, sent_at: sentAt, error: null })
            .where('id', '=', id)
            .returning('id'),
        )
        // No one to welcome (null): `id = null` matches nothing.
        .with('welcomed', (q) =>
          q
            .updateTable('members')
            .set({ welcomed_at: sentAt })
            .where('id', '=', welcomedMemberId as string)
            .where('welcomed_at', 'is', null)
            .returning('id'),
        )
        .with('finished', (q) =>
          q
            .updateTable('occurrences')
            .set({ status: 'done', finished_at: sentAt })
            .where('id', '=', occurrenceId)
            .where('status', '=', 'sent')
            .where((eb) => eb.not(eb.exists(othersOpen())))
            .returning('id'),
        )
        .selectNoFrom((eb) =>
          eb
            .selectFrom(
              othersOpen()
                .limit(sql.lit(OTHERS_OPEN_CAP + 1))
                .as('open'),
            )
            .select((e) => e.fn.countAll<string>().as('n'))
            .as('others_open'),
        )
    );
  },
);

/**
 * Mark rounds done that have no row left to send: `ids`, or every check-in round scheduled since `since` (the
 * sweep's catch-all for rounds whose last two rows finished together). Returns the rounds it finished.
 */
export async function finishRoundsIfDone(
  db: Executor,
  which: { ids: readonly number[] } | { since: Date },
  at: Date,
): Promise<number[]> {
  if ('ids' in which && which.ids.length === 0) return [];
  let q = db
    .updateTable('occurrences')
    .set({ status: 'done', finished_at: at })
    .where('status', '=', 'sent')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('deliveries')
            .select('deliveries.id')
            .whereRef('deliveries.occurrence_id', '=', 'occurrences.id')
            .where('deliveries.status', 'in', OPEN_STATUSES),
        ),
      ),
    );
  q =
    'ids' in which
      ? q.where('id', 'in', which.ids)
      : q.where('kind', '=', 'checkin').where('scheduled_for', '>=', which.since);
  const rows = await q.returning('id').execute();
  return rows.map((r) => r.id);
}

/**
 * People said `stop`: every check-in still owed to them (of one round, or of any) is skipped (`stopped`), so no
 * queued job sends one. Returns the rounds those rows belonged to.
 */
export async function skipStoppedDeliveries(
  db: Executor,
  memberIds: readonly string[],
  occurrenceId?: number,
): Promise<number[]> {
  if (memberIds.length === 0) return [];
  let q = db
    .updateTable('deliveries')
    .set({ status: 'skipped', skip_reason: 'stopped' })
    .where('member_id', 'in', memberIds)
    .where('status', 'in', OPEN_STATUSES);
  if (occurrenceId !== undefined) q = q.where('occurrence_id', '=', occurrenceId);
  const rows = await q.returning('occurrence_id').execute();
  return [...new Set(rows.map((r) => r.occurrence_id))];
}

export async function markDelivery(
  db: Executor,
  id: number,
  patch: {
    status: DeliveryStatus;
    messageRef?: Record<string, unknown>;
    sentAt?: Date;
    error?: string | null;
    skipReason?: string;
  },
): Promise<void> {
  await db
    .updateTable('deliveries')
    .set({
      status: patch.status,
      ...(patch.messageRef ? { message_ref: JSON.stringify(patch.messageRef) } : {}),
      ...(patch.sentAt ? { sent_at: patch.sentAt } : {}),
      ...(patch.error !== undefined ? { error: patch.error } : {}),
      ...(patch.skipReason ? { skip_reason: patch.skipReason } : {}),
    })
    .where('id', '=', id)
    .execute();
}

/** Every prompt id given to a member, oldest first: the rotation history. */
export async function promptHistory(db: Executor, memberId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('checkin_deliveries')
    .innerJoin('deliveries', 'deliveries.id', 'checkin_deliveries.delivery_id')
    .select('checkin_deliveries.prompt_id')
    .where('deliveries.member_id', '=', memberId)
    .orderBy('checkin_deliveries.created_at')
    .orderBy('deliveries.id')
    .execute();
  return rows.map((r) => r.prompt_id);
}

/** The prompt of a delivery, if one was chosen. */
export async function deliveryPrompt(db: Executor, deliveryId: number): Promise<string | undefined> {
  const row = await db
    .selectFrom('checkin_deliveries')
    .select('prompt_id')
    .where('delivery_id', '=', deliveryId)
    .executeTakeFirst();
  return row?.prompt_id;
}

/** Record the prompt chosen for a delivery; the first choice wins, so every attempt shows the same prompt. */
export async function setDeliveryPrompt(
  db: Executor,
  deliveryId: number,
  promptId: string,
  now: Date,
): Promise<string> {
  const inserted = await db
    .insertInto('checkin_deliveries')
    .values({ delivery_id: deliveryId, prompt_id: promptId, created_at: now })
    .onConflict((oc) => oc.column('delivery_id').doNothing())
    .returning('prompt_id')
    .executeTakeFirst();
  // Another attempt chose first: its choice stands.
  return inserted?.prompt_id ?? (await deliveryPrompt(db, deliveryId)) ?? promptId;
}

/** Claim the one reminder of a delivery. False when it was reminded already. */
export async function claimReminder(db: Executor, deliveryId: number, now: Date): Promise<boolean> {
  const row = await db
    .updateTable('checkin_deliveries')
    .set({ reminded_at: now })
    .where('delivery_id', '=', deliveryId)
    .where('reminded_at', 'is', null)
    .returning('delivery_id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Give a reminder claim back after a send that will be retried (rate limit, transient failure). */
export async function releaseReminder(db: Executor, deliveryId: number): Promise<void> {
  await db
    .updateTable('checkin_deliveries')
    .set({ reminded_at: null })
    .where('delivery_id', '=', deliveryId)
    .execute();
}

/** Whether the private support message of a delivery is done (sent, or found undeliverable). */
export async function supportDone(db: Executor, deliveryId: number): Promise<boolean> {
  const row = await db
    .selectFrom('checkin_deliveries')
    .select('support_sent_at')
    .where('delivery_id', '=', deliveryId)
    .executeTakeFirst();
  return row?.support_sent_at != null;
}

/** Mark the private support message of a delivery done, once: false when it already was. */
export async function markSupportDone(db: Executor, deliveryId: number, now: Date): Promise<boolean> {
  const row = await db
    .updateTable('checkin_deliveries')
    .set({ support_sent_at: now })
    .where('delivery_id', '=', deliveryId)
    .where('support_sent_at', 'is', null)
    .returning('delivery_id')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Support messages owed: answers at or under `lowMax` given in [`from`, `to`) whose support message is not done.
 * What the delivery sweep looks at (a support job Redis lost must still reach the person).
 */
export async function supportOwed(
  db: Executor,
  lowMax: number,
  from: Date,
  to: Date,
): Promise<Array<{ deliveryId: number; workspaceId: string }>> {
  const rows = await db
    .selectFrom('checkin_answers')
    .innerJoin('checkin_deliveries', 'checkin_deliveries.delivery_id', 'checkin_answers.delivery_id')
    .select(['checkin_answers.delivery_id', 'checkin_answers.workspace_id'])
    .where('checkin_answers.scale', '<=', lowMax)
    .where('checkin_answers.answered_at', '>=', from)
    .where('checkin_answers.answered_at', '<', to)
    .where('checkin_deliveries.support_sent_at', 'is', null)
    .orderBy('checkin_answers.delivery_id')
    .execute();
  return rows.map((r) => ({ deliveryId: r.delivery_id, workspaceId: r.workspace_id }));
}

/** Whether a delivery has an answer (or a skip). */
export async function isAnswered(db: Executor, deliveryId: number): Promise<boolean> {
  const row = await db
    .selectFrom('checkin_answers')
    .select('delivery_id')
    .where('delivery_id', '=', deliveryId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Sent deliveries of an occurrence with no answer and no reminder yet. */
export async function unansweredForReminder(db: Executor, occurrenceId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('deliveries')
    .innerJoin('checkin_deliveries', 'checkin_deliveries.delivery_id', 'deliveries.id')
    .leftJoin('checkin_answers', 'checkin_answers.delivery_id', 'deliveries.id')
    .select('deliveries.id')
    .where('deliveries.occurrence_id', '=', occurrenceId)
    .where('deliveries.status', '=', 'sent')
    .where('checkin_answers.delivery_id', 'is', null)
    .where('checkin_deliveries.reminded_at', 'is', null)
    .orderBy('deliveries.id')
    .execute();
  return rows.map((r) => r.id);
}

export interface DeliveryCounts {
  total: number;
  sent: number;
  skipped: number;
  failed: number;
  rateLimited: number;
  open: number;
}

/**
 * Open deliveries (pending, sending, rate-limited) of rounds whose fan-out finished, scheduled in
 * [`from`, `to`): what the delivery sweep looks at.
 */
export async function openDeliveriesOfRounds(
  db: Executor,
  from: Date,
  to: Date,
): Promise<Array<{ id: number; occurrenceId: number; workspaceId: string }>> {
  const rows = await db
    .selectFrom('deliveries')
    .innerJoin('occurrences', 'occurrences.id', 'deliveries.occurrence_id')
    .select(['deliveries.id', 'deliveries.occurrence_id', 'occurrences.workspace_id'])
    .where('occurrences.status', '=', 'sent')
    .where('occurrences.scheduled_for', '>=', from)
    .where('occurrences.scheduled_for', '<', to)
    .where('deliveries.status', 'in', OPEN_STATUSES)
    .orderBy('deliveries.id')
    .execute();
  return rows.map((r) => ({ id: r.id, occurrenceId: r.occurrence_id, workspaceId: r.workspace_id }));
}

/**
 * Give up on open deliveries of rounds scheduled before `before` (a send lost and never recovered): marked failed
 * as `lost`. Returns the rounds touched, so they can be finished.
 */
export async function failLostDeliveries(db: Executor, before: Date): Promise<number[]> {
  const rows = await db
    .updateTable('deliveries')
    .set({ status: 'failed', error: 'lost' })
    .where('status', 'in', OPEN_STATUSES)
    .where('occurrence_id', 'in', (eb) =>
      eb
        .selectFrom('occurrences')
        .select('id')
        .where('status', '=', 'sent')
        .where('scheduled_for', '<', before),
    )
    .returning('occurrence_id')
    .execute();
  return [...new Set(rows.map((r) => r.occurrence_id))];
}

export async function deliveryCounts(
  db: Executor,
  occurrenceIds: readonly number[],
): Promise<Map<number, DeliveryCounts>> {
  const out = new Map<number, DeliveryCounts>();
  if (occurrenceIds.length === 0) return out;
  const rows = await db
    .selectFrom('deliveries')
    .select(['occurrence_id', 'status', sql<string>`count(*)`.as('n')])
    .where('occurrence_id', 'in', occurrenceIds)
    .groupBy(['occurrence_id', 'status'])
    .execute();
  for (const id of occurrenceIds)
    out.set(id, { total: 0, sent: 0, skipped: 0, failed: 0, rateLimited: 0, open: 0 });
  for (const r of rows) {
    const c = out.get(r.occurrence_id)!;
    const n = Number(r.n);
    c.total += n;
    if (r.status === 'sent') c.sent += n;
    else if (r.status === 'skipped') c.skipped += n;
    else if (r.status === 'failed') c.failed += n;
    else {
      c.open += n;
      if (r.status === 'rate-limited') c.rateLimited += n;
    }
  }
  return out;
}
