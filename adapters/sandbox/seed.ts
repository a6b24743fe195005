/**
 * Seeds the sandbox workspace on first start (and after a reset): the workspace, its first admin through the
 * real install path, and each persona's band, organisation and time zone. A persona with lived experience says
 * so themselves, through the real command, as only a person can.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Inbound } from '../../src/ports.js';
import { updateMember, upsertMember } from '../../src/store/member.repository.js';
import { findWorkspace, updateWorkspace } from '../../src/store/workspace.repository.js';
import {
  PERSONAS,
  personaActor,
  SANDBOX_SIGNPOST,
  SANDBOX_WORKSPACE,
  SANDBOX_WORKSPACE_NAME,
} from './personas.js';

/**
 * Create the sandbox workspace and its personas unless the workspace exists. Returns true when it seeded.
 * Safe to run twice at once: every step is an upsert.
 */
export async function seedSandbox(db: Kysely<Database>, inbound: Inbound, now: Date): Promise<boolean> {
  if (await findWorkspace(db, 'sandbox', SANDBOX_WORKSPACE)) return false;
  const admin = PERSONAS.find((p) => p.admin) ?? PERSONAS[0]!;
  await inbound.installed({
    platform: 'sandbox',
    workspaceId: SANDBOX_WORKSPACE,
    name: SANDBOX_WORKSPACE_NAME,
    installer: personaActor(admin),
  });
  const workspace = await findWorkspace(db, 'sandbox', SANDBOX_WORKSPACE);
  if (!workspace) throw new Error('the sandbox workspace was not created');
  await updateWorkspace(db, workspace.id, { signpost: SANDBOX_SIGNPOST, timezone: 'Europe/London' }, now);
  for (const p of PERSONAS) {
    const { member } = await upsertMember(
      db,
      workspace.id,
      p.id,
      { displayName: p.name, timezone: p.timezone, platformAdmin: false },
      now,
    );
    await updateMember(db, member.id, { band: p.band, org: p.org, admin: p.admin }, now);
    if (p.livedExperience) await inbound.command({ actor: personaActor(p), text: 'me lived-experience yes' });
  }
  return true;
}

/** Delete the sandbox workspace; every row belonging to it goes with it (ON DELETE CASCADE). */
export async function deleteSandboxWorkspace(db: Kysely<Database>): Promise<void> {
  await db
    .deleteFrom('workspaces')
    .where('platform', '=', 'sandbox')
    .where('external_id', '=', SANDBOX_WORKSPACE)
    .execute();
}
