import type { JSONColumnType } from 'kysely';
import type { Timestamp } from './core.js';

/**
 * Teams: where and how to reach a tenant. Service URLs are per tenant (and region) and can change: every
 * inbound activity refreshes the row.
 */
export interface TeamsTenantsTable {
  tenant_id: string;
  service_url: string;
  /** The bot's channel account id in this tenant (`28:<app id>`), needed to open 1:1 conversations. */
  bot_id: string;
  updated_at: Timestamp;
}

/**
 * Teams: how to reach one person. Belongs to a member (ON DELETE CASCADE), so `forget me` removes it.
 * `conversation_id` is null until the person wrote to the bot or the bot opened a 1:1 chat with them.
 */
export interface TeamsUserRefsTable {
  tenant_id: string;
  /** Our user id for the person: the AAD object id when known, else the channel account id. */
  user_id: string;
  member_id: string;
  /** The Teams channel account id (`29:...`), what the connector wants when opening a conversation. */
  account_id: string;
  service_url: string;
  conversation_id: string | null;
  /** `TurnContext.getConversationReference(activity)` of the latest 1:1 activity. */
  reference: JSONColumnType<Record<string, unknown>> | null;
  updated_at: Timestamp;
}

/** Teams: a team the bot was added to, for its roster and its channels. */
export interface TeamsTeamRefsTable {
  tenant_id: string;
  team_id: string;
  service_url: string;
  reference: JSONColumnType<Record<string, unknown>>;
  updated_at: Timestamp;
}

export interface TeamsTables {
  teams_tenants: TeamsTenantsTable;
  teams_user_refs: TeamsUserRefsTable;
  teams_team_refs: TeamsTeamRefsTable;
}
