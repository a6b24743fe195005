/**
 * Who a check-in round, a session announcement or a digest reaches. Channel and team audiences are read from the
 * platform's directory (and the people found are recorded as members); roles and "everyone" come from our own
 * members table. People who said `forget me` are left out of every audience and never stored again.
 */
import type { Member } from '../../store/member.repository.js';
import { listMembers, upsertMember } from '../../store/member.repository.js';
import type { Workspace } from '../../store/workspace.repository.js';
import type { StoredAudience } from '../cadences/cadence-service.js';
import type { ServiceContext } from '../context.js';
import { forgottenUserIds } from '../members/suppression.js';

/** The members of an audience, each once. `created` says whether the directory brought in new people. */
export async function audienceMembers(
  ctx: ServiceContext,
  workspace: Workspace,
  audience: StoredAudience,
): Promise<{ members: Member[]; created: number }> {
  switch (audience.kind) {
    case 'channel':
    case 'team': {
      const directory = ctx.platforms.directory(workspace.platform);
      const profiles = await directory.listAudience(
        workspace.external_id,
        audience.kind === 'channel'
          ? { kind: 'channel', channelId: audience.channelId }
          : { kind: 'team', teamId: audience.teamId },
      );
      const now = ctx.clock.now();
      const byId = new Map<string, Member>();
      let created = 0;
      // Someone who said `forget me` is neither stored again nor messaged by a roster read (issue 15): only
      // their own `/roundtable` command brings them back.
      const forgotten = await forgottenUserIds(
        ctx.db,
        ctx.people,
        workspace,
        profiles.map((p) => p.userId),
      );
      for (const p of profiles) {
        if (forgotten.has(p.userId)) continue;
        const result = await upsertMember(
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
        if (result.created) created++;
        byId.set(result.member.id, result.member);
      }
      return { members: [...byId.values()], created };
    }
    case 'role': {
      const members = await listMembers(ctx.db, workspace.id, audience.band);
      return { members, created: 0 };
    }
    case 'everyone': {
      const members = await listMembers(ctx.db, workspace.id);
      return { members, created: 0 };
    }
  }
}
