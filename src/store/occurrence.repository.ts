import type { Selectable } from 'kysely';
import type { Executor, OccurrencesTable } from '../../db/schema.js';

export type Occurrence = Selectable<OccurrencesTable>;

/**
 * Record a firing, or find the one already recorded for the same (cadence, time, zone). The unique constraint
 * makes a second scheduler or a retried firing job land on the same row.
 */
export async function claimOccurrence(
  db: Executor,
  values: {
    cadenceId: number | null;
    workspaceId: string;
    kind: string;
    scheduledFor: Date;
    zone: string;
    status?: Occurrence['status'];
    skipReason?: string;
  },
): Promise<{ occurrence: Occurrence; created: boolean }> {
  const inserted = await db
    .insertInto('occurrences')
    .values({
      cadence_id: values.cadenceId,
      workspace_id: values.workspaceId,
      kind: values.kind,
      scheduled_for: values.scheduledFor,
      zone: values.zone,
      status: values.status ?? 'fanning-out',
      skip_reason: values.skipReason ?? null,
      finished_at: values.status === 'skipped' ? values.scheduledFor : null,
    })
    .onConflict((oc) => oc.columns(['cadence_id', 'scheduled_for', 'zone']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { occurrence: inserted, created: true };
  const existing = await db
    .selectFrom('occurrences')
    .selectAll()
    .where('cadence_id', '=', values.cadenceId)
    .where('scheduled_for', '=', values.scheduledFor)
    .where('zone', '=', values.zone)
    .executeTakeFirstOrThrow();
  return { occurrence: existing, created: false };
}

export async function getOccurrence(db: Executor, id: number): Promise<Occurrence | undefined> {
  return db.selectFrom('occurrences').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The kind and workspace of one occurrence, without the rest of its row. */
export async function getOccurrenceKind(
  db: Executor,
  id: number,
): Promise<Pick<Occurrence, 'kind' | 'workspace_id'> | undefined> {
  return db
    .selectFrom('occurrences')
    .select(['kind', 'workspace_id'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function finishOccurrence(
  db: Executor,
  id: number,
  status: Occurrence['status'],
  at: Date,
  skipReason?: string | null,
): Promise<void> {
  await db
    .updateTable('occurrences')
    .set({ status, finished_at: at, ...(skipReason !== undefined ? { skip_reason: skipReason } : {}) })
    .where('id', '=', id)
    .execute();
}

export async function occurrenceExists(
  db: Executor,
  cadenceId: number,
  scheduledFor: Date,
  zone: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('occurrences')
    .select('id')
    .where('cadence_id', '=', cadenceId)
    .where('scheduled_for', '=', scheduledFor)
    .where('zone', '=', zone)
    .executeTakeFirst();
  return row !== undefined;
}

/** Take back an occurrence that never started (its fan-out could not be queued), so nothing is half done. */
export async function deleteUnstartedOccurrence(db: Executor, id: number): Promise<void> {
  await db
    .deleteFrom('occurrences')
    .where('id', '=', id)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('deliveries')
            .select('deliveries.id')
            .whereRef('deliveries.occurrence_id', '=', 'occurrences.id'),
        ),
      ),
    )
    .execute();
}

/** The workspace's check-in rounds that may still be sending (fanning out, or sent with rows open), newest first. */
export async function recentOpenCheckinRounds(
  db: Executor,
  workspaceId: string,
  limit = 10,
): Promise<Occurrence[]> {
  return db
    .selectFrom('occurrences')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('kind', '=', 'checkin')
    .where('status', 'in', ['fanning-out', 'sent'])
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** A cadence's latest round that was not skipped. */
export async function latestRoundOf(db: Executor, cadenceId: number): Promise<Occurrence | undefined> {
  return db
    .selectFrom('occurrences')
    .selectAll()
    .where('cadence_id', '=', cadenceId)
    .where('status', '!=', 'skipped')
    .orderBy('scheduled_for', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** A check-in round's fan-out finished: every delivery row is written and queued (`total` of them). */
export async function markRoundQueued(db: Executor, id: number, total: number): Promise<void> {
  await db
    .updateTable('occurrences')
    .set({ total, status: 'sent' })
    .where('id', '=', id)
    .where('status', '=', 'fanning-out')
    .execute();
}

/** A check-in round with nothing left to send is done. */
export async function markRoundDone(db: Executor, id: number, at: Date): Promise<void> {
  await db
    .updateTable('occurrences')
    .set({ status: 'done', finished_at: at })
    .where('id', '=', id)
    .where('status', '=', 'sent')
    .execute();
}
