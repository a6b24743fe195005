/**
 * The admin's view of check-ins and the learning digest, on real Postgres and Redis: the k rule (k-1 vs k),
 * weeks frozen against later deletions, the digest only when k shared, and the retention sweep.
 */
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHART_HEIGHT, CHART_WIDTH } from '../../../src/core/checkins/report-chart.js';
import { Recording, recordingPlatform } from '../../fakes/recording-platform.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import {
  ADMIN,
  actor,
  answer,
  deliveryIdOf,
  install,
  occurrenceFor,
  say,
  says,
  text,
  waitFor,
  waitForRound,
} from './helpers.js';
import { CHECKIN_TASKS } from '../../../src/services/checkins/job-names.js';

const PEOPLE = ['A1', 'A2', 'A3', 'A4', 'A5', 'A6'];
const SHARED = [
  'Slowing down before a hard conversation helped',
  'Asking what matters to someone changed the visit',
  'Our handover felt calmer this week',
  'I noticed I was holding on to a difficult case',
  'A colleague checked in on me and it mattered',
];

let app: TestApp;
const rec = new Recording();
let checkinCadence: number;
let digestCadence: number;

/** Fire a round now and let the people listed answer, in order; returns nothing until the round is done. */
async function round(answers: Array<{ who: string; scale: string; reflection?: string }>): Promise<void> {
  const at = app.clock.now();
  await app.services.cadences.fire(checkinCadence, 'Europe/London', at);
  await waitForRound(app, await occurrenceFor(app, checkinCadence, at), PEOPLE.length);
  for (const a of answers) {
    const dms = rec.dmsTo(a.who);
    const id = deliveryIdOf(dms[dms.length - 1]!.message);
    const values: Record<string, string> = { scale: a.scale };
    if (a.reflection) Object.assign(values, { reflection: a.reflection, share: 'true' });
    const result = await answer(app, a.who, id, values);
    expect(result.update).toBeDefined();
  }
}

