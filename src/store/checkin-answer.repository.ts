/**
 * Check-in answers (reflections encrypted by the caller) and the frozen weekly report figures.
 * Nothing here decrypts: the services decrypt in memory only where a person's words must be shown.
 */
import { sql } from 'kysely';
import type { Executor } from '../../db/schema.js';

export interface NewAnswer {
  deliveryId: number;
  memberId: string;
  workspaceId: string;
  scale: number | null;
  /** Ciphertext from `TextCipher.encrypt`, never plaintext. */
  reflection: string | null;
  keyId: string | null;
  shared: boolean;
  skipped: boolean;
  answeredAt: Date;
}

/** Store an answer. False when the delivery was answered already (nothing changes then). */
export async function insertAnswer(db: Executor, answer: NewAnswer): Promise<boolean> {
  const row = await db
    .insertInto('checkin_answers')
    .values({
      delivery_id: answer.deliveryId,
      member_id: answer.memberId,
      workspace_id: answer.workspaceId,
      scale: answer.scale,
      reflection: answer.reflection,
      key_id: answer.keyId,
      shared: answer.shared,
      skipped: answer.skipped,
      answered_at: answer.answeredAt,
    })
    .onConflict((oc) => oc.column('delivery_id').doNothing())
    .returning('delivery_id')
    .executeTakeFirst();
  return row !== undefined;
}

/** How many answers a member has stored, and how many of them hold a reflection. */
export async function countMemberAnswers(
  db: Executor,
  memberId: string,
): Promise<{ answers: number; reflections: number; shared: number }> {
  const row = await db
    .selectFrom('checkin_answers')
    .select([
      sql<string>`count(*) filter (where not skipped)`.as('answers'),
      sql<string>`count(reflection)`.as('reflections'),
      sql<string>`count(*) filter (where shared)`.as('shared'),
    ])
    .where('member_id', '=', memberId)
    .executeTakeFirstOrThrow();
  return { answers: Number(row.answers), reflections: Number(row.reflections), shared: Number(row.shared) };
}

/** One shared reflection, still encrypted, with who shared it (so the digest can count people, not rows). */
export interface SharedReflection {
  memberId: string;
  /** The answer's delivery: the row its ciphertext is bound to. */
  deliveryId: number;
  /** Ciphertext. */
  reflection: string;
  answeredAt: Date;
}

/** Encrypted reflections shared in `(after, upTo]` in a workspace, oldest first. */
export async function sharedReflections(
  db: Executor,
  workspaceId: string,
  after: Date | null,
  upTo: Date,
): Promise<SharedReflection[]> {
  let q = db
    .selectFrom('checkin_answers')
    .select(['member_id', 'delivery_id', 'reflection', 'answered_at'])
    .where('workspace_id', '=', workspaceId)
    .where('shared', '=', true)
    .where('reflection', 'is not', null)
    .where('answered_at', '<=', upTo);
  if (after) q = q.where('answered_at', '>', after);
  const rows = await q.orderBy('answered_at').orderBy('delivery_id').execute();
  return rows
    .filter((r) => (r.reflection ?? '').length > 0)
    .map((r) => ({
      memberId: r.member_id,
      deliveryId: r.delivery_id,
      reflection: r.reflection!,
      answeredAt: new Date(r.answered_at),
    }));
}

