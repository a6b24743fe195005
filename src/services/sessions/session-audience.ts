/**
 * Who a session is announced to: its stored audience, resolved against our members (roles, everyone) or the
 * platform's directory (a channel or team roster, whose people are added as members).
 */
import type { Member } from '../../store/member.repository.js';
import { upsertMember } from '../../store/member.repository.js';
import type { Workspace } from '../../store/workspace.repository.js';
import type { Platform } from '../../ports.js';
import type { StoredAudience } from '../cadences/cadence-service.js';
import type { ServiceContext } from '../context.js';

/** The members in a session's audience. "The whole community" is the workspace's members for now. */
export async function audienceMembers(
  ctx: ServiceContext,
  workspace: Workspace,
  audience: StoredAudience,
): Promise<Member[]> {
  const base = ctx.db.selectFrom('members').selectAll().where('workspace_id', '=', workspace.id);
  switch (audience.kind) {
    case 'everyone':
      return base.execute();
    case 'role':
      return base.where('band', '=', audience.band).execute();
    case 'channel':
    case 'team': {
      const directory = ctx.platforms.directory(workspace.platform as Platform);
      const profiles = await directory.listAudience(
        workspace.external_id,
        audience.kind === 'channel'
          ? { kind: 'channel', channelId: audience.channelId }
          : { kind: 'team', teamId: audience.teamId },
      );
      const now = ctx.clock.now();
      const members: Member[] = [];
      for (const p of profiles) {
        const { member } = await upsertMember(
          ctx.db,
          workspace.id,
          p.userId,
          {
            displayName: p.displayName,
            email: p.email,
            timezone: p.timezone,
            platformAdmin: p.platformAdmin,
          },
          now,
        );
        members.push(member);
      }
      return members;
    }
  }
}
