import type { Selectable } from 'kysely';
import type { CadencesTable, Executor } from '../../db/schema.js';

export type Cadence = Selectable<CadencesTable>;

export async function getCadence(db: Executor, id: number): Promise<Cadence | undefined> {
  return db.selectFrom('cadences').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listCadences(
  db: Executor,
  workspaceId: string,
  kind?: Cadence['kind'],
): Promise<Cadence[]> {
  let q = db.selectFrom('cadences').selectAll().where('workspace_id', '=', workspaceId);
  if (kind) q = q.where('kind', '=', kind);
  return q.orderBy('id').execute();
}

/** Every cadence that should have a job scheduler: not paused, in an active workspace. */
export async function listActiveCadences(
  db: Executor,
): Promise<Array<Cadence & { workspace_timezone: string }>> {
  return db
    .selectFrom('cadences')
    .innerJoin('workspaces', 'workspaces.id', 'cadences.workspace_id')
    .selectAll('cadences')
    .select('workspaces.timezone as workspace_timezone')
    .where('cadences.paused', '=', false)
    .where('workspaces.active', '=', true)
    .orderBy('cadences.id')
    .execute();
}

export async function insertCadence(
  db: Executor,
  values: {
    workspaceId: string;
    kind: Cadence['kind'];
    rrule: string;
    zone: string;
    scheduleText: string;
    audience: Record<string, unknown>;
    options?: Record<string, unknown>;
    createdBy: string | null;
    now: Date;
  },
): Promise<Cadence> {
  return db
    .insertInto('cadences')
    .values({
      workspace_id: values.workspaceId,
      kind: values.kind,
      rrule: values.rrule,
      zone: values.zone,
      schedule_text: values.scheduleText,
      audience: JSON.stringify(values.audience),
      options: JSON.stringify(values.options ?? {}),
      paused: false,
      created_by: values.createdBy,
      updated_at: values.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateCadence(
  db: Executor,
  id: number,
  patch: {
    paused?: boolean;
    rrule?: string;
    zone?: string;
    scheduleText?: string;
    options?: Record<string, unknown>;
  },
  now: Date,
): Promise<Cadence | undefined> {
  return db
    .updateTable('cadences')
    .set({
      ...(patch.paused !== undefined ? { paused: patch.paused } : {}),
      ...(patch.rrule !== undefined ? { rrule: patch.rrule } : {}),
      ...(patch.zone !== undefined ? { zone: patch.zone } : {}),
      ...(patch.scheduleText !== undefined ? { schedule_text: patch.scheduleText } : {}),
      ...(patch.options !== undefined ? { options: JSON.stringify(patch.options) } : {}),
      updated_at: now,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteCadence(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('cadences').where('id', '=', id).execute();
}

/** The distinct zones of a workspace's members, each member's own or the workspace's. For `local` cadences. */
export async function memberZones(db: Executor, workspaceId: string, fallback: string): Promise<string[]> {
  const rows = await db
    .selectFrom('members')
    .select('timezone')
    .distinct()
    .where('workspace_id', '=', workspaceId)
    .execute();
  const zones = new Set(rows.map((r) => r.timezone ?? fallback));
  if (zones.size === 0) zones.add(fallback);
  return [...zones].sort();
}
