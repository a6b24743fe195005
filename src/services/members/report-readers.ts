/**
 * Who can read reports: the one place `admins` and `privacy` ask. Today that is the workspace's admins; the
 * safeguarding contacts of issue 15 (`safeguarding add|remove`) join here when their table exists, so members
 * see every reader of a report in one list.
 */
import { listAdmins, type Member } from '../../store/member.repository.js';
import type { Workspace } from '../../store/workspace.repository.js';
import type { ServiceContext } from '../context.js';

export interface ReportReaders {
  admins: Member[];
  /** Safeguarding contacts (empty until the safeguarding list lands). */
  safeguarding: Member[];
}

export async function reportReaders(ctx: ServiceContext, workspace: Workspace): Promise<ReportReaders> {
  return { admins: await listAdmins(ctx.db, workspace.id), safeguarding: [] };
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