async function fireDigest(at: Date): Promise<{ status: string; skip_reason: string | null }> {
  await app.services.cadences.fire(digestCadence, 'Europe/London', at);
  const id = await occurrenceFor(app, digestCadence, at);
  return waitFor('the digest to finish', async () => {
    const row = await app.db
      .selectFrom('occurrences')
      .select(['status', 'skip_reason'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return row.status === 'fanning-out' ? false : row;
  });
}

async function report(weeks: number): Promise<string> {
  return says(await say(app, ADMIN, `report checkins weeks ${weeks}`));
}

beforeAll(async () => {
  rec.setRoster(
    'C1',
    PEOPLE.map((userId) => ({ userId, displayName: `Person ${userId}` })),
  );
  app = await startTestApp({ label: 'checkinreport', adapters: [recordingPlatform(rec)] });
  await install(app);
  await say(app, ADMIN, 'checkin schedule every month on first monday at 03:00 Europe/London', 'C1');
  await say(app, ADMIN, 'digest schedule every month on first monday at 03:00 to <#CDIG|learning>');
  const rows = await app.db.selectFrom('cadences').select(['id', 'kind']).execute();
  checkinCadence = rows.find((r) => r.kind === 'checkin')!.id;
  digestCadence = rows.find((r) => r.kind === 'digest')!.id;
}, 60_000);

afterAll(async () => {
  await app?.close();
});

describe('report checkins and the digest', () => {
  it('shows nothing for a week with k-1 answers, and posts no digest with k-1 shared', async () => {
    // Monday 2 March 2026 (2026-W10): four of six answer and share.
    await round(SHARED.slice(0, 4).map((reflection, i) => ({ who: PEOPLE[i]!, scale: '3', reflection })));
    // Still in W10: the week shows as in progress, with how many were sent to and no answer figure at all.
    const inProgress = await report(1);
    expect(inProgress).toContain('2026-W10 · week of 2 Mar 2026 · in progress');
    expect(inProgress).toContain('Check-ins sent to about 5 people so far.');
    expect(inProgress).toContain(
      'Figures come once the week closes, and only if at least 5 people answered.',
    );
    expect(inProgress).not.toMatch(/about \d+ answered|response rate|█/);
    app.clock.set(new Date('2026-03-09T09:00:00Z'));
    const text1 = await report(1);
    expect(text1).toContain('2026-W10');
    expect(text1).toContain('Fewer than 5 answered.');
    expect(text1).not.toContain('Sent to about');

    const digest = await fireDigest(new Date('2026-03-09T08:00:00Z'));
    expect(digest.status).toBe('skipped');
    expect(rec.channelPosts).toHaveLength(0);
  });

  it('shows figures for a week with k answers, and posts the digest once k shared', async () => {
    // 2026-W11: five answer; one more shares, so five reflections wait for the digest.
    await round([
      { who: 'A1', scale: '1' },
      { who: 'A2', scale: '2' },
      { who: 'A3', scale: '4' },
      { who: 'A4', scale: '4' },
      { who: 'A5', scale: '5', reflection: SHARED[4] },
    ]);
    app.clock.set(new Date('2026-03-16T09:00:00Z'));
    const text2 = await report(2);
    expect(text2).toContain('Fewer than 5 answered.'); // W10, unchanged
    expect(text2).toContain('Sent to about 5 people · about 5 answered · response rate 100%');
    expect(text2).toContain('4 Quite a lot of energy: ██████████ 5');

    const digest = await fireDigest(new Date('2026-03-16T08:00:00Z'));
    expect(digest.status).toBe('sent');
    expect(rec.channelPosts).toHaveLength(1);
    const post = rec.channelPosts[0]!;
    expect(post.channelId).toBe('CDIG');
    const body = text(post.message);
    for (const reflection of SHARED) expect(body).toContain(reflection);
    for (const who of PEOPLE) {
      expect(body).not.toContain(who);
      expect(body).not.toContain(`Person ${who}`);
    }
    // Nothing of what was shared is in the log, nor in the job data.
    for (const reflection of SHARED) expect(app.logs.text()).not.toContain(reflection);

    // The next digest starts after this one: nothing new, so nothing is posted.
    const next = await fireDigest(new Date('2026-03-16T08:30:00Z'));
    expect(next.status).toBe('skipped');
    expect(rec.channelPosts).toHaveLength(1);
  });

  it('report checkins carries its chart: a PNG at a signed link, suppressed weeks without a value', async () => {
    const reply = await say(app, ADMIN, 'report checkins weeks 2');
    const images = reply.message!.blocks.filter((b) => b.type === 'image');
    expect(images).toHaveLength(1);
    const image = images[0]!;
    if (image.type !== 'image') throw new Error('not an image');
    expect(image.alt).toContain('2026-W10: fewer than 5 answered, not shown');
    expect(image.alt).toContain('2026-W11: response rate 100%');
    // The words keep every figure too (screen readers, and platforms that do not show the picture).
    expect(says(reply)).toContain('Sent to about 5 people · about 5 answered · response rate 100%');
    const link = new URL(image.url);
    expect(link.pathname).toMatch(/^\/charts\/[A-Za-z0-9_-]{24}\.png$/);
    const res = await fetch(`${app.url}${link.pathname}${link.search}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toMatch(/^private, max-age=\d+$/);
    const png = PNG.sync.read(Buffer.from(await res.arrayBuffer()));
    expect([png.width, png.height]).toEqual([CHART_WIDTH, CHART_HEIGHT]);

    // Tampered, unsigned, unknown, expired: the same plain 404.
    const sig = link.searchParams.get('sig')!;
    const tampered = `${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`;
    const exp = link.searchParams.get('exp')!;
    for (const bad of [
      `${link.pathname}?exp=${exp}&sig=${tampered}`,
      `${link.pathname}?exp=${Number(exp) + 1}&sig=${sig}`,
      link.pathname,
      `/charts/AAAAAAAAAAAAAAAAAAAAAAAA.png${link.search}`,
      '/charts/../record.png',
    ]) {
      const refused = await fetch(`${app.url}${bad}`);
      expect(refused.status, bad).toBe(404);
      expect(await refused.text()).toBe('Not found');
    }
    const before = app.clock.now();
    app.clock.advance(24 * 3600_000);
    expect((await fetch(`${app.url}${link.pathname}${link.search}`)).status).toBe(404);
    app.clock.set(before);
  });

  it('keeps a closed week frozen after someone is forgotten', async () => {
    await app.services.inbound.action({
      actor: actor('A1'),
      actionId: 'me.forget.confirm',
      value: 'confirm',
      values: {},
    });
    const text3 = await report(2);
    expect(text3).toContain('Sent to about 5 people · about 5 answered · response rate 100%');
  });

  it('the daily retention sweep deletes answers past the retention period, and only those', async () => {
    await say(app, ADMIN, 'settings retention 30 days');
    // 6 April: W10's answers are 35 days old, W11's are 28.
    app.clock.set(new Date('2026-04-06T09:00:00Z'));
    const count = async (before: string) => {
      const row = await app.db
        .selectFrom('checkin_answers')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('answered_at', '<', new Date(before))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    };
    expect(await count('2026-03-05T00:00:00Z')).toBe(3); // A1's went with forget me
    await app.jobs.enqueueTask(CHECKIN_TASKS.retention, {}, { jobId: 'retention-now' });
    await waitFor('the retention sweep', async () => (await count('2026-03-05T00:00:00Z')) === 0);
    expect(await count('2026-04-06T00:00:00Z')).toBe(4);
    const text4 = await report(5);
    expect(text4).toContain('Sent to about 5 people · about 5 answered · response rate 100%');
    expect(await app.jobs.queues.tasks.getJobScheduler('periodic-checkin-retention')).toBeDefined();
  });

  it('keeps the count of a week in progress to "fewer than k" when fewer than k were sent to', async () => {
    // Tuesday of 2026-W15: two people in a small channel get a check-in now, and one answers.
    app.clock.set(new Date('2026-04-07T10:00:00Z'));
    rec.setRoster('CSMALL', [{ userId: 'A2' }, { userId: 'A3' }]);
    await say(app, ADMIN, 'checkin now to <#CSMALL|small>');
    const occurrence = await waitFor('the check-in now occurrence', async () => {
      const row = await app.db
        .selectFrom('occurrences')
        .select('id')
        .where('cadence_id', 'is', null)
        .where('scheduled_for', '=', app.clock.now())
        .executeTakeFirst();
      return row?.id;
    });
    await waitForRound(app, occurrence, 2);
    const dms = rec.dmsTo('A2');
    await answer(app, 'A2', deliveryIdOf(dms[dms.length - 1]!.message), { scale: '2' });
    const text5 = await report(1);
    expect(text5).toContain('2026-W15 · week of 6 Apr 2026 · in progress');
    expect(text5).toContain('Check-ins sent to fewer than 5 people so far.');
    expect(text5).not.toMatch(/sent to (about )?\d|about \d+ answered|response rate/);
  });
});
