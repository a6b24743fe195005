/**
 * Check-ins end to end on real Postgres and Redis: schedule → fire → one DM each, skips, answers, the private
 * support message, the one reminder, prompt rotation, `checkin now`, local zones, encryption at rest, forget me.
 */
import { checkinReflectionPlace } from '../../../src/store/cipher-places.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REMINDER_LINE, lowCapacityMessage } from '../../../src/core/checkins/index.js';
import { ALREADY_ANSWERED, NOT_YOURS, PREVIEW_ONLY } from '../../../src/services/checkins/answers.js';
import { PREVIEW_LINE } from '../../../src/services/checkins/sender.js';
import { Recording, recordingPlatform } from '../../fakes/recording-platform.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import {
  ADMIN,
  actor,
  answer,
  deliveryIdOf,
  install,
  occurrenceFor,
  promoteDelayed,
  say,
  says,
  statuses,
  text,
  waitFor,
  waitForRound,
} from './helpers.js';
import { CHECKIN_OUTBOX, CHECKIN_TASKS } from '../../../src/services/checkins/job-names.js';

const HOUR = 3600_000;
const PEOPLE = ['U1', 'U2', 'U3', 'U4', 'U5', 'U6'];
const REFLECTION = 'I felt heard by the team today when we talked it through';

let app: TestApp;
const rec = new Recording();
let cadenceId: number;
let firstOccurrence: number;

beforeAll(async () => {
  rec.setRoster(
    'C1',
    PEOPLE.map((userId) => ({ userId })),
  );
  app = await startTestApp({ label: 'checkinflow', adapters: [recordingPlatform(rec)] });
  await install(app);
  await say(app, ADMIN, 'signpost "Call the staff support line on 0800 000 000"');
  for (const who of PEOPLE) await say(app, who, 'me');
  await say(app, 'U5', 'me pause for 2 weeks');
  // 09:00 UTC is 09:00 in London in March: inside U6's quiet hours.
  await say(app, 'U6', 'me quiet 08:00-10:00');
}, 60_000);

afterAll(async () => {
  await app?.close();
});

