/**
 * `me record` end to end on real Postgres and Redis: a member with check-in reflections across several weeks and
 * two sessions gets a DM with single-use links; the Markdown and the PDF (text extracted) hold their own words and
 * sessions and nobody else's; the decrypted text is in the file and nowhere in the logs; admins cannot get it;
 * `forget me` leaves nothing to export.
 */
import { sessionReflectionPlace } from '../../../src/store/cipher-places.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Recording, recordingPlatform } from '../../fakes/recording-platform.js';
import { pdfText } from '../../helpers/pdf-text.js';
import { downloadRecord } from '../../helpers/record-link.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import {
  ADMIN,
  answer,
  deliveryIdOf,
  install,
  say,
  says,
  waitFor,
  waitForRound,
} from '../checkins/helpers.js';

const DAY = 24 * 3600_000;
const MINE = [
  'Asking twice helped Dev open up about the move.',
  'I noticed I rush when the hostel is loud.',
  'Handover notes saved me an hour.',
];
const THEIRS = 'Someone else entirely: the night shift was calm.';

let app: TestApp;
const rec = new Recording();

const seen = new Map<string, number>();
/** The links of the next record DM this person gets (after the ones already used). */
async function linksFor(who: string): Promise<string[]> {
  const recordDms = () => rec.dmsTo(who).filter((d) => JSON.stringify(d.message).includes('/record/'));
  const before = seen.get(who) ?? 0;
  await waitFor('the record links', async () => recordDms().length > before);
  seen.set(who, recordDms().length);
  const dm = recordDms().at(-1)!;
  return dm.message.blocks.flatMap((b) => (b.type === 'link' ? [b.url] : []));
}

