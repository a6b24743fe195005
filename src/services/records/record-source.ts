/**
 * Reads a member's own reflections and attended sessions for their record, decrypting only in memory and only
 * for them. Dates are inclusive, in the member's zone.
 */
import { Temporal } from 'temporal-polyfill';
import type {
  CheckinReflection,
  PeerDiscussion,
  ReflectionAdditions,
  SessionAttended,
} from '../../core/records/record-model.js';
import { findPrompt } from '../../core/checkins/index.js';
import { prompts } from '../../prompts-loader.js';
import type { Member } from '../../store/member.repository.js';
import { type CipherPlace, Unreadable } from '../../crypto.js';
import {
  checkinReflectionPlace,
  peerEvidenceThemePlace,
  recordChangedPlace,
  sessionReflectionPlace,
} from '../../store/cipher-places.js';
import { reflectionsOf } from '../../store/checkin-answer.repository.js';
import { additionsOf, evidenceOf, revealedNames } from '../../store/record-evidence.repository.js';
import { sessionsAttendedBy } from '../../store/session.repository.js';
import type { ServiceContext } from '../context.js';
import { libraryForWorkspace } from '../checkins/workspace-library.js';

/** Shown in place of words that cannot be read here (another row's value, or a key no longer configured). */
const UNREADABLE = 'This reflection could not be read.';

function readable(ctx: ServiceContext, stored: string, where: CipherPlace): string | undefined {
  try {
    return ctx.cipher.decrypt(stored, where);
  } catch (error) {
    if (!(error instanceof Unreadable)) throw error;
    ctx.logger.warn({ table: where.table }, 'record: a stored reflection is unreadable');
    return undefined;
  }
}

/** The instants that bound local dates `from`..`to` (inclusive) in `zone`. */
export function dateRange(from: string, to: string, zone: string): { start: Date; end: Date } {
  const start = Temporal.PlainDate.from(from).toZonedDateTime({ timeZone: zone });
  const end = Temporal.PlainDate.from(to).add({ days: 1 }).toZonedDateTime({ timeZone: zone });
  return { start: new Date(start.epochMilliseconds), end: new Date(end.epochMilliseconds) };
}

export async function loadPracticeRecord(
  ctx: ServiceContext,
  member: Member,
  from: string,
  to: string,
  zone: string,
): Promise<{
  reflections: CheckinReflection[];
  sessions: SessionAttended[];
  peerDiscussions: PeerDiscussion[];
}> {
  const { start, end } = dateRange(from, to, zone);
  const added = await memberAdditions(ctx, member);
  const reflections = (await checkinReflections(ctx, member, start, end)).map((r) => ({
    ...r,
    ...(added.get(r.ref!) ?? {}),
  }));
  const sessions = (await sessionsAttended(ctx, member, start, end)).map((s) => {
    const a = s.additions && added.get(s.additions.ref);
    return a ? { ...s, additions: a } : s;
  });
  return { reflections, sessions, peerDiscussions: await peerDiscussions(ctx, member, from, to) };
}

/** What the member added to their reflections, by reference, decrypted for them alone. */
async function memberAdditions(
  ctx: ServiceContext,
  member: Member,
): Promise<Map<string, ReflectionAdditions>> {
  const out = new Map<string, ReflectionAdditions>();
  for (const row of await additionsOf(ctx.db, member.id)) {
    const a: ReflectionAdditions = { ref: row.ref };
    if (row.theme) a.theme = row.theme;
    if (row.changed)
      a.changed = readable(ctx, row.changed, recordChangedPlace(member.id, row.ref)) ?? UNREADABLE;
    out.set(row.ref, a);
  }
  return out;
}

/** The member's own copies of agreed peer evidence; partners by pseudonym unless names were shared. */
async function peerDiscussions(
  ctx: ServiceContext,
  member: Member,
  from: string,
  to: string,
): Promise<PeerDiscussion[]> {
  const out: PeerDiscussion[] = [];
  for (const row of await evidenceOf(ctx.db, member.id, from, to)) {
    const names = row.group_id ? await revealedNames(ctx.db, row.group_id, row.partners) : new Map();
    out.push({
      date: row.discussed_on,
      theme:
        readable(ctx, row.theme, peerEvidenceThemePlace(member.id, row.proposal_id)) ??
        'This entry could not be read.',
      partners: row.partners.map((p) => names.get(p) ?? p),
    });
  }
  return out;
}

async function sessionsAttended(
  ctx: ServiceContext,
  member: Member,
  start: Date,
  end: Date,
): Promise<SessionAttended[]> {
  // Attended means the session has taken place.
  const rows = await sessionsAttendedBy(ctx.db, member.id, start, end, ctx.clock.now());
  return rows.map((r) => {
    let reflection: SessionAttended['reflection'];
    if (r.answers && !r.skipped) {
      const plain = readable(ctx, r.answers, sessionReflectionPlace(r.id, member.id));
      const parsed = (plain === undefined ? { what: UNREADABLE } : JSON.parse(plain)) as {
        what?: string;
        soWhat?: string;
        nowWhat?: string;
      };
      reflection = {
        what: parsed.what || undefined,
        soWhat: parsed.soWhat || undefined,
        nowWhat: parsed.nowWhat || undefined,
      };
    }
    return {
      title: r.title,
      topic: r.topic ?? undefined,
      start: new Date(r.starts_at),
      minutes: r.duration_minutes,
      reflection,
      ...(reflection ? { additions: { ref: `s${r.id}` } } : {}),
    };
  });
}

async function checkinReflections(
  ctx: ServiceContext,
  member: Member,
  start: Date,
  end: Date,
): Promise<CheckinReflection[]> {
  const rows = await reflectionsOf(ctx.db, member.id, start, end);
  // The workspace's own questions (accepted by its prompt panel) read true in the record too.
  const library = await libraryForWorkspace(ctx, prompts().checkins, member.workspace_id);
  return rows.map((r) => ({
    ref: `c${r.delivery_id}`,
    date: new Date(r.answered_at),
    prompt: findPrompt(library, r.prompt_id)?.text ?? 'A reflective prompt (since retired from the library)',
    text: readable(ctx, r.reflection!, checkinReflectionPlace(r.delivery_id)) ?? UNREADABLE,
  }));
}
