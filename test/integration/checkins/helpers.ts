/** Shared steps for the check-in integration tests: actors, commands, answers, and bounded waiting. */
import { waitFor } from '../../helpers/wait.js';
import type { Message } from '../../../src/core/messages/message.js';
import type { ActionResult, Actor, Reply } from '../../../src/ports.js';
import type { TestApp } from '../../helpers/test-app.js';

export const WS = 'W1';
export const ADMIN = 'UADMIN';

export function actor(userId: string, extra: Partial<Actor> = {}): Actor {
  return { platform: 'sandbox', workspaceId: WS, userId, displayName: userId, ...extra };
}

export function text(message: Message | undefined): string {
  if (!message) return '';
  return [
    message.text,
    ...message.blocks.map((b) =>
      [b.type === 'section' ? b.title : undefined, 'text' in b ? b.text : undefined]
        .filter(Boolean)
        .join('\n'),
    ),
  ].join('\n');
}

/** Install the app in the workspace; ADMIN becomes the first admin. */
export async function install(app: TestApp): Promise<string> {
  await app.services.inbound.installed({ platform: 'sandbox', workspaceId: WS, installer: actor(ADMIN) });
  const ws = await app.db
    .selectFrom('workspaces')
    .select('id')
    .where('external_id', '=', WS)
    .executeTakeFirstOrThrow();
  return ws.id;
}

export async function say(app: TestApp, who: string, words: string, channelId?: string): Promise<Reply> {
  return app.services.inbound.command({ actor: actor(who), text: words, channelId });
}

export function says(reply: Reply): string {
  return text(reply.message);
}

/** The delivery id carried by a check-in's Save button. */
export function deliveryIdOf(message: Message): string {
  for (const b of message.blocks) {
    if (b.type === 'buttons') {
      const save = b.buttons.find((x) => x.actionId === 'checkin.submit');
      if (save) return save.value;
    }
  }
  throw new Error('not a check-in message');
}

export async function answer(
  app: TestApp,
  who: string,
  deliveryId: string,
  values: Record<string, string>,
  skip = false,
): Promise<ActionResult> {
  return app.services.inbound.action({
    actor: actor(who),
    actionId: skip ? 'checkin.skip' : 'checkin.submit',
    value: deliveryId,
    values,
  });
}

export { waitFor };

/** Delivery status counts for an occurrence. */
export async function statuses(app: TestApp, occurrenceId: number): Promise<Record<string, number>> {
  const rows = await app.db
    .selectFrom('deliveries')
    .select(['status'])
    .where('occurrence_id', '=', occurrenceId)
    .execute();
  const out: Record<string, number> = {};
  for (const r of rows) out[r.status] = (out[r.status] ?? 0) + 1;
  return out;
}

/** Wait until the occurrence's deliveries all left the open states and there are `total` of them. */
export async function waitForRound(app: TestApp, occurrenceId: number, total: number): Promise<void> {
  await waitFor(`round ${occurrenceId} to finish`, async () => {
    const s = await statuses(app, occurrenceId);
    const n = Object.values(s).reduce((a, b) => a + b, 0);
    return n === total && !s.pending && !s.sending && !s['rate-limited'];
  });
}

export async function occurrenceFor(
  app: TestApp,
  cadenceId: number,
  at: Date,
  zone?: string,
): Promise<number> {
  return waitFor<number>('the occurrence row', async () => {
    let q = app.db
      .selectFrom('occurrences')
      .select('id')
      .where('cadence_id', '=', cadenceId)
      .where('scheduled_for', '=', at);
    if (zone !== undefined) q = q.where('zone', '=', zone);
    const row = await q.executeTakeFirst();
    return row?.id;
  });
}

/** Promote every delayed job of `name` on a queue (the injected clock moved; BullMQ delays run on real time). */
export async function promoteDelayed(
  app: TestApp,
  queue: 'tasks' | 'outbox',
  name?: string,
): Promise<number> {
  const jobs = await app.jobs.queues[queue].getDelayed(0, -1);
  let n = 0;
  for (const job of jobs) {
    if (name && job.name !== name) continue;
    await job.promote();
    n++;
  }
  return n;
}
