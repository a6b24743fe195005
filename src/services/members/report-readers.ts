/**
 * Who the members are told can read reports: the one place `admins` and `privacy` ask. The safeguarding contacts
 * (`safeguarding add|remove`) read peer-support reports; with none named, the admins do. (Who reads one particular
 * report, never anyone in its group, is decided in `src/services/pairing/pairing-safeguarding.ts`.)
 */
import { listAdmins, type Member } from '../../store/member.repository.js';
import { listSafeguardingContacts } from '../../store/safeguarding.repository.js';
import type { Workspace } from '../../store/workspace.repository.js';
import type { ServiceContext } from '../context.js';

export interface ReportReaders {
  admins: Member[];
  /** Safeguarding contacts named with `safeguarding add` (empty: reports go to the admins). */
  safeguarding: Member[];
}

export async function reportReaders(ctx: ServiceContext, workspace: Workspace): Promise<ReportReaders> {
  return {
    admins: await listAdmins(ctx.db, workspace.id),
    safeguarding: await listSafeguardingContacts(ctx.db, workspace.id),
  };
}

function nameOf(m: Member): string {
  return m.display_name?.trim() || 'someone whose name the platform did not give';
}

/** Plain lines naming the admins and safeguarding contacts, for `admins` and `privacy`. */
export function readersLines(readers: ReportReaders): string[] {
  const lines = [
    readers.admins.length > 0
      ? `Admins (they set check-ins and see totals of at least k people, never names or words): ${readers.admins.map(nameOf).join(', ')}.`
      : 'This workspace has no Roundtable admin yet.',
  ];
  lines.push(
    readers.safeguarding.length > 0
      ? `Safeguarding contacts (they read peer-support reports): ${readers.safeguarding.map(nameOf).join(', ')}.`
      : 'There are no separate safeguarding contacts: peer-support reports go to the admins.',
  );
  return lines;
}
