/**
 * The member an admin names with an @mention (`admin add @x`, `role @x`, `safeguarding add @x`): the stored row, or
 * one made from the platform's profile the first time someone is named. One place, so every such command finds and
 * creates people the same way.
 */
import type { UserRef } from '../core/commands/command.js';
import { findMember, type Member, upsertMember } from '../store/member.repository.js';
import type { Caller, ServiceContext } from './context.js';

export async function mentionedMember(ctx: ServiceContext, caller: Caller, user: UserRef): Promise<Member> {
  const existing = await findMember(ctx.db, caller.workspace.id, user.userId);
  if (existing) return existing;
  let profile = null;
  if (ctx.platforms.has(caller.actor.platform)) {
    profile = await ctx.platforms
      .directory(caller.actor.platform)
      .profile(caller.actor.workspaceId, user.userId)
      .catch(() => null);
  }
  const { member } = await upsertMember(
    ctx.db,
    caller.workspace.id,
    user.userId,
    {
      displayName: profile?.displayName ?? user.name,
      timezone: profile?.timezone,
      platformAdmin: profile?.platformAdmin,
    },
    ctx.clock.now(),
  );
  return member;
}
