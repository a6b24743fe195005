/**
 * What a member adds to their own record (`me record add`) and peer reflection evidence (`pairing record`).
 * Values arrive here already encrypted and leave encrypted: the services decrypt, in memory, only for their owner.
 */
import type { Kysely, Selectable } from 'kysely';
import type {
  CodeThemeId,
  Database,
  Executor,
  PeerEvidenceProposalsTable,
  PeerEvidenceTable,
  RecordAdditionsTable,
} from '../../db/schema.js';

export type RecordAddition = Selectable<RecordAdditionsTable>;
export type PeerProposal = Selectable<PeerEvidenceProposalsTable>;
export type PeerEvidence = Selectable<PeerEvidenceTable>;

/** One of the member's own reflections, as `me record add` names it. */
export type ReflectionRef = { ref: string; deliveryId: number } | { ref: string; sessionId: number };

/** The member's own written (not skipped) reflection with this reference, or undefined. */
export async function ownReflection(
  db: Executor,
  memberId: string,
  ref: string,
): Promise<ReflectionRef | undefined> {
  const m = /^([cs])(\d{1,9})$/.exec(ref);
  if (!m) return undefined;
  const id = Number(m[2]);
  if (m[1] === 'c') {
    const row = await db
      .selectFrom('checkin_answers')
      .select('delivery_id')
      .where('delivery_id', '=', id)
      .where('member_id', '=', memberId)
      .where('skipped', '=', false)
      .where('reflection', 'is not', null)
      .executeTakeFirst();
    return row ? { ref, deliveryId: row.delivery_id } : undefined;
  }
  const row = await db
    .selectFrom('session_reflections')
    .select('session_id')
    .where('session_id', '=', id)
    .where('member_id', '=', memberId)
    .where('skipped', '=', false)
    .where('answers', 'is not', null)
    .executeTakeFirst();
  return row ? { ref, sessionId: row.session_id } : undefined;
}

