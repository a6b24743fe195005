/**
 * Sending one session message to one person, from the outbox queue. The job carries ids only; the handler reloads
 * the session and the person, checks the message still makes sense (a reminder to someone who has since withdrawn
 * does not), sends it, and marks the delivery row — so a retried job never sends twice.
 */
import { effectiveZone, msUntilQuietEnds } from '../checkins/quiet-hours.js';
import { chooseSessionReflection, type SessionReflection } from '../../core/checkins/index.js';
import type { Attachment, Message } from '../../core/messages/message.js';
import {
  announcementMessage,
  calendarMessage,
  cancellationMessage,
  nudgeMessage,
  promotionMessage,
  reflectionMessage,
  sessionIcsAttachment,
  sessionReminderMessage,
  type SessionSummary,
} from '../../core/sessions/index.js';
import type { Claimed, MessageKind } from '../../delivery/engine.js';
import { z } from 'zod';
import { defineOutbox } from '../../jobs/job-types.js';
import type { MessageRef } from '../../ports.js';
import { getMember, type Member } from '../../store/member.repository.js';
import { countGoing, getRsvp, getSession, type Session } from '../../store/session.repository.js';
import { finishDelivery, getDelivery, stalePendingDeliveries } from '../../store/session-work.repository.js';
import type { Workspace } from '../../store/workspace.repository.js';
import { getWorkspace } from '../../store/workspace.repository.js';
import type { ServiceContext } from '../context.js';
import { isStopped } from '../members/suppression.js';
import { Paced } from '../../errors.js';

const sessionSend = z.object({
  sessionId: z.number().int().positive(),
  memberId: z.string().min(1),
  what: z.string().min(1),
});
export const SESSION_OUTBOX_KIND = defineOutbox('session.send', sessionSend);

/**
 * What a delivery is: `announce`, `calendar`, `nudge`, `reminder-<h>h`, `cancelled`, `promoted-<n>`, `reflection`.
 */
export type DeliveryWhat = string;

/** Deliveries that respect quiet hours. */
const QUIET_HOURS_APPLY = new Set(['announce', 'nudge', 'reflection']);

/** Enqueue one outbox job per person. Callers create the delivery rows first (they are the idempotency). */
export async function enqueueDeliveries(
  ctx: ServiceContext,
  workspace: Pick<Workspace, 'platform' | 'external_id'>,
  sessionId: number,
  memberIds: readonly string[],
  what: DeliveryWhat,
): Promise<void> {
  await ctx.jobs.enqueueOutboxBulk(
    SESSION_OUTBOX_KIND,
    memberIds.map((memberId) => deliveryJob(workspace, sessionId, memberId, what)),
  );
}

/** The outbox job of one session delivery row (its id is the row's key, so the sweep can ask Redis for it). */
function deliveryJob(
  workspace: Pick<Workspace, 'platform' | 'external_id'>,
  sessionId: number,
  memberId: string,
  what: DeliveryWhat,
) {
  return {
    data: {
      workspaceKey: `${workspace.platform}:${workspace.external_id}`,
      platform: workspace.platform,
      sessionId,
      memberId,
      what,
    },
    jobId: `session-${sessionId}-${memberId}-${what}`,
  };
}

/** Build the summary a message shows, in the person's zone. */
export function summarise(session: Session, going: number, zone: string): SessionSummary {
  return {
    id: session.id,
    title: session.title,
    topic: session.topic,
    startsAt: new Date(session.starts_at),
    durationMinutes: session.duration_minutes,
    where: session.place,
    capacity: session.capacity,
    going,
    zone,
  };
}

export function zoneOf(member: Pick<Member, 'timezone'>, workspace: Pick<Workspace, 'timezone'>): string {
  return member.timezone ?? workspace.timezone;
}

interface SessionClaim extends Claimed {
  session: Session;
  member: Member;
  workspace: Workspace;
  what: DeliveryWhat;
}

/** A delivery still pending after this long has probably lost its job: the sweep looks for it. */
const REQUEUE_AFTER_MS = 10 * 60_000;

/**
 * The message kind of {@link SESSION_OUTBOX_KIND}: one session message to one person. The delivery row is written
 * before the job ('pending') and marked after the send, so a job lost or a worker killed in between sends it
 * again (at worst a second copy), never loses it.
 */
