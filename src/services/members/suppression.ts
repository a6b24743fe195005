/**
 * Lasting stops and final forgets. Both are kept only as a keyed hash of platform + workspace + user id
 * (`ctx.people`), so they survive `forget me` without keeping anything readable:
 * - `stop`: no check-ins and no session nudges, ever, until the person says `start`.
 * - `forgotten`: a roster or channel read does not store or message the person again; only their own explicit
 *   `/roundtable` command brings them back (and tells them so).
 */
import type { Executor } from '../../../db/schema.js';
import type { PersonHasher } from '../../crypto.js';
import { finishRoundsIfDone, skipStoppedDeliveries } from '../../store/checkin.repository.js';
import type { Member } from '../../store/member.repository.js';
import {
  addSuppression,
  hasSuppression,
  removeSuppression,
  suppressedAmong,
} from '../../store/suppression.repository.js';
import type { Workspace } from '../../store/workspace.repository.js';

type Where = Pick<Workspace, 'platform' | 'external_id'>;

export function personHash(people: PersonHasher, workspace: Where, userId: string): string {
  return people.hash(workspace.platform, workspace.external_id, userId);
}

export async function isStopped(
  db: Executor,
  people: PersonHasher,
  workspace: Where,
  userId: string,
): Promise<boolean> {
  return hasSuppression(db, personHash(people, workspace, userId), 'stop');
}

/**
 * `stop` (or "Not for me") and `start`. A stop also skips every check-in still queued for the person, after the
 * stop is stored: the send's claim takes only open rows, so no check-in goes out once this returns (a send
 * already past its claim may still arrive), and a fan-out writing rows at this moment reads the stops again
 * after writing them (`fan-out.ts`).
 */
export async function setStopped(
  db: Executor,
  people: PersonHasher,
  workspace: Where,
  member: Pick<Member, 'id' | 'external_id'>,
  stopped: boolean,
  at: Date,
): Promise<void> {
  const hash = personHash(people, workspace, member.external_id);
  if (!stopped) {
    await removeSuppression(db, hash, 'stop');
    return;
  }
  await addSuppression(db, hash, 'stop');
  const rounds = await skipStoppedDeliveries(db, [member.id]);
  await finishRoundsIfDone(db, { ids: rounds }, at);
}

/** The ids of the members among `members` who said `stop`. */
export async function stoppedMemberIds(
  db: Executor,
  people: PersonHasher,
  workspace: Where,
  members: readonly Pick<Member, 'id' | 'external_id'>[],
): Promise<Set<string>> {
  const byHash = new Map(members.map((m) => [personHash(people, workspace, m.external_id), m.id]));
  const hit = await suppressedAmong(db, [...byHash.keys()], 'stop');
  return new Set([...hit].map((h) => byHash.get(h)!));
}

export async function isForgotten(
  db: Executor,
  people: PersonHasher,
  workspace: Where,
  userId: string,
): Promise<boolean> {
  return hasSuppression(db, personHash(people, workspace, userId), 'forgotten');
}

/** The platform user ids among `userIds` who said `forget me` and have not come back. */
export async function forgottenUserIds(
  db: Executor,
  people: PersonHasher,
  workspace: Where,
  userIds: readonly string[],
): Promise<Set<string>> {
  const byHash = new Map(userIds.map((u) => [personHash(people, workspace, u), u]));
  const hit = await suppressedAmong(db, [...byHash.keys()], 'forgotten');
  return new Set([...hit].map((h) => byHash.get(h)!));
}

export async function markForgotten(
  db: Executor,
  people: PersonHasher,
  workspace: Where,
  userId: string,
): Promise<void> {
  await addSuppression(db, personHash(people, workspace, userId), 'forgotten');
}

/** The person came back by their own command. Returns whether they had been forgotten. */
export async function clearForgotten(
  db: Executor,
  people: PersonHasher,
  workspace: Where,
  userId: string,
): Promise<boolean> {
  return removeSuppression(db, personHash(people, workspace, userId), 'forgotten');
}
