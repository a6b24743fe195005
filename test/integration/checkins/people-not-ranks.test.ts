/**
 * People, not ranks (issue 17), on real Postgres and Redis: a director with lived experience is in the leaders'
 * pairing pool and gets lived-experience prompts beside leader ones; a member without a role is asked once, in
 * the welcome, with "Prefer not to say"; `me scale off` takes the energy scale out of their check-ins; and
 * "Prefer not to say" on the scale still counts as an answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPrompt, PREFER_NOT_TO_SAY, WELCOME_BAND_QUESTION } from '../../../src/core/checkins/index.js';
import { LIVED_EXPERIENCE } from '../../../src/core/commands/command.js';
import type { Message } from '../../../src/core/messages/message.js';
import { prompts } from '../../../src/prompts-loader.js';
import { Recording, recordingPlatform } from '../../fakes/recording-platform.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import {
  ADMIN,
  actor,
  answer,
  deliveryIdOf,
  install,
  say,
  says,
  text,
  waitFor,
  waitForRound,
} from './helpers.js';

const DIRECTOR = 'UDIRECTOR';
const LEADER = 'ULEADER';
const NOROLE = 'UNOROLE';
const NOSCALE = 'UNOSCALE';
const PEOPLE = [DIRECTOR, LEADER, NOROLE, NOSCALE];

let app: TestApp;
const rec = new Recording();

async function row(userId: string) {
  return app.db.selectFrom('members').selectAll().where('external_id', '=', userId).executeTakeFirstOrThrow();
}

/** One `checkin now to everyone` round, to its end; returns the newest check-in each person got. */
async function round(): Promise<Map<string, Message>> {
  const before = await app.db.selectFrom('occurrences').select('id').orderBy('id', 'desc').executeTakeFirst();
  await say(app, ADMIN, 'checkin now to everyone');
  const occ = await waitFor('the new round', () =>
    app.db
      .selectFrom('occurrences')
      .select('id')
      .where('id', '>', before?.id ?? 0)
      .executeTakeFirst(),
  );
  await waitForRound(app, occ.id, PEOPLE.length + 1);
  const out = new Map<string, Message>();
  for (const who of PEOPLE) {
    const checkins = rec.dmsTo(who).filter((d) => d.message.blocks.some((b) => b.type === 'buttons'));
    out.set(who, checkins.at(-1)!.message);
  }
  return out;
}

async function promptOf(message: Message) {
  const delivery = await app.db
    .selectFrom('checkin_deliveries')
    .select('prompt_id')
    .where('delivery_id', '=', Number(deliveryIdOf(message)))
    .executeTakeFirstOrThrow();
  return findPrompt(prompts().checkins, delivery.prompt_id)!;
}

beforeAll(async () => {
  app = await startTestApp({ label: 'peoplenotranks', adapters: [recordingPlatform(rec)] });
  await install(app);
  await say(app, DIRECTOR, 'me role leader');
  await say(app, DIRECTOR, 'me lived-experience yes');
  await say(app, LEADER, 'me role leader');
  await say(app, NOROLE, 'me');
  await say(app, NOSCALE, 'me role frontline');
}, 60_000);

afterAll(async () => {
  await app?.close();
});

describe('people, not ranks', () => {
  it('a director with lived experience joins the leaders’ pairing pool', async () => {
    expect(says(await say(app, DIRECTOR, 'pairing join'))).toContain('You are in the peer support pool');
    const pool = await app.db.selectFrom('pairing_pool').select('member_id').execute();
    expect(pool.map((p) => p.member_id)).toContain((await row(DIRECTOR)).id);
  });

  it('asks a member without a role once, in the welcome, with "Prefer not to say"; and `me scale off` removes the scale', async () => {
    expect(says(await say(app, NOSCALE, 'me scale off'))).toContain('will not ask about your energy');
    const first = await round();
    const welcome = first.get(NOROLE)!;
    expect(text(welcome)).toContain(WELCOME_BAND_QUESTION);
    const buttons = welcome.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons : []));
    const bandButtons = buttons.filter((b) => b.actionId.startsWith('welcome.band.'));
    expect(bandButtons.map((b) => b.label)).toEqual([
      'Frontline',
      'Manager',
      'Leader',
      'Community',
      'Prefer not to say',
    ]);
    // People with a role are not asked.
    for (const who of [DIRECTOR, LEADER, NOSCALE])
      expect(text(first.get(who))).not.toContain(WELCOME_BAND_QUESTION);
    // The scale is there (with "Prefer not to say"), except for the person who turned it off.
    const scaleOf = (m: Message) => m.blocks.find((b) => b.type === 'choice' && b.id === 'scale');
    expect(scaleOf(first.get(LEADER)!)).toBeDefined();
    expect(scaleOf(first.get(NOSCALE)!)).toBeUndefined();

    const reply = await app.services.inbound.action({
      actor: actor(NOROLE),
      actionId: 'welcome.band.none',
      value: deliveryIdOf(welcome),
      values: {},
    });
    expect(text(reply.reply)).toContain('I will not ask again');
    expect(text(reply.reply)).not.toContain('!');
    const answered = await row(NOROLE);
    expect(answered.band).toBeNull();
    expect(answered.band_answered_at).not.toBeNull();
    expect(says(await say(app, NOROLE, 'me'))).toContain("You answered the welcome's role question");

    const second = await round();
    for (const who of PEOPLE) expect(text(second.get(who))).not.toContain(WELCOME_BAND_QUESTION);
    expect(scaleOf(second.get(NOSCALE)!)).toBeUndefined();
  });

  it('"Prefer not to say" on the scale is an answer, with no point on the scale', async () => {
    const latest = rec.dmsTo(LEADER).filter((d) => d.message.blocks.some((b) => b.type === 'buttons'));
    const id = deliveryIdOf(latest.at(-1)!.message);
    await answer(app, LEADER, id, { scale: PREFER_NOT_TO_SAY });
    const saved = await app.db
      .selectFrom('checkin_answers')
      .selectAll()
      .where('delivery_id', '=', Number(id))
      .executeTakeFirstOrThrow();
    expect(saved).toMatchObject({ scale: null, skipped: false });
  });

  it('gives the director lived-experience prompts beside leader ones; a leader without it gets none', async () => {
    const director: string[][] = [];
    const leader: string[][] = [];
    const leOnly = (bands: string[]) => bands.includes(LIVED_EXPERIENCE) && !bands.includes('leader');
    // The injected random source is seeded: the same rounds give the same prompts every run. About one prompt
    // in ten of the director's pool is written for lived experience only, so 40 rounds are far more than enough.
    for (let i = 0; i < 40 && !director.some(leOnly); i++) {
      const got = await round();
      director.push((await promptOf(got.get(DIRECTOR)!)).bands);
      leader.push((await promptOf(got.get(LEADER)!)).bands);
    }
    for (const bands of director)
      expect(bands.includes('leader') || bands.includes(LIVED_EXPERIENCE)).toBe(true);
    expect(director.some(leOnly)).toBe(true);
    expect(leader.some(leOnly)).toBe(false);
  });
});
