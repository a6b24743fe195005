/**
 * Shared set-up for the sessions integration tests: a test app on real Postgres and Redis with the recording
 * platform, a workspace with an admin, members with bands, and a wait for the queues to settle.
 */
import { vi } from 'vitest';
import { ManualClock } from '../../../src/clock.js';
import { type Group, LIVED_EXPERIENCE } from '../../../src/core/commands/command.js';
import type { Message } from '../../../src/core/messages/message.js';
import type { Actor } from '../../../src/ports.js';
import { type SessionFeature, sessionsOf } from '../../../src/services/sessions/session-feature.js';
import { Recording, recordingPlatform } from '../../fakes/recording-platform.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

export const WORKSPACE = 'W1';
export const ADMIN = 'UADMIN';

export interface SessionsHarness {
  app: TestApp;
  platform: Recording;
  clock: ManualClock;
  sessions: SessionFeature;
}

export function actor(userId: string): Actor {
  return { platform: 'sandbox', workspaceId: WORKSPACE, userId, displayName: `Name-${userId}` };
}

/** A running app with a workspace whose installer is the admin, on a clock at 2026-03-02 09:00 UTC. */
export async function startSessionsApp(label: string): Promise<SessionsHarness> {
  const platform = new Recording();
  const clock = new ManualClock(new Date('2026-03-02T09:00:00Z'));
  const app = await startTestApp({ label, clock, adapters: [recordingPlatform(platform)] });
  await app.services.inbound.installed({
    platform: 'sandbox',
    workspaceId: WORKSPACE,
    installer: actor(ADMIN),
  });
  return { app, platform, clock, sessions: sessionsOf(app.services.features) };
}

/** Say a command as a user; returns the reply text. */
export async function say(h: SessionsHarness, userId: string, text: string): Promise<string> {
  const reply = await h.app.services.inbound.command({ actor: actor(userId), text });
  return reply.message?.text ?? '';
}

/**
 * Create members with bands (through `me role`, as people would); `lived-experience` people say so themselves
 * with `me lived-experience yes` and have no band.
 */
export async function addMembers(
  h: SessionsHarness,
  prefix: string,
  band: Group,
  n: number,
): Promise<string[]> {
  const ids = Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);
  for (const id of ids)
    await say(h, id, band === LIVED_EXPERIENCE ? 'me lived-experience yes' : `me role ${band}`);
  return ids;
}

/** Add a session as the admin; returns its id. */
export async function addSession(h: SessionsHarness, options: string): Promise<number> {
  const text = await say(h, ADMIN, `session add ${options}`);
  const m = /Added session (\d+)/.exec(text);
  if (!m) throw new Error(`session not added: ${text}`);
  return Number(m[1]);
}

export async function click(
  h: SessionsHarness,
  userId: string,
  actionId: string,
  value: string,
  values = {},
) {
  return h.app.services.inbound.action({ actor: actor(userId), actionId, value, values });
}

/** Wait until the task and outbox queues have nothing waiting or running (checked twice in a row). */
export async function settle(h: SessionsHarness): Promise<void> {
  let quietOnce = false;
  await vi.waitFor(
    async () => {
      const c = await h.app.jobs.counts();
      const busy =
        (c.tasks.waiting ?? 0) +
        (c.tasks.active ?? 0) +
        (c.outbox.waiting ?? 0) +
        (c.outbox.active ?? 0) +
        (c.outbox.delayed ?? 0) +
        (c.outbox.prioritized ?? 0);
      if (busy > 0) {
        quietOnce = false;
        throw new Error(`queues busy: ${busy}`);
      }
      if (!quietOnce) {
        quietOnce = true;
        throw new Error('quiet once; checking again');
      }
    },
    { timeout: 20_000, interval: 50 },
  );
}

/** The recorded direct messages to a user whose summary text matches. */
export function messagesTo(h: SessionsHarness, userId: string, text: RegExp): Message[] {
  return h.platform
    .dmsTo(userId)
    .map((m) => m.message)
    .filter((m) => text.test(m.text));
}

/** Platform user ids of members with a status on a session. */
export async function usersWithStatus(
  h: SessionsHarness,
  sessionId: number,
  status: 'going' | 'not-going' | 'waitlist',
): Promise<string[]> {
  const rows = await h.app.db
    .selectFrom('session_rsvps')
    .innerJoin('members', 'members.id', 'session_rsvps.member_id')
    .select(['members.external_id'])
    .where('session_rsvps.session_id', '=', sessionId)
    .where('session_rsvps.status', '=', status)
    .orderBy('session_rsvps.queued_seq')
    .execute();
  return rows.map((r) => r.external_id);
}