beforeAll(async () => {
  rec.setRoster('C1', [{ userId: 'URUTH' }, { userId: 'UOTHER' }]);
  app = await startTestApp({ label: 'record', adapters: [recordingPlatform(rec)] });
  await install(app);
  await say(app, 'URUTH', 'me');
  await say(app, 'UOTHER', 'me');
  // Three weekly check-ins: Ruth writes a reflection each time, the other member writes one too.
  for (let week = 0; week < 3; week++) {
    await say(app, ADMIN, 'checkin now to <#C1|general>', 'C1');
    const occ = await app.db
      .selectFrom('occurrences')
      .select('id')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    await waitForRound(app, occ.id, 2);
    const mine = rec
      .dmsTo('URUTH')
      .filter((d) => d.message.blocks.some((b) => b.type === 'input'))
      .at(-1)!;
    await answer(app, 'URUTH', deliveryIdOf(mine.message), { scale: '3', reflection: MINE[week]! });
    const theirs = rec
      .dmsTo('UOTHER')
      .filter((d) => d.message.blocks.some((b) => b.type === 'input'))
      .at(-1)!;
    await answer(app, 'UOTHER', deliveryIdOf(theirs.message), { scale: '4', reflection: THEIRS });
    app.clock.advance(7 * DAY);
  }
  // Two sessions Ruth attended, one with a reflection (stored as the sessions feature stores it: encrypted JSON).
  const ws = await app.db.selectFrom('workspaces').select('id').executeTakeFirstOrThrow();
  const ruth = await app.db
    .selectFrom('members')
    .select('id')
    .where('external_id', '=', 'URUTH')
    .executeTakeFirstOrThrow();
  for (const [i, title] of ['Boundaries in outreach', 'Co-production basics'].entries()) {
    const session = await app.db
      .insertInto('sessions')
      .values({
        workspace_id: ws.id,
        title,
        topic: i === 0 ? 'boundaries' : null,
        starts_at: new Date(app.clock.now().getTime() - (10 - i) * DAY),
        duration_minutes: i === 0 ? 45 : 90,
        place: null,
        capacity: null,
        audience: JSON.stringify({ kind: 'everyone' }),
        mix: JSON.stringify([]),
        nudge_hours: JSON.stringify([]),
        created_by: null,
        updated_at: app.clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await app.db
      .insertInto('session_rsvps')
      .values({
        session_id: session.id,
        member_id: ruth.id,
        status: 'going',
        band: 'frontline',
        queued_seq: null,
        answered_at: app.clock.now(),
      })
      .execute();
    if (i === 0) {
      await app.db
        .insertInto('session_reflections')
        .values({
          session_id: session.id,
          member_id: ruth.id,
          set_id: 'boundaries',
          skipped: false,
          answers: app.context.cipher.encrypt(
            JSON.stringify({
              what: 'We role-played saying no kindly.',
              soWhat: 'No can be a kindness.',
              nowWhat: 'I will name my limits at the start of a visit.',
            }),
            sessionReflectionPlace(session.id, ruth.id),
          ),
          answered_at: app.clock.now(),
        })
        .execute();
    }
  }
}, 120_000);

afterAll(async () => {
  await app?.close();
});

describe('my reflective practice record', () => {
  it('arrives as single-use links in my DM and holds my words and sessions only', async () => {
    const reply = says(await say(app, 'URUTH', 'me record'));
    expect(reply).toContain("I've sent you a private message");
    const [pdfLink, mdLink] = await linksFor('URUTH');
    expect(pdfLink).toMatch(/\/record\/[A-Za-z0-9_-]{24}$/);

    const md = await (await downloadRecord(app.url, mdLink!)).text();
    // Ordinary words read as written: nothing in them would change Markdown formatting, so nothing is escaped.
    for (const words of MINE) expect(md).toContain(words);
    expect(md).toContain('Boundaries in outreach (45 minutes, topic: boundaries)');
    expect(md).toContain('Co-production basics (90 minutes)');
    expect(md).toContain('Hours of learning sessions: 2.25');
    expect(md).toContain('Reflections written: 4');
    expect(md).toContain('I will name my limits at the start of a visit.');
    expect(md).not.toContain('night shift was calm');

    const pdfRes = await downloadRecord(app.url, pdfLink!);
    expect(pdfRes.headers.get('content-type')).toBe('application/pdf');
    const pdf = (await pdfText(Buffer.from(await pdfRes.arrayBuffer()))).replace(/\s+/g, ' ');
    for (const words of MINE) expect(pdf).toContain(words);
    expect(pdf).toContain('No can be a kindness.');
    expect(pdf).not.toContain('night shift was calm');

    // Single use.
    expect((await downloadRecord(app.url, mdLink!)).status).toBe(404);
    // The words are in the files, never in the logs.
    for (const words of [...MINE, THEIRS, 'No can be a kindness.'])
      expect(app.logs.text()).not.toContain(words);
  });

  it('each regulator layout has its headings and only my own words, in Markdown and PDF', async () => {
    const expected: Record<string, string[]> = {
      nmc: [
        'Written reflective accounts (NMC revalidation)',
        'five written reflective accounts in each three-year revalidation period',
        'How did you change or improve your practice as a result?',
        'How is this relevant to the Code?',
        'Promote professionalism and trust',
      ],
      swe: [
        'CPD record (Social Work England)',
        'What impact has this had on your practice?',
        'Did this include peer reflection?',
      ],
      hcpc: [
        'CPD activity record (HCPC)',
        'Continuous record of CPD activities',
        'learning session, Boundaries in outreach (45 minutes)',
      ],
    };
    for (const [layout, headings] of Object.entries(expected)) {
      await say(app, 'URUTH', `me record ${layout}`);
      const [pdfLink, mdLink] = await linksFor('URUTH');
      const md = await (await downloadRecord(app.url, mdLink!)).text();
      const pdfRes = await downloadRecord(app.url, pdfLink!);
      const pdf = (await pdfText(Buffer.from(await pdfRes.arrayBuffer()))).replace(/\s+/g, ' ');
      for (const text of [md, pdf]) {
        for (const h of headings) expect(text, layout).toContain(h);
        for (const words of MINE) expect(text, layout).toContain(words);
        expect(text, layout).not.toContain('night shift was calm');
      }
      // An unanswered heading says so; nothing is made up for it.
      if (layout !== 'hcpc') expect(md).toContain('Not yet written.');
    }
  });

  it('me record add: a Code theme and how it changed my practice appear in my layouts, and only in mine', async () => {
    const CHANGED = 'I now ask twice before I assume someone is fine.';
    const THEIR_CHANGED = 'Their own change: a calmer handover.';
    const latest = says(await say(app, 'URUTH', `me record add last changed "${CHANGED}"`));
    expect(latest).toContain("I've added how it changed your practice to your reflection ");
    const ref = /reflection ([cs]\d+)/.exec(latest)![1]!;
    expect(says(await say(app, 'URUTH', `me record add ${ref} theme preserve-safety`))).toContain(
      "I've added the theme",
    );
    // The other member tries Ruth's reference: refused exactly as an unknown one, and nothing is stored.
    const refused = says(await say(app, 'UOTHER', `me record add ${ref} changed "taken over"`));
    expect(refused).toContain(`I couldn't find a reflection of yours with the reference ${ref}`);
    expect(says(await say(app, 'UOTHER', 'me record add c99999 theme preserve-safety'))).toContain(
      'Nothing was saved',
    );
    expect(says(await say(app, 'UOTHER', `me record add last changed "${THEIR_CHANGED}"`))).toContain(
      "I've added",
    );
    // Bad input: a clear message, nothing changed.
    expect(says(await say(app, 'URUTH', 'me record add last theme kindness'))).toContain(
      'is not one of the Code',
    );
    const stored = await app.db.selectFrom('record_additions').selectAll().execute();
    expect(stored).toHaveLength(2);
    // Encrypted at rest, never logged.
    for (const row of stored) expect(row.changed).toMatch(/^v2\./);
    expect(app.logs.text()).not.toContain(CHANGED);

    const mine: Record<string, string[]> = {
      nmc: [
        'How did you change or improve your practice as a result?',
        CHANGED,
        'Preserve safety',
        'Participatory CPD hours',
      ],
      swe: ['What impact has this had on your practice?', CHANGED, 'Participatory CPD hours'],
      hcpc: ['How it changed my practice', CHANGED, 'Theme: Preserve safety'],
      general: ['How it changed my practice (added later)', CHANGED, 'Preserve safety'],
    };
    for (const [layout, expected] of Object.entries(mine)) {
      await say(app, 'URUTH', `me record ${layout}`);
      const [pdfLink, mdLink] = await linksFor('URUTH');
      const md = await (await downloadRecord(app.url, mdLink!)).text();
      const pdfRes = await downloadRecord(app.url, pdfLink!);
      const pdf = (await pdfText(Buffer.from(await pdfRes.arrayBuffer()))).replace(/\s+/g, ' ');
      for (const text of [md, pdf]) {
        for (const e of expected) expect(text, layout).toContain(e);
        expect(text, layout).not.toContain(THEIR_CHANGED);
        expect(text, layout).not.toContain('night shift was calm');
      }
    }
    await say(app, 'UOTHER', 'me record nmc');
    const [, otherMd] = await linksFor('UOTHER');
    const theirs = await (await downloadRecord(app.url, otherMd!)).text();
    expect(theirs).toContain(THEIR_CHANGED);
    expect(theirs).not.toContain(CHANGED);
    expect(theirs).not.toContain('Preserve safety\n');
  });

  it('a date range narrows the record', async () => {
    const today = app.clock.now().toISOString().slice(0, 10);
    await say(app, 'URUTH', `me record from ${today} to ${today}`);
    const [, mdLink] = await linksFor('URUTH');
    const md = await (await downloadRecord(app.url, mdLink!)).text();
    expect(md).toContain('No reflections written in this period.');
  });

  it('the thank-you says how to add how it changed my practice; "last" then means that reflection', async () => {
    await say(app, ADMIN, 'checkin now to <#C1|general>', 'C1');
    const occ = await app.db
      .selectFrom('occurrences')
      .select('id')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    await waitForRound(app, occ.id, 2);
    const dm = rec
      .dmsTo('URUTH')
      .filter((d) => d.message.blocks.some((b) => b.type === 'input'))
      .at(-1)!;
    const deliveryId = deliveryIdOf(dm.message);
    const thanks = await answer(app, 'URUTH', deliveryId, {
      scale: '3',
      reflection: 'A quieter start helped.',
    });
    expect(JSON.stringify(thanks.update)).toContain('me record add last changed');
    expect(
      says(await say(app, 'URUTH', 'me record add last changed "I open the door more slowly now."')),
    ).toContain(`your reflection c${deliveryId}`);
    const rows = await app.db
      .selectFrom('record_additions')
      .select(['changed'])
      .where('delivery_id', '=', Number(deliveryId))
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.changed).toMatch(/^v2\./);
  });

  it('a link from my record is mine alone: the other member gets their own words only', async () => {
    await say(app, 'UOTHER', 'me record');
    const [, mdLink] = await linksFor('UOTHER');
    const md = await (await downloadRecord(app.url, mdLink!)).text();
    expect(md).toContain('night shift was calm');
    for (const words of MINE) expect(md).not.toContain(words);
  });

  it('a reflection copied into my rows from another member is unreadable there: my record says so, never shows their words', async () => {
    const other = await app.db
      .selectFrom('checkin_answers as a')
      .innerJoin('members as m', 'm.id', 'a.member_id')
      .select(['a.reflection'])
      .where('m.external_id', '=', 'UOTHER')
      .executeTakeFirstOrThrow();
    const mine = await app.db
      .selectFrom('checkin_answers as a')
      .innerJoin('members as m', 'm.id', 'a.member_id')
      .select(['a.delivery_id'])
      .where('m.external_id', '=', 'URUTH')
      .orderBy('a.delivery_id')
      .executeTakeFirstOrThrow();
    // Someone with the database (not the key) pastes the other member's ciphertext over one of Ruth's.
    await app.db
      .updateTable('checkin_answers')
      .set({ reflection: other.reflection })
      .where('delivery_id', '=', mine.delivery_id)
      .execute();
    // And into another column: over Ruth's after-session reflection.
    await app.db
      .updateTable('session_reflections')
      .set({ answers: other.reflection })
      .where('answers', 'is not', null)
      .execute();
    await say(app, 'URUTH', 'me record');
    const [, mdLink] = await linksFor('URUTH');
    const res = await downloadRecord(app.url, mdLink!);
    expect(res.status).toBe(200);
    const md = await res.text();
    expect(md.split('This reflection could not be read.').length - 1).toBe(2);
    expect(md).not.toContain('night shift was calm');
    expect(md).not.toContain('No can be a kindness.');
    expect(md).toContain(MINE[1]!);
  });

  it('forget me leaves nothing to export, and open links stop working', async () => {
    await say(app, 'URUTH', 'me record');
    const [pdfLink] = await linksFor('URUTH');
    await app.services.inbound.action({
      actor: { platform: 'sandbox', workspaceId: 'W1', userId: 'URUTH' },
      actionId: 'me.forget.confirm',
      value: 'confirm',
      values: {},
    });
    expect((await downloadRecord(app.url, pdfLink!)).status).toBe(404);
    await say(app, 'URUTH', 'me record');
    const [, mdLink] = await linksFor('URUTH');
    const md = await (await downloadRecord(app.url, mdLink!)).text();
    expect(md).toContain('No reflections written in this period.');
    expect(md).toContain('None in this period.');
    // What Ruth added to her reflections went with her.
    const left = await app.db
      .selectFrom('record_additions as a')
      .innerJoin('members as m', 'm.id', 'a.member_id')
      .select('a.ref')
      .where('m.external_id', '=', 'URUTH')
      .execute();
    expect(left).toEqual([]);
  });
});