describe('a scheduled check-in', () => {
  it('reaches every member of the channel exactly once, skipping paused and quiet members', async () => {
    const reply = await say(
      app,
      ADMIN,
      'checkin schedule every month on first monday at 03:00 Europe/London',
      'C1',
    );
    expect(says(reply)).toMatch(/Scheduled check-in \d+/);
    const cadence = await app.db.selectFrom('cadences').select('id').executeTakeFirstOrThrow();
    cadenceId = cadence.id;
    const at = app.clock.now();
    await app.services.cadences.fire(cadenceId, 'Europe/London', at);
    firstOccurrence = await occurrenceFor(app, cadenceId, at);
    await waitForRound(app, firstOccurrence, 6);

    expect(await statuses(app, firstOccurrence)).toEqual({ sent: 4, skipped: 2 });
    const counts = rec.dmCounts();
    for (const who of ['U1', 'U2', 'U3', 'U4']) expect(counts.get(who)).toBe(1);
    expect(counts.get('U5')).toBeUndefined();
    expect(counts.get('U6')).toBeUndefined();
    const reasons = await app.db
      .selectFrom('deliveries')
      .innerJoin('members', 'members.id', 'deliveries.member_id')
      .select(['members.external_id', 'deliveries.skip_reason'])
      .where('deliveries.status', '=', 'skipped')
      .orderBy('members.external_id')
      .execute();
    expect(reasons).toEqual([
      { external_id: 'U5', skip_reason: 'paused' },
      { external_id: 'U6', skip_reason: 'quiet hours' },
    ]);
    const dm = rec.dmsTo('U1')[0]!.message;
    expect(text(dm)).toContain('Call the staff support line');
    expect(text(dm)).toContain('Skipping is always fine.');

    // A second firing of the same occurrence (a retried job, a second scheduler) sends nothing more.
    await app.services.cadences.fire(cadenceId, 'Europe/London', at);
    await app.jobs.enqueueTask(
      CHECKIN_TASKS.fanOut,
      { occurrenceId: firstOccurrence },
      { jobId: 'fanout-again' },
    );
    await waitFor('the repeated fan-out to finish', async () => {
      const job = await app.jobs.queues.tasks.getJob('fanout-again');
      return (await job?.getState()) === 'completed';
    });
    expect(rec.directs.length).toBe(4);

    const list = says(await say(app, ADMIN, 'checkin list'));
    // Six people, two of them skipped (paused, quiet hours): the admin sees only the round, never who skipped.
    expect(list).toContain('last round: finished, for about 5 people');
    expect(list).not.toMatch(/skipped|\b[24] of\b/);
  });

  it('stores an answer encrypted, thanks the person and refuses a second answer or a forged id', async () => {
    const id1 = deliveryIdOf(rec.dmsTo('U1')[0]!.message);
    const result = await answer(app, 'U1', id1, { scale: '4', reflection: REFLECTION, share: 'true' });
    expect(text(result.update)).toContain('Thank you for taking a moment to reflect.');
    expect(text(result.update)).toContain('learning digest');

    const raw = await app.db
      .selectFrom('checkin_answers')
      .selectAll()
      .where('delivery_id', '=', Number(id1))
      .executeTakeFirstOrThrow();
    expect(raw.scale).toBe(4);
    expect(raw.shared).toBe(true);
    expect(raw.skipped).toBe(false);
    expect(raw.key_id).toBe(app.context.cipher.keyId);
    expect(raw.reflection).not.toContain('heard');
    expect(JSON.stringify(raw)).not.toContain(REFLECTION);
    expect(app.context.cipher.decrypt(raw.reflection!, checkinReflectionPlace(raw.delivery_id))).toBe(
      REFLECTION,
    );

    // Someone else clicking with U1's delivery id changes nothing, and is told so without learning anything.
    const forged = await answer(app, 'U3', id1, { scale: '1', reflection: 'not mine' });
    expect(forged.reply?.text).toBe(NOT_YOURS);
    expect(forged.update).toBeUndefined();
    const again = await answer(app, 'U1', id1, { scale: '2' });
    expect(again.reply?.text).toBe(ALREADY_ANSWERED);
    expect(again.update).toBeUndefined();
    const after = await app.db
      .selectFrom('checkin_answers')
      .selectAll()
      .where('delivery_id', '=', Number(id1))
      .executeTakeFirstOrThrow();
    expect(after).toEqual(raw);

    const id2 = deliveryIdOf(rec.dmsTo('U2')[0]!.message);
    const skipped = await answer(app, 'U2', id2, { reflection: 'ignored when skipping' }, true);
    expect(text(skipped.update)).toContain('You skipped this one');
    const row2 = await app.db
      .selectFrom('checkin_answers')
      .selectAll()
      .where('delivery_id', '=', Number(id2))
      .executeTakeFirstOrThrow();
    expect(row2).toMatchObject({ skipped: true, scale: null, reflection: null, shared: false });

    expect(app.logs.text()).not.toContain(REFLECTION);
  });

  it('meets the lowest step with a private support message to that person only', async () => {
    const before = rec.directs.length;
    const id4 = deliveryIdOf(rec.dmsTo('U4')[0]!.message);
    const result = await answer(app, 'U4', id4, { scale: '1' });
    expect(text(result.update)).toContain('Thank you');
    await waitFor('the support message', () => rec.dmsTo('U4').length === 2);
    const support = rec.dmsTo('U4')[1]!.message;
    expect(support.text).toBe(lowCapacityMessage().text);
    expect(text(support)).toContain('Call the staff support line');
    expect(text(support)).toContain('Nobody else has been told');
    expect(rec.directs.length).toBe(before + 1);
    expect(rec.dmsTo(ADMIN)).toHaveLength(0);
  });

  it('reminds only non-responders, once, and waits for their quiet hours to end', async () => {
    // U3 has not answered; their quiet hours cover the moment the reminder comes due.
    await say(app, 'U3', 'me quiet 12:00-14:00');
    app.clock.advance(4 * HOUR); // 13:00 London: the default 240-minute delay has passed
    await waitFor(
      'the reminder task',
      async () => (await promoteDelayed(app, 'tasks', 'checkin.remind')) > 0,
    );
    await waitFor('a reminder parked for quiet hours', async () => {
      const delayed = await app.jobs.queues.outbox.getDelayed(0, -1);
      return delayed.some((j) => j.name === 'checkin.reminder' && j.id?.startsWith('reminder-'));
    });
    expect(rec.dmsTo('U3')).toHaveLength(1);

    app.clock.advance(1.5 * HOUR); // 14:30: quiet hours over
    await promoteDelayed(app, 'outbox', 'checkin.reminder');
    await waitFor('the reminder', () => rec.dmsTo('U3').length === 2);
    const reminder = rec.dmsTo('U3')[1]!.message;
    expect(text(reminder)).toContain(REMINDER_LINE);
    expect(deliveryIdOf(reminder)).toBe(deliveryIdOf(rec.dmsTo('U3')[0]!.message));
    for (const who of ['U1', 'U2']) expect(rec.dmsTo(who)).toHaveLength(1);
    expect(rec.dmsTo('U4')).toHaveLength(2); // check-in + support, no reminder

    // Never a second reminder, whatever runs again.
    const id3 = Number(deliveryIdOf(reminder));
    await app.jobs.enqueueOutbox(
      CHECKIN_OUTBOX.reminder,
      { workspaceKey: 'sandbox:W1', platform: 'sandbox', deliveryId: id3 },
      { jobId: 'reminder-again' },
    );
    await waitFor('the repeated reminder job', async () => {
      const job = await app.jobs.queues.outbox.getJob('reminder-again');
      return (await job?.getState()) === 'completed';
    });
    expect(rec.dmsTo('U3')).toHaveLength(2);

    // Either copy may be answered, once.
    const res = await answer(app, 'U3', String(id3), { scale: '3' });
    expect(res.update).toBeDefined();
    await say(app, 'U3', 'me quiet 00:00-00:00');
  });

  it('rotates prompts across rounds: nobody sees a prompt twice', async () => {
    for (let round = 1; round <= 3; round++) {
      app.clock.set(new Date(Date.UTC(2026, 2, 2 + round * 7, 9, 0)));
      const at = app.clock.now();
      await app.services.cadences.fire(cadenceId, 'Europe/London', at);
      await waitForRound(app, await occurrenceFor(app, cadenceId, at), 6);
    }
    for (const who of ['U1', 'U2', 'U3', 'U4']) {
      const prompts = await app.db
        .selectFrom('checkin_deliveries')
        .innerJoin('deliveries', 'deliveries.id', 'checkin_deliveries.delivery_id')
        .innerJoin('members', 'members.id', 'deliveries.member_id')
        .select('checkin_deliveries.prompt_id')
        .where('members.external_id', '=', who)
        .execute();
      expect(prompts).toHaveLength(4);
      expect(new Set(prompts.map((p) => p.prompt_id)).size).toBe(4);
    }
    const texts = rec.dmsTo('U1').map((d) => d.message.blocks.find((b) => b.type === 'section'));
    expect(new Set(texts.map((t) => JSON.stringify(t))).size).toBe(4);
  });
});