/** Retention: delete a workspace's answers older than `before`. Returns how many went. */
export async function deleteAnswersBefore(db: Executor, workspaceId: string, before: Date): Promise<number> {
  const result = await db
    .deleteFrom('checkin_answers')
    .where('workspace_id', '=', workspaceId)
    .where('answered_at', '<', before)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** A week's figures as frozen: over distinct people; all 0 and `suppressed` when fewer than k answered. */
export interface WeekFigures {
  invited: number;
  answered: number;
  /** People per scale step (each person's latest), keys '1'..'5'. */
  scaleCounts: Record<string, number>;
  suppressed: boolean;
}

/** One check-in delivery sent in a week and its answer, if any. No reflection text. */
export interface WeekDelivery {
  memberId: string;
  answered: boolean;
  scale: number | null;
  answeredAt: Date | null;
}

/** Every check-in sent in `[start, end)` across the whole workspace, with its answer: the core counts people. */
export async function weekDeliveries(
  db: Executor,
  workspaceId: string,
  start: Date,
  end: Date,
): Promise<WeekDelivery[]> {
  const rows = await db
    .selectFrom('deliveries')
    .innerJoin('occurrences', 'occurrences.id', 'deliveries.occurrence_id')
    .leftJoin('checkin_answers', 'checkin_answers.delivery_id', 'deliveries.id')
    .select([
      'deliveries.member_id',
      'checkin_answers.delivery_id as answer_id',
      'checkin_answers.skipped',
      'checkin_answers.scale',
      'checkin_answers.answered_at',
    ])
    .where('occurrences.workspace_id', '=', workspaceId)
    .where('occurrences.kind', '=', 'checkin')
    .where('deliveries.status', '=', 'sent')
    .where('deliveries.sent_at', '>=', start)
    .where('deliveries.sent_at', '<', end)
    .execute();
  return rows.map((r) => ({
    memberId: r.member_id,
    answered: r.answer_id !== null && r.skipped === false,
    scale: r.answer_id !== null && r.skipped === false ? r.scale : null,
    answeredAt: r.answered_at ? new Date(r.answered_at) : null,
  }));
}

/**
 * How many distinct people were sent a check-in in `[start, end)` across the whole workspace: people, not
 * deliveries, so one person sent several rounds counts once. Reads no answer.
 */
export async function distinctPeopleSentTo(
  db: Executor,
  workspaceId: string,
  start: Date,
  end: Date,
): Promise<number> {
  const row = await db
    .selectFrom('deliveries')
    .innerJoin('occurrences', 'occurrences.id', 'deliveries.occurrence_id')
    .select(sql<string>`count(distinct deliveries.member_id)`.as('people'))
    .where('occurrences.workspace_id', '=', workspaceId)
    .where('occurrences.kind', '=', 'checkin')
    .where('deliveries.status', '=', 'sent')
    .where('deliveries.sent_at', '>=', start)
    .where('deliveries.sent_at', '<', end)
    .executeTakeFirstOrThrow();
  return Number(row.people);
}

export async function frozenWeeks(
  db: Executor,
  workspaceId: string,
  isoWeeks: readonly string[],
): Promise<Map<string, WeekFigures>> {
  const out = new Map<string, WeekFigures>();
  if (isoWeeks.length === 0) return out;
  const rows = await db
    .selectFrom('checkin_weeks')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('iso_week', 'in', isoWeeks)
    .execute();
  for (const r of rows) {
    out.set(r.iso_week, {
      invited: r.invited,
      answered: r.answered,
      scaleCounts: r.scale_counts,
      suppressed: r.suppressed,
    });
  }
  return out;
}

/** Freeze a closed week's figures (already through `figuresToFreeze`); the first freeze wins. */
export async function freezeWeek(
  db: Executor,
  workspaceId: string,
  isoWeek: string,
  figures: WeekFigures,
  now: Date,
): Promise<void> {
  await db
    .insertInto('checkin_weeks')
    .values({
      workspace_id: workspaceId,
      iso_week: isoWeek,
      invited: figures.invited,
      answered: figures.answered,
      scale_counts: JSON.stringify(figures.scaleCounts),
      suppressed: figures.suppressed,
      frozen_at: now,
    })
    .onConflict((oc) => oc.columns(['workspace_id', 'iso_week']).doNothing())
    .execute();
}

/** One written check-in reflection of a member (still encrypted), with the prompt it answered. */
export interface WrittenReflection {
  delivery_id: number;
  answered_at: Date;
  reflection: string | null;
  prompt_id: string;
}

/** The member's own written (not skipped) check-in reflections answered in [start, end), oldest first. */
export async function reflectionsOf(
  db: Executor,
  memberId: string,
  start: Date,
  end: Date,
): Promise<WrittenReflection[]> {
  return db
    .selectFrom('checkin_answers as a')
    .innerJoin('checkin_deliveries as d', 'd.delivery_id', 'a.delivery_id')
    .select(['a.delivery_id', 'a.answered_at', 'a.reflection', 'd.prompt_id'])
    .where('a.member_id', '=', memberId)
    .where('a.skipped', '=', false)
    .where('a.reflection', 'is not', null)
    .where('a.answered_at', '>=', start)
    .where('a.answered_at', '<', end)
    .orderBy('a.answered_at')
    .execute();
}
