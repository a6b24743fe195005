/**
 * Remember a person seen in Teams (an activity's sender, a roster entry): their member row, refreshed with what
 * Teams said, and how to reach them. The same path for every sighting keeps the user id rule in one place.
 */
import type { Executor } from '../../db/schema.js';
import type { PersonHasher } from '../../src/crypto.js';
import { rememberSighted } from '../../src/services/members/sighting.js';
import type { Member } from '../../src/store/member.repository.js';
import type { ChannelAccount } from './bot-connector.client.js';
import { userIdOf } from './activity-mappers.js';
import { saveUserRef } from './conversation-reference.repository.js';

/** Bots (the app itself, other apps) have `28:` channel account ids; they are never members. */
export function isBotAccount(account: { id?: string; role?: string }): boolean {
  return account.role === 'bot' || (typeof account.id === 'string' && account.id.startsWith('28:'));
}

/**
 * Store (or refresh) a person Teams showed us. Someone who said `forget me` is not stored again by any sighting
 * (a roster page, an activity): returns undefined for them. Their own command brings them back, in the services.
 */
export async function rememberPerson(
  db: Executor,
  people: PersonHasher,
  seen: {
    tenantId: string;
    serviceUrl: string;
    account: ChannelAccount;
    timezone?: string;
    /** The 1:1 conversation, when this sighting was in one. */
    conversationId?: string;
    reference?: Record<string, unknown>;
  },
  now: Date,
): Promise<Member | undefined> {
  const userId = userIdOf(seen.account);
  if (!userId || isBotAccount(seen.account)) return undefined;
  const member = await rememberSighted(
    db,
    people,
    {
      platform: 'teams',
      workspaceId: seen.tenantId,
      userId,
      displayName: seen.account.name || undefined,
      email: seen.account.email || seen.account.userPrincipalName || undefined,
      timezone: seen.timezone,
    },
    now,
  );
  if (!member) return undefined;
  await saveUserRef(
    db,
    {
      tenantId: seen.tenantId,
      userId,
      memberId: member.id,
      accountId: seen.account.id,
      serviceUrl: seen.serviceUrl,
      conversationId: seen.conversationId,
      reference: seen.reference,
    },
    now,
  );
  return member;
}
