/**
 * The `Directory` port for Slack: channel members (`conversations.members`, every page) and profiles
 * (`users.info`). Profiles are cached for a few minutes, so enriching the actor of every click costs one call
 * per person per few minutes, not one per click.
 */
import type { Clock } from '../../src/clock.js';
import { NotFound } from '../../src/errors.js';
import type { Actor, Directory, PlatformAudience, Profile } from '../../src/ports.js';
import { slackCall } from './slack-errors.js';
import type { WebClientPool } from './web-client-pool.js';

/** How long a profile read from Slack is trusted (name, zone and admin flag change rarely). */
export const PROFILE_TTL_MS = 5 * 60_000;
const MAX_CACHED = 10_000;
const PAGE_SIZE = 200;

interface SlackUser {
  id?: string;
  name?: string;
  real_name?: string;
  deleted?: boolean;
  is_bot?: boolean;
  is_admin?: boolean;
  is_owner?: boolean;
  is_primary_owner?: boolean;
  tz?: string;
  profile?: { display_name?: string; real_name?: string; email?: string };
}

/** A Slack user as our `Profile`, or undefined for deleted accounts, bots and Slackbot. */
export function toProfile(user: SlackUser): Profile | undefined {
  if (!user.id || user.deleted || user.is_bot || user.id === 'USLACKBOT') return undefined;
  const displayName =
    user.profile?.display_name || user.profile?.real_name || user.real_name || user.name || user.id;
  return {
    userId: user.id,
    displayName,
    ...(user.profile?.email ? { email: user.profile.email } : {}),
    ...(user.tz ? { timezone: user.tz } : {}),
    platformAdmin: Boolean(user.is_admin || user.is_owner || user.is_primary_owner),
  };
}

export class SlackDirectory implements Directory {
  readonly platform = 'slack' as const;
  private readonly cache = new Map<string, { at: number; profile: Profile | null }>();

  constructor(
    private readonly pool: WebClientPool,
    private readonly clock: Clock,
  ) {}

  async listAudience(workspaceId: string, audience: PlatformAudience): Promise<Profile[]> {
    if (audience.kind !== 'channel') return [];
    const { client } = await this.pool.forWorkspace(workspaceId);
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await slackCall(() =>
        client.conversations.members({
          channel: audience.channelId,
          limit: PAGE_SIZE,
          ...(cursor ? { cursor } : {}),
        }),
      );
      ids.push(...(page.members ?? []));
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    const profiles: Profile[] = [];
    for (const id of new Set(ids)) {
      const profile = await this.profile(workspaceId, id);
      if (profile) profiles.push(profile);
    }
    return profiles;
  }

  /** One person's profile from `users.info` (cached), or null for an unknown, deleted or bot account. */
  async profile(workspaceId: string, userId: string): Promise<Profile | null> {
    const key = `${workspaceId}|${userId}`;
    const now = this.clock.now().getTime();
    const hit = this.cache.get(key);
    if (hit && now - hit.at < PROFILE_TTL_MS) return hit.profile;
    const { client } = await this.pool.forWorkspace(workspaceId);
    let profile: Profile | null;
    try {
      const res = await slackCall(() => client.users.info({ user: userId }));
      profile = toProfile((res.user ?? {}) as SlackUser) ?? null;
    } catch (error) {
      if (!(error instanceof NotFound)) throw error;
      profile = null;
    }
    if (this.cache.size >= MAX_CACHED) this.cache.clear();
    this.cache.set(key, { at: now, profile });
    return profile;
  }

  /** The actor with what the cache already knows about them (no Web API call: for paths that cannot wait). */
  cachedActor(actor: Actor): Actor {
    const hit = this.cache.get(`${actor.workspaceId}|${actor.userId}`)?.profile;
    if (!hit) return actor;
    return {
      ...actor,
      displayName: hit.displayName,
      platformAdmin: hit.platformAdmin,
      ...(hit.timezone ? { timezone: hit.timezone } : {}),
    };
  }

  /** Forget cached profiles of a workspace (uninstall). */
  forget(workspaceId: string): void {
    for (const key of this.cache.keys()) if (key.startsWith(`${workspaceId}|`)) this.cache.delete(key);
  }
}
