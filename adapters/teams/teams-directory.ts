/**
 * The `Directory` port for Teams: a team's or channel's roster (every page), and one person's profile. Everyone
 * listed is remembered (member row and how to reach them), so the services can message them next.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../../src/clock.js';
import { NotFound } from '../../src/errors.js';
import type { Directory, PlatformAudience, Profile } from '../../src/ports.js';
import { memberOnPlatform } from '../../src/services/members/sighting.js';
import { userIdOf } from './activity-mappers.js';
import type { ChannelAccount } from './bot-connector.client.js';
import type { BotRegistry } from './bot-registry.js';
import { findTeamRef, findUserRef } from './conversation-reference.repository.js';
import type { PersonHasher } from '../../src/crypto.js';
import { isBotAccount, rememberPerson } from './people.js';

/** Teams allows up to 500 members per page; fewer round trips for big teams. */
export const ROSTER_PAGE_SIZE = 500;

export function profileOf(account: ChannelAccount, timezone?: string | null): Profile {
  const profile: Profile = {
    userId: userIdOf(account) ?? account.id,
    displayName: account.name ?? '',
    platformAdmin: false,
  };
  const email = account.email || account.userPrincipalName;
  if (email) profile.email = email;
  if (timezone) profile.timezone = timezone;
  return profile;
}

export class TeamsDirectory implements Directory {
  readonly platform = 'teams' as const;

  constructor(
    private readonly deps: { db: Kysely<Database>; bots: BotRegistry; clock: Clock; people: PersonHasher },
  ) {}

  async listAudience(workspaceId: string, audience: PlatformAudience): Promise<Profile[]> {
    const { db, clock } = this.deps;
    const route = await this.deps.bots.forTenant(workspaceId);
    const client = route.bot.client;
    const conversationId = audience.kind === 'team' ? audience.teamId : audience.channelId;
    const serviceUrl =
      (audience.kind === 'team'
        ? (await findTeamRef(db, workspaceId, audience.teamId))?.service_url
        : undefined) ?? route.serviceUrl;
    if (!serviceUrl) throw new NotFound('the bot has not been seen in this tenant yet');
    const profiles: Profile[] = [];
    let token: string | undefined;
    do {
      const page = await client.getPagedMembers(serviceUrl, conversationId, ROSTER_PAGE_SIZE, token);
      for (const account of page.members ?? []) {
        if (isBotAccount(account)) continue;
        const member = await rememberPerson(
          db,
          this.deps.people,
          { tenantId: workspaceId, serviceUrl, account },
          clock.now(),
        );
        // Someone who said `forget me` is not part of any audience until they come back themselves.
        if (!member) continue;
        profiles.push(profileOf(account, member.timezone));
      }
      token = page.continuationToken || undefined;
    } while (token);
    return profiles;
  }

  async profile(workspaceId: string, userId: string): Promise<Profile | null> {
    const { db } = this.deps;
    const ref = await findUserRef(db, workspaceId, userId);
    const member = await memberOnPlatform(db, 'teams', workspaceId, userId);
    if (!ref) {
      return member
        ? {
            userId,
            displayName: member.display_name ?? '',
            platformAdmin: member.platform_admin,
            ...(member.timezone ? { timezone: member.timezone } : {}),
            ...(member.email ? { email: member.email } : {}),
          }
        : null;
    }
    // The connector answers member lookups within a conversation the bot shares with the person.
    const conversationId = ref.conversation_id;
    if (!conversationId) {
      return profileOf({ id: ref.account_id, name: member?.display_name ?? '' }, member?.timezone);
    }
    try {
      const bot = await this.deps.bots.botFor(workspaceId);
      const account = await bot.client.getMember(ref.service_url, conversationId, ref.account_id);
      return profileOf({ ...account, aadObjectId: account.aadObjectId ?? userId }, member?.timezone);
    } catch (error) {
      if (error instanceof NotFound) return null;
      throw error;
    }
  }
}
