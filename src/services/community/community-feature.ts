/**
 * Communities: workspaces of one partnership (Slack and Teams alike) that share a pairing pool. An admin
 * creates one and gets an invite code, shown once; an admin of another workspace joins with it.
 */
import { textMessage } from '../../core/messages/message.js';
import { writeAudit } from '../../store/audit.repository.js';
import {
  countCommunityWorkspaces,
  deleteCommunity,
  findCommunityByInvite,
  getCommunity,
  insertCommunity,
} from '../../store/community.repository.js';
import { inTransaction } from '../../store/transaction.js';
import { updateWorkspace } from '../../store/workspace.repository.js';
import type { Caller, Feature, ServiceContext } from '../context.js';
import { inviteHash, newInviteCode, normaliseInviteCode } from './invite-code.js';

export function communityFeature(ctx: ServiceContext): Feature {
  const now = () => ctx.clock.now();

  async function current(caller: Caller) {
    return caller.workspace.community_id ? getCommunity(ctx.db, caller.workspace.community_id) : undefined;
  }

  return {
    name: 'community',
    commands: {
      'community.create': {
        admin: true,
        run: async (c, caller) => {
          const existing = await current(caller);
          if (existing) {
            return {
              message: textMessage(
                `This workspace is already in the community "${existing.name}". \`/roundtable community leave\` first if you want to start a new one.`,
              ),
            };
          }
          const name = c.name.trim().slice(0, 100);
          const code = newInviteCode(ctx.random);
          const community = await inTransaction(ctx.db, async (tx) => {
            const created = await insertCommunity(tx, {
              name,
              inviteHash: inviteHash(code),
              workspaceId: caller.workspace.id,
            });
            await updateWorkspace(tx, caller.workspace.id, { community_id: created.id }, now());
            await writeAudit(tx, {
              workspaceId: caller.workspace.id,
              actorMemberId: caller.member.id,
              action: 'community.create',
              after: { community: created.id },
              at: now(),
            });
            return created;
          });
          return {
            message: textMessage(
              [
                `The community "${community.name}" is created, and this workspace is in it.`,
                `Invite code: ${code}`,
                'I show this code only once and keep only a scrambled form of it, so please copy it now. Give it to an admin of each workspace that should join (Slack or Teams); they send `/roundtable community join <code>`.',
                'Workspaces in a community share one peer support pool.',
              ].join('\n'),
            ),
            visibility: 'private',
          };
        },
      },
      'community.join': {
        admin: true,
        run: async (c, caller) => {
          const code = normaliseInviteCode(c.code);
          const community = code ? await findCommunityByInvite(ctx.db, inviteHash(code)) : undefined;
          if (!community) {
            return {
              message: textMessage(
                'That invite code does not match a community. Please check it with the admin who created the community; codes look like ABCD-EFGH-JKLM.',
              ),
            };
          }
          if (caller.workspace.community_id === community.id) {
            return {
              message: textMessage(`This workspace is already in the community "${community.name}".`),
            };
          }
          if (caller.workspace.community_id) {
            return {
              message: textMessage(
                'This workspace is in another community. `/roundtable community leave` first, then join this one.',
              ),
            };
          }
          await inTransaction(ctx.db, async (tx) => {
            await updateWorkspace(tx, caller.workspace.id, { community_id: community.id }, now());
            await writeAudit(tx, {
              workspaceId: caller.workspace.id,
              actorMemberId: caller.member.id,
              action: 'community.join',
              after: { community: community.id },
              at: now(),
            });
          });
          const count = await countCommunityWorkspaces(ctx.db, community.id);
          return {
            message: textMessage(
              `This workspace has joined the community "${community.name}" (${count} workspaces). Its leaders now share one peer support pool.`,
            ),
          };
        },
      },
      'community.leave': {
        admin: true,
        run: async (_c, caller) => {
          const community = await current(caller);
          if (!community)
            return { message: textMessage('This workspace is not in a community, so nothing changed.') };
          await inTransaction(ctx.db, async (tx) => {
            await updateWorkspace(tx, caller.workspace.id, { community_id: null }, now());
            // The last workspace out closes the community, so its invite code stops working.
            if ((await countCommunityWorkspaces(tx, community.id)) === 0)
              await deleteCommunity(tx, community.id);
            await writeAudit(tx, {
              workspaceId: caller.workspace.id,
              actorMemberId: caller.member.id,
              action: 'community.leave',
              before: { community: community.id },
              at: now(),
            });
          });
          return {
            message: textMessage(
              `This workspace has left the community "${community.name}". Its leaders now form their own peer support pool; conversations already open carry on until their round ends.`,
            ),
          };
        },
      },
    },
    status: async (workspace) => {
      if (!workspace.community_id) return ['Community: none (this workspace is its own peer support pool)'];
      const community = await getCommunity(ctx.db, workspace.community_id);
      const count = await countCommunityWorkspaces(ctx.db, workspace.community_id);
      return [`Community: ${community?.name ?? 'unknown'} (${count} workspaces)`];
    },
  };
}
