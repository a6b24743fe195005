/**
 * The sender's choice of prompt and what it allows, on real Postgres and Redis. The shareable rule holds on the
 * server, not only in the message: a forged share tick for a prompt about people supported is ignored. And the
 * rotation's shape reaches the sender: after a heavy prompt, the next check-in brings a light, strengths-first one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPrompt, findSendablePrompt } from '../../../src/core/checkins/index.js';
import { prompts } from '../../../src/prompts-loader.js';
import { Recording, recordingPlatform } from '../../fakes/recording-platform.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { ADMIN, answer, deliveryIdOf, install, occurrenceFor, say, waitForRound } from './helpers.js';

let cadenceId: number;

const PEOPLE = ['U1', 'U2'];
let app: TestApp;
const rec = new Recording();

beforeAll(async () => {
  rec.setRoster(
    'C1',
    PEOPLE.map((userId) => ({ userId })),
  );
  app = await startTestApp({ label: 'promptsharing', adapters: [recordingPlatform(rec)] });
  await install(app);
  for (const who of PEOPLE) await say(app, who, 'me');
  await say(app, ADMIN, 'checkin schedule every month on first monday at 03:00 Europe/London', 'C1');
  const cadence = await app.db.selectFrom('cadences').select('id').executeTakeFirstOrThrow();
  cadenceId = cadence.id;
  const at = app.clock.now();
  await app.services.cadences.fire(cadence.id, 'Europe/London', at);
  await waitForRound(app, await occurrenceFor(app, cadence.id, at), 2);
}, 60_000);

afterAll(async () => {
  await app?.close();
});

async function setPrompt(deliveryId: string, promptId: string): Promise<void> {
  await app.db
    .updateTable('checkin_deliveries')
    .set({ prompt_id: promptId })
    .where('delivery_id', '=', Number(deliveryId))
    .execute();
}

async function sharedOf(deliveryId: string): Promise<boolean> {
  const row = await app.db
    .selectFrom('checkin_answers')
    .select('shared')
    .where('delivery_id', '=', Number(deliveryId))
    .executeTakeFirstOrThrow();
  return row.shared;
}

describe('shareable prompts', () => {
  it('a forged share tick on a prompt about people supported is ignored: the answer stays private', async () => {
    const about = findSendablePrompt(prompts().checkins, 'trust-beginning');
    expect(about?.shareable).toBe(false);
    const id = deliveryIdOf(rec.dmsTo('U1')[0]!.message);
    await setPrompt(id, 'trust-beginning');
    await answer(app, 'U1', id, {
      scale: '4',
      reflection: 'Trust grew slowly, and that was fine',
      share: 'true',
    });
    expect(await sharedOf(id)).toBe(false);
  });

  it('a share tick on a shareable prompt is kept, as before', async () => {
    expect(findSendablePrompt(prompts().checkins, 'habit-to-keep')?.shareable).toBe(true);
    const id = deliveryIdOf(rec.dmsTo('U2')[0]!.message);
    await setPrompt(id, 'habit-to-keep');
    await answer(app, 'U2', id, { scale: '4', reflection: 'A walk at lunch has helped', share: 'true' });
    expect(await sharedOf(id)).toBe(true);
  });
});

describe('rotation with shape, as the sender applies it', () => {
  it('after a heavy prompt, the next check-in brings a light, strengths-first one, and never grief', async () => {
    const library = prompts().checkins;
    expect(findSendablePrompt(library, 'vicarious-comes-home')?.weight).toBe('heavy');
    for (const who of PEOPLE)
      await setPrompt(deliveryIdOf(rec.dmsTo(who)[0]!.message), 'vicarious-comes-home');
    app.clock.set(new Date(app.clock.now().getTime() + 7 * 24 * 3600_000));
    const at = app.clock.now();
    await app.services.cadences.fire(cadenceId, 'Europe/London', at);
    await waitForRound(app, await occurrenceFor(app, cadenceId, at), 2);
    for (const who of PEOPLE) {
      const id = deliveryIdOf(rec.dmsTo(who)[1]!.message);
      const row = await app.db
        .selectFrom('checkin_deliveries')
        .select('prompt_id')
        .where('delivery_id', '=', Number(id))
        .executeTakeFirstOrThrow();
      const next = findPrompt(library, row.prompt_id)!;
      expect(next.weight).toBe('light');
      expect(next.strengths).toBe(true);
      expect(next.optIn).toBeUndefined();
    }
  });
});