export function sessionKind(
  ctx: ServiceContext,
  reflectionSets: readonly SessionReflection[],
): MessageKind<z.infer<typeof sessionSend>, SessionClaim> {
  const finish = (c: SessionClaim, status: 'sent' | 'skipped' | 'failed', ref?: MessageRef) =>
    finishDelivery(ctx.db, c.session.id, c.member.id, c.what, status, ctx.clock.now(), ref && { ...ref });
  return {
    job: SESSION_OUTBOX_KIND,
    // Announcements, nudges, calendars, reminders, cancellations: what anyone in a session's audience may get.
    metric: 'session',
    // Messages that follow from one person's own click (an RSVP reply) still count: a miss says only that a
    // session message did not reach them, never which one.
    missed: 'session',
    async claim(data) {
      const { sessionId, memberId, what } = data;
      const delivery = await getDelivery(ctx.db, sessionId, memberId, what);
      if (delivery?.status !== 'pending') return undefined;
      const now = ctx.clock.now();
      const [session, member] = await Promise.all([
        getSession(ctx.db, sessionId),
        getMember(ctx.db, memberId),
      ]);
      const workspace = session ? await getWorkspace(ctx.db, session.workspace_id) : undefined;
      if (!session || !member || !workspace?.active) {
        await finishDelivery(ctx.db, sessionId, memberId, what, 'skipped', now);
        return undefined;
      }
      // Invitations and the reflection wait for the end of the person's quiet hours (they are not urgent);
      // replies to a click, reminders and cancellations are sent at once. The job itself waits, under its own
      // id, so the sweep sees the message still held and never queues a second job for it.
      if (QUIET_HOURS_APPLY.has(what)) {
        const wait = msUntilQuietEnds(member, effectiveZone(member, workspace), now);
        if (wait > 0) throw new Paced(wait, 'quiet hours');
      }
      return { workspace, to: { memberId: member.id, userId: member.external_id }, session, member, what };
    },
    async render(c) {
      const rsvp = await getRsvp(ctx.db, c.session.id, c.member.id);
      return build(c.session, c.member, c.workspace, c.what, rsvp?.status, ctx.clock.now());
    },
    async skipped(c) {
      await finish(c, 'skipped');
    },
    async sent(c, ref) {
      await finish(c, 'sent', ref);
      // The promotion message carries the calendar file: it counts as the calendar delivery.
      if (c.what.startsWith('promoted-')) {
        await finishDelivery(ctx.db, c.session.id, c.member.id, 'calendar', 'sent', ctx.clock.now());
      }
    },
    async undelivered(c) {
      await finish(c, 'failed');
    },
    /** Deliveries still pending ten minutes after they were written (the first 500, oldest first). */
    async owed(now) {
      const rows = await stalePendingDeliveries(ctx.db, new Date(now.getTime() - REQUEUE_AFTER_MS));
      const out = [];
      for (const r of rows) {
        const session = await getSession(ctx.db, r.session_id);
        const workspace = session ? await getWorkspace(ctx.db, session.workspace_id) : undefined;
        if (!workspace) continue;
        out.push(deliveryJob(workspace, r.session_id, r.member_id, r.kind));
      }
      return out;
    },
  };

  async function build(
    session: Session,
    member: Member,
    workspace: Workspace,
    what: string,
    rsvp: string | undefined,
    now: Date,
  ): Promise<{ message: Message; attachments?: Attachment[] } | undefined> {
    const ahead = session.status === 'scheduled' && new Date(session.starts_at).getTime() > now.getTime();
    const summary = summarise(session, await countGoing(ctx.db, session.id), zoneOf(member, workspace));
    const ics = (cancelled = false) =>
      sessionIcsAttachment({
        id: session.id,
        title: session.title,
        topic: session.topic,
        startsAt: new Date(session.starts_at),
        durationMinutes: session.duration_minutes,
        where: session.place,
        sequence: session.sequence,
        now,
        cancelled,
        domain: new URL(ctx.settings.publicUrl).hostname,
        zone: zoneOf(member, workspace),
        recipient: { name: member.display_name, email: member.email, id: member.id },
      });
    // `stop` ends every message nobody asked for: announcements and mix nudges. What a person asked for by
    // saying they are going (calendar, reminders, reflection) still comes.
    if (
      (what === 'announce' || what === 'nudge') &&
      (await isStopped(ctx.db, ctx.people, workspace, member.external_id))
    )
      return undefined;
    if (what === 'announce') return ahead && !rsvp ? { message: announcementMessage(summary) } : undefined;
    if (what === 'nudge') return ahead && !rsvp ? { message: nudgeMessage(summary) } : undefined;
    if (what === 'calendar') {
      return ahead && rsvp === 'going'
        ? { message: calendarMessage(summary), attachments: [ics()] }
        : undefined;
    }
    if (what.startsWith('promoted-')) {
      return ahead && rsvp === 'going'
        ? { message: promotionMessage(summary), attachments: [ics()] }
        : undefined;
    }
    const reminder = /^reminder-(\d+)h$/.exec(what);
    if (reminder) {
      return ahead && rsvp === 'going'
        ? { message: sessionReminderMessage(summary, Number(reminder[1])) }
        : undefined;
    }
    if (what === 'cancelled') {
      if (session.status !== 'cancelled') return undefined;
      // Whoever had the calendar file gets a cancelling one, so the event leaves their calendar.
      const hadCalendar = (await getDelivery(ctx.db, session.id, member.id, 'calendar'))?.status === 'sent';
      return { message: cancellationMessage(summary), attachments: hadCalendar ? [ics(true)] : undefined };
    }
    if (what === 'reflection') {
      const set = chooseSessionReflection(reflectionSets, session.topic ?? undefined);
      return session.status === 'scheduled' && rsvp === 'going' && set
        ? { message: reflectionMessage(summary, set) }
        : undefined;
    }
    return undefined;
  }
}