describe('checkin now', () => {
  it('sends a round to the audience now and a preview to the admin', async () => {
    rec.clear();
    const reply = await say(app, ADMIN, 'checkin now to everyone');
    expect(says(reply)).toContain('Sending a check-in now to everyone');
    const occ = await app.db
      .selectFrom('occurrences')
      .select('id')
      .where('cadence_id', 'is', null)
      .executeTakeFirstOrThrow();
    await waitForRound(app, occ.id, 7); // six people and the admin
    await waitFor('the preview', () => rec.dmsTo(ADMIN).some((d) => d.message.text.startsWith(PREVIEW_LINE)));
    const counts = rec.dmCounts();
    expect(counts.get(ADMIN)).toBe(2); // the preview and their own check-in
    for (const who of ['U1', 'U2', 'U3', 'U4']) expect(counts.get(who)).toBe(1);
    const preview = rec.dmsTo(ADMIN).find((d) => d.message.text.startsWith(PREVIEW_LINE))!;
    const click = await answer(app, ADMIN, deliveryIdOf(preview.message), { scale: '2' });
    expect(click.reply?.text).toBe(PREVIEW_ONLY);
  });
});

describe('a local cadence', () => {
  it('reaches, in each zone firing, only the members living in that zone', async () => {
    await say(app, 'U1', 'me timezone America/New_York');
    await say(app, ADMIN, 'checkin schedule every month on first monday at 03:00 local to everyone');
    const local = await app.db
      .selectFrom('cadences')
      .select('id')
      .where('zone', '=', 'local')
      .executeTakeFirstOrThrow();
    rec.clear();
    app.clock.set(new Date(Date.UTC(2026, 3, 6, 13, 0)));
    const at = app.clock.now();
    await app.services.cadences.fire(local.id, 'America/New_York', at);
    const ny = await occurrenceFor(app, local.id, at);
    await waitForRound(app, ny, 1);
    expect([...rec.dmCounts().keys()]).toEqual(['U1']);

    await app.services.cadences.fire(local.id, 'Europe/London', at);
    const london = await occurrenceFor(app, local.id, at, 'Europe/London');
    await waitForRound(app, london, 6);
    const counts = rec.dmCounts();
    expect(counts.get('U1')).toBe(1);
    for (const who of ['U2', 'U3', 'U4', ADMIN]) expect(counts.get(who)).toBe(1);
  });
});

describe('forget me', () => {
  it('removes the person’s answers and deliveries', async () => {
    const member = await app.db
      .selectFrom('members')
      .select('id')
      .where('external_id', '=', 'U1')
      .executeTakeFirstOrThrow();
    const before = await app.db
      .selectFrom('checkin_answers')
      .select('delivery_id')
      .where('member_id', '=', member.id)
      .execute();
    expect(before.length).toBeGreaterThan(0);
    expect(says(await say(app, 'U1', 'me'))).toContain('Check-in answers stored: 1');
    await app.services.inbound.action({
      actor: actor('U1'),
      actionId: 'me.forget.confirm',
      value: 'confirm',
      values: {},
    });
    for (const table of ['checkin_answers', 'deliveries'] as const) {
      const rows = await app.db
        .selectFrom(table)
        .select('member_id')
        .where('member_id', '=', member.id)
        .execute();
      expect(rows).toHaveLength(0);
    }
  });
});

describe('the home view', () => {
  it('shows the next check-in, or that check-ins are paused', async () => {
    const home = text(await app.services.inbound.home(actor('U2')));
    expect(home).toMatch(/Next check-in: Mon \d+ \w+/);
    await say(app, 'U5', 'me pause for 2 weeks');
    const paused = text(await app.services.inbound.home(actor('U5')));
    expect(paused).toContain('Check-ins are paused for you.');
  });
});
