import { textMessage } from '../../core/messages/message.js';
import type { Executor } from '../../../db/schema.js';
import type { TextCipher } from '../../crypto.js';
import { inTransaction } from '../../store/transaction.js';
import { writeAudit } from '../../store/audit.repository.js';
import { findMember, listAdmins, type Member } from '../../store/member.repository.js';
import { platformIdentities } from '../../store/pairing-pool.repository.js';
import { groupMembers } from '../../store/pairing-round.repository.js';
import {
  addSafeguardingContact,
  listSafeguardingContacts,
  removeSafeguardingContact,
} from '../../store/safeguarding.repository.js';
import type { CommandTable, ServiceContext } from '../context.js';
import { mentionedMember } from '../mentioned-member.js';

const PURPOSE = 'report-exclusion';

/** Who a report goes to: named contacts, else admins, else nobody yet. */
export type ReportReaders =
  | { kind: 'contacts' | 'admins'; readers: Member[]; named: Member[] }
  | { kind: 'nobody'; named: Member[] };

/** Keyed hashes (current key) of everyone who is or was in a group: stored on its reports. */
export async function groupExclusionHashes(
  db: Executor,
  cipher: TextCipher,
  groupId: string,
): Promise<string[]> {
  const members = await groupMembers(db, groupId);
  const identities = await platformIdentities(
    db,
    members.map((m) => m.member_id),
  );
  return [...identities.values()].map((id) => cipher.keyedHashes(PURPOSE, id)[0]!);
}

/** Members of `candidates` who are not in `excluded` (matching under every configured key). */
export async function notExcluded(
  db: Executor,
  cipher: TextCipher,
  candidates: readonly Member[],
  excluded: readonly string[],
): Promise<Member[]> {
  if (candidates.length === 0) return [];
  const set = new Set(excluded);
  const identities = await platformIdentities(
    db,
    candidates.map((m) => m.id),
  );
  return candidates.filter((m) => {
    const identity = identities.get(m.id);
    // Someone whose identity cannot be read is not sent anything: the safe side.
    return identity !== undefined && !cipher.keyedHashes(PURPOSE, identity).some((h) => set.has(h));
  });
}

/** Who would read a report from this workspace about a group with these exclusion hashes. */
export async function reportReaders(
  db: Executor,
  cipher: TextCipher,
  workspaceId: string,
  excluded: readonly string[],
): Promise<ReportReaders> {
  const named = await listSafeguardingContacts(db, workspaceId);
  const contacts = await notExcluded(db, cipher, named, excluded);
  if (contacts.length > 0) return { kind: 'contacts', readers: contacts, named };
  const admins = await notExcluded(db, cipher, await listAdmins(db, workspaceId), excluded);
  if (admins.length > 0) return { kind: 'admins', readers: admins, named };
  return { kind: 'nobody', named };
}

const nameOf = (m: Member) => m.display_name ?? 'someone without a name';

/** The `safeguarding add|remove|list` commands. `onAdded` passes on reports that were waiting for a reader. */
export function safeguardingCommands(
  ctx: ServiceContext,
  onAdded: (workspaceId: string) => Promise<void>,
): CommandTable {
  const now = () => ctx.clock.now();

  return {
    'safeguarding.add': {
      admin: true,
      run: async (c, caller) => {
        const member = await mentionedMember(ctx, caller, c.user);
        const added = await inTransaction(ctx.db, async (tx) => {
          if (!(await addSafeguardingContact(tx, caller.workspace.id, member.id, now()))) return false;
          await writeAudit(tx, {
            workspaceId: caller.workspace.id,
            actorMemberId: caller.member.id,
            targetMemberId: member.id,
            action: 'safeguarding.add',
            before: { contact: false },
            after: { contact: true },
            at: now(),
          });
          return true;
        });
        if (!added) return { message: textMessage(`${nameOf(member)} is already a safeguarding contact.`) };
        await onAdded(caller.workspace.id);
        return {
          message: textMessage(
            `${nameOf(member)} is now a safeguarding contact. They will read peer support reports and support alerts from this workspace, except about any conversation they are in themselves.`,
          ),
        };
      },
    },
    'safeguarding.remove': {
      admin: true,
      run: async (c, caller) => {
        const member = await findMember(ctx.db, caller.workspace.id, c.user.userId);
        const removed =
          member &&
          (await inTransaction(ctx.db, async (tx) => {
            if (!(await removeSafeguardingContact(tx, caller.workspace.id, member.id))) return false;
            await writeAudit(tx, {
              workspaceId: caller.workspace.id,
              actorMemberId: caller.member.id,
              targetMemberId: member.id,
              action: 'safeguarding.remove',
              before: { contact: true },
              after: { contact: false },
              at: now(),
            });
            return true;
          }));
        if (!member || !removed)
          return { message: textMessage('That person is not a safeguarding contact, so nothing changed.') };
        return { message: textMessage(`${nameOf(member)} is no longer a safeguarding contact.`) };
      },
    },
    'safeguarding.list': {
      admin: true,
      run: async (_c, caller) => {
        const named = await listSafeguardingContacts(ctx.db, caller.workspace.id);
        if (named.length === 0) {
          return {
            message: textMessage(
              'No safeguarding contact is named yet, so peer support reports go to the Roundtable admins who are not in the conversation concerned. `/roundtable safeguarding add @user` names one.',
            ),
          };
        }
        return {
          message: textMessage(
            [
              'Safeguarding contacts (they read peer support reports and support alerts, never about a conversation they are in):',
              ...named.map((m) => `- ${nameOf(m)}`),
            ].join('\n'),
          ),
        };
      },
    },
  };
}