/** The member's most recently written reflection (check-in or after a session), or undefined. */
export async function latestReflection(db: Executor, memberId: string): Promise<ReflectionRef | undefined> {
  const checkin = await db
    .selectFrom('checkin_answers')
    .select(['delivery_id', 'answered_at'])
    .where('member_id', '=', memberId)
    .where('skipped', '=', false)
    .where('reflection', 'is not', null)
    .orderBy('answered_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const session = await db
    .selectFrom('session_reflections')
    .select(['session_id', 'answered_at'])
    .where('member_id', '=', memberId)
    .where('skipped', '=', false)
    .where('answers', 'is not', null)
    .orderBy('answered_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (session && (!checkin || new Date(session.answered_at) > new Date(checkin.answered_at)))
    return { ref: `s${session.session_id}`, sessionId: session.session_id };
  return checkin ? { ref: `c${checkin.delivery_id}`, deliveryId: checkin.delivery_id } : undefined;
}

/** Set a theme and/or the (encrypted) "how it changed my practice" on one reflection; other fields stay. */
export async function upsertAddition(
  db: Executor,
  memberId: string,
  target: ReflectionRef,
  patch: { theme?: CodeThemeId; changed?: string },
  now: Date,
): Promise<void> {
  const set: { updated_at: Date; theme?: CodeThemeId; changed?: string } = { updated_at: now };
  if (patch.theme) set.theme = patch.theme;
  if (patch.changed) set.changed = patch.changed;
  await db
    .insertInto('record_additions')
    .values({
      member_id: memberId,
      ref: target.ref,
      delivery_id: 'deliveryId' in target ? target.deliveryId : null,
      session_id: 'sessionId' in target ? target.sessionId : null,
      theme: patch.theme ?? null,
      changed: patch.changed ?? null,
      updated_at: now,
    })
    .onConflict((oc) => oc.columns(['member_id', 'ref']).doUpdateSet(set))
    .execute();
}

/** Everything the member added to their reflections. */
export async function additionsOf(db: Executor, memberId: string): Promise<RecordAddition[]> {
  return db.selectFrom('record_additions').selectAll().where('member_id', '=', memberId).execute();
}

export async function countAdditionsOf(db: Executor, memberId: string): Promise<number> {
  const row = await db
    .selectFrom('record_additions')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('member_id', '=', memberId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertProposal(
  db: Executor,
  p: { id: string; groupId: string; workspaceId: string; discussedOn: string; theme: string; now: Date },
): Promise<void> {
  await db
    .insertInto('peer_evidence_proposals')
    .values({
      id: p.id,
      group_id: p.groupId,
      workspace_id: p.workspaceId,
      discussed_on: p.discussedOn,
      theme: p.theme,
      created_at: p.now,
    })
    .execute();
}

export async function getProposal(db: Executor, id: string): Promise<PeerProposal | undefined> {
  return db.selectFrom('peer_evidence_proposals').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A group's proposals still waiting for agreement. */
export async function proposalsOfGroup(db: Executor, groupId: string): Promise<PeerProposal[]> {
  return db.selectFrom('peer_evidence_proposals').selectAll().where('group_id', '=', groupId).execute();
}

/** Waiting proposals in any group the member is in. */
export async function proposalsOfMember(db: Executor, memberId: string): Promise<PeerProposal[]> {
  return db
    .selectFrom('peer_evidence_proposals as p')
    .innerJoin('pairing_group_members as gm', 'gm.group_id', 'p.group_id')
    .selectAll('p')
    .where('gm.member_id', '=', memberId)
    .execute();
}

/** Record one member's agreement (again is fine); returns who has agreed so far. */
export async function addAgreement(db: Executor, proposalId: string, memberId: string): Promise<string[]> {
  await db
    .insertInto('peer_evidence_agreements')
    .values({ proposal_id: proposalId, member_id: memberId })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const rows = await db
    .selectFrom('peer_evidence_agreements')
    .select('member_id')
    .where('proposal_id', '=', proposalId)
    .execute();
  return rows.map((r) => r.member_id);
}

/** Remove a proposal (and its agreements); false when it was already gone (so it is settled once). */
export async function deleteProposal(db: Executor, id: string): Promise<boolean> {
  const r = await db.deleteFrom('peer_evidence_proposals').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function insertEvidence(
  db: Executor,
  rows: ReadonlyArray<{
    memberId: string;
    proposalId: string;
    groupId: string;
    workspaceId: string;
    discussedOn: string;
    theme: string;
    partners: string[];
    now: Date;
  }>,
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('peer_evidence')
    .values(
      rows.map((r) => ({
        member_id: r.memberId,
        proposal_id: r.proposalId,
        group_id: r.groupId,
        workspace_id: r.workspaceId,
        discussed_on: r.discussedOn,
        theme: r.theme,
        partners: JSON.stringify(r.partners),
        created_at: r.now,
      })),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/**
 * Everyone agreed: remove the proposal and write each member's copy, in one transaction. False when the proposal
 * was already gone (two last agreements at once write it once). Takes the database, not a transaction.
 */
export async function settleProposal(
  db: Kysely<Database>,
  proposalId: string,
  rows: Parameters<typeof insertEvidence>[1],
): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    if (!(await deleteProposal(tx, proposalId))) return false;
    await insertEvidence(tx, rows);
    return true;
  });
}

/** The member's own peer evidence with a discussion date in `from`..`to` (inclusive, YYYY-MM-DD). */
export async function evidenceOf(
  db: Executor,
  memberId: string,
  from: string,
  to: string,
): Promise<PeerEvidence[]> {
  return db
    .selectFrom('peer_evidence')
    .selectAll()
    .where('member_id', '=', memberId)
    .where('discussed_on', '>=', from)
    .where('discussed_on', '<=', to)
    .orderBy('discussed_on')
    .execute();
}

export async function countEvidenceOf(db: Executor, memberId: string): Promise<number> {
  const row = await db
    .selectFrom('peer_evidence')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('member_id', '=', memberId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * The names behind pseudonyms of a group whose names were shared (everyone agreed to `reveal`), for those still
 * in it; a group never revealed, or a person who has gone (`forget me`), gives nothing.
 */
export async function revealedNames(
  db: Executor,
  groupId: string,
  pseudonyms: readonly string[],
): Promise<Map<string, string>> {
  if (pseudonyms.length === 0) return new Map();
  const rows = await db
    .selectFrom('pairing_group_members as gm')
    .innerJoin('pairing_groups as g', 'g.id', 'gm.group_id')
    .innerJoin('members as m', 'm.id', 'gm.member_id')
    .select(['gm.pseudonym', 'm.display_name'])
    .where('gm.group_id', '=', groupId)
    .where('g.revealed_at', 'is not', null)
    .where('gm.pseudonym', 'in', [...pseudonyms])
    .execute();
  return new Map(rows.flatMap((r) => (r.display_name ? [[r.pseudonym, r.display_name] as const] : [])));
}

/** Retention: peer evidence and waiting proposals of a workspace made before `before`. */
export async function deletePeerEvidenceBefore(
  db: Executor,
  workspaceId: string,
  before: Date,
): Promise<number> {
  const a = await db
    .deleteFrom('peer_evidence_proposals')
    .where('workspace_id', '=', workspaceId)
    .where('created_at', '<', before)
    .executeTakeFirst();
  const b = await db
    .deleteFrom('peer_evidence')
    .where('workspace_id', '=', workspaceId)
    .where('created_at', '<', before)
    .executeTakeFirst();
  return Number(a.numDeletedRows) + Number(b.numDeletedRows);
}
