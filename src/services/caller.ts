import type { Actor, CommandSaid } from '../ports.js';
import { upsertMember } from '../store/member.repository.js';
import { ensureWorkspace } from '../store/workspace.repository.js';
import type { Caller, ServiceContext } from './context.js';

/** Resolve the person behind an event to their workspace and member rows, refreshing what the platform said. */
export async function resolveCaller(
  ctx: ServiceContext,
  actor: Actor,
  where: Pick<CommandSaid, 'channelId' | 'teamId' | 'conversation'> = {},
): Promise<Caller> {
  const now = ctx.clock.now();
  const { workspace } = await ensureWorkspace(ctx.db, actor.platform, actor.workspaceId, now);
  const { member } = await upsertMember(
    ctx.db,
    workspace.id,
    actor.userId,
    {
      displayName: actor.displayName,
      email: actor.email,
      timezone: actor.timezone,
      platformAdmin: actor.platformAdmin,
    },
    now,
  );
  return {
    actor,
    workspace,
    member,
    admin: member.admin || member.platform_admin || member.installer,
    channelId: where.channelId,
    teamId: where.teamId,
    conversation: where.conversation,
  };
}
