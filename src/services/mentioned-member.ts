/**
 * The member an admin names with an @mention (`admin add @x`, `role @x`, `safeguarding add @x`): the stored row, or
 * one made from the platform's profile the first time someone is named. One place, so every such command finds and
 * creates people the same way, and refuses the same way for anyone who said `forget me`.
 */
import { UserError } from '../errors.js';
import type { UserRef } from '../core/commands/command.js';
import { findMember, type Member, upsertMember } from '../store/member.repository.js';
import type { Caller, ServiceContext } from './context.js';
import { isForgotten } from './members/suppression.js';

/**
 * Said when an admin names someone who asked to be forgotten: `forget me` is final, so no admin command may store
 * them again. Worded so it does not say why (the admin learns only that the person is not using Roundtable).
 */
export const MENTIONED_NOT_HERE =
  "That person isn't using Roundtable at the moment, so I can't do that for them. Nothing was changed. If they " +
  'want to take part, they can start by sending `/roundtable` themselves.';

export async function mentionedMember(ctx: ServiceContext, caller: Caller, user: UserRef): Promise<Member> {
  const existing = await findMember(ctx.db, caller.workspace.id, user.userId);
  if (existing) return existing;
  if (await isForgotten(ctx.db, ctx.people, caller.workspace, user.userId))
    throw new UserError(MENTIONED_NOT_HERE);
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
