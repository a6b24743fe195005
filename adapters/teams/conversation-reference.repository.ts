/**
 * Where and how to reach people and teams in Teams: tenants (service URL, bot id), people (1:1 conversation,
 * channel account id), teams. Rows about a person cascade with their member row (`forget me`).
 */
import type { Selectable } from 'kysely';
import type { Executor } from '../../db/schema.js';
import type { TeamsTeamRefsTable, TeamsUserRefsTable } from '../../db/tables/teams.js';

export type UserRef = Selectable<TeamsUserRefsTable>;
export type TeamRef = Selectable<TeamsTeamRefsTable>;

/** Remember a tenant's service URL and the bot's id there; service URLs are regional and may move. */
export async function saveTenant(
  db: Executor,
  tenantId: string,
  serviceUrl: string,
  botId: string,
  now: Date,
): Promise<void> {
  await db
    .insertInto('teams_tenants')
    .values({ tenant_id: tenantId, service_url: serviceUrl, bot_id: botId, updated_at: now })
    .onConflict((oc) =>
      oc.column('tenant_id').doUpdateSet({ service_url: serviceUrl, bot_id: botId, updated_at: now }),
    )
    .execute();
}

export async function findTenant(
  db: Executor,
  tenantId: string,
): Promise<{ serviceUrl: string; botId: string } | undefined> {
  const row = await db
    .selectFrom('teams_tenants')
    .select(['service_url', 'bot_id'])
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  return row ? { serviceUrl: row.service_url, botId: row.bot_id } : undefined;
}

/**
 * Record how to reach a person. A 1:1 conversation, once known, is kept when a later sighting (a channel
 * message, a roster read) has none.
 */
export async function saveUserRef(
  db: Executor,
  ref: {
    tenantId: string;
    userId: string;
    memberId: string;
    accountId: string;
    serviceUrl: string;
    conversationId?: string;
    reference?: Record<string, unknown>;
  },
  now: Date,
): Promise<void> {
  const values = {
    tenant_id: ref.tenantId,
    user_id: ref.userId,
    member_id: ref.memberId,
    account_id: ref.accountId,
    service_url: ref.serviceUrl,
    conversation_id: ref.conversationId ?? null,
    reference: ref.reference ? JSON.stringify(ref.reference) : null,
    updated_at: now,
  };
  await db
    .insertInto('teams_user_refs')
    .values(values)
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'user_id']).doUpdateSet((eb) => ({
        member_id: values.member_id,
        account_id: values.account_id,
        service_url: values.service_url,
        conversation_id: ref.conversationId
          ? values.conversation_id
          : eb.ref('teams_user_refs.conversation_id'),
        reference: ref.reference ? values.reference : eb.ref('teams_user_refs.reference'),
        updated_at: now,
      })),
    )
    .execute();
}

export async function findUserRef(
  db: Executor,
  tenantId: string,
  userId: string,
): Promise<UserRef | undefined> {
  return db
    .selectFrom('teams_user_refs')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/** The references of many people of one tenant, in one round trip (a batch of check-ins about to go). */
export async function findUserRefs(
  db: Executor,
  tenantId: string,
  userIds: readonly string[],
): Promise<UserRef[]> {
  if (userIds.length === 0) return [];
  return db
    .selectFrom('teams_user_refs')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('user_id', 'in', userIds)
    .execute();
}

/** Our user id for a channel account id (`29:...`), when the person has been seen. */
export async function userIdForAccount(
  db: Executor,
  tenantId: string,
  accountId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('teams_user_refs')
    .select('user_id')
    .where('tenant_id', '=', tenantId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return row?.user_id;
}

export async function saveTeamRef(
  db: Executor,
  ref: { tenantId: string; teamId: string; serviceUrl: string; reference: Record<string, unknown> },
  now: Date,
): Promise<void> {
  const reference = JSON.stringify(ref.reference);
  await db
    .insertInto('teams_team_refs')
    .values({
      tenant_id: ref.tenantId,
      team_id: ref.teamId,
      service_url: ref.serviceUrl,
      reference,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc
        .columns(['tenant_id', 'team_id'])
        .doUpdateSet({ service_url: ref.serviceUrl, reference, updated_at: now }),
    )
    .execute();
}

export async function findTeamRef(
  db: Executor,
  tenantId: string,
  teamId: string,
): Promise<TeamRef | undefined> {
  return db
    .selectFrom('teams_team_refs')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('team_id', '=', teamId)
    .executeTakeFirst();
}
