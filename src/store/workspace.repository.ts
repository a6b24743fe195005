import type { Selectable } from 'kysely';
import type { Executor, WorkspacesTable } from '../../db/schema.js';
import type { Platform } from '../ports.js';
import { newId } from './ids.js';

export type Workspace = Selectable<WorkspacesTable>;

export async function findWorkspace(
  db: Executor,
  platform: Platform,
  externalId: string,
): Promise<Workspace | undefined> {
  return db
    .selectFrom('workspaces')
    .selectAll()
    .where('platform', '=', platform)
    .where('external_id', '=', externalId)
    .executeTakeFirst();
}

export async function getWorkspace(db: Executor, id: string): Promise<Workspace | undefined> {
  return db.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every workspace, active or not (the retention sweep covers them all). */
export async function listWorkspaces(db: Executor): Promise<Workspace[]> {
  return db.selectFrom('workspaces').selectAll().execute();
}

/** Find or create the workspace row for a platform workspace. Safe under concurrent first contact. */
export async function ensureWorkspace(
  db: Executor,
  platform: Platform,
  externalId: string,
  now: Date,
  name?: string,
): Promise<{ workspace: Workspace; created: boolean }> {
  const existing = await findWorkspace(db, platform, externalId);
  if (existing) return { workspace: existing, created: false };
  const inserted = await db
    .insertInto('workspaces')
    .values({ id: newId(), platform, external_id: externalId, name: name ?? null, updated_at: now })
    .onConflict((oc) => oc.columns(['platform', 'external_id']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { workspace: inserted, created: true };
  const again = await findWorkspace(db, platform, externalId);
  if (!again) throw new Error('workspace vanished while being created');
  return { workspace: again, created: false };
}

export async function updateWorkspace(
  db: Executor,
  id: string,
  patch: Partial<
    Pick<
      Workspace,
      'k' | 'retention_days' | 'timezone' | 'signpost' | 'community_id' | 'active' | 'name' | 'crisis_lines'
    >
  >,
  now: Date,
): Promise<void> {
  await db
    .updateTable('workspaces')
    .set({ ...patch, updated_at: now })
    .where('id', '=', id)
    .execute();
}
