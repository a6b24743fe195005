/**
 * Grief is opt-in only (issue 17): a question about the deaths of people supported reaches only someone who said
 * `me grief on`, always with bereavement signposting under it, and never anyone else, even when every other
 * question has been asked. Each person's history is filled with every other question they could be asked, so
 * the next draw must be a question they have not had: for the one who opted in, a grief question.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPrompt, promptsFor } from '../../../src/core/checkins/index.js';
import type { Message } from '../../../src/core/messages/message.js';
import { prompts } from '../../../src/prompts-loader.js';
import { fullText, Recording, recordingPlatform } from '../../fakes/recording-platform.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { ADMIN, deliveryIdOf, install, say, says, waitFor, waitForRound } from './helpers.js';

const CHOSE = 'UGRIEFON';
const DID_NOT = 'UGRIEFOFF';
const library = prompts().checkins;

let app: TestApp;
let workspaceId: string;
const rec = new Recording();

async function memberId(userId: string): Promise<string> {
  const row = await app.db
    .selectFrom('members')
    .select('id')
    .where('external_id', '=', userId)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Record every question this person could be asked (grief left out), the last one light, as already sent. */
async function askedEverythingElse(userId: string): Promise<void> {
  const id = await memberId(userId);
  const suitable = promptsFor(library, 'frontline', []);
  const ordered = [
    ...suitable.filter((p) => p.weight === 'heavy'),
    ...suitable.filter((p) => p.weight !== 'heavy'),
  ];
  const occ = await app.db
    .insertInto('occurrences')
    .values({
      cadence_id: null,
      workspace_id: workspaceId,
      kind: 'checkin',
      scheduled_for: new Date(0),
      status: 'done',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  let at = 1;
  for (const p of ordered) {
    // One delivery per past round: a person has one delivery per occurrence.
    const past =
      at === 1
        ? occ
        : await app.db
            .insertInto('occurrences')
            .values({
              cadence_id: null,
              workspace_id: workspaceId,
              kind: 'checkin',
              scheduled_for: new Date(at * 1000),
              status: 'done',
            })
            .returning('id')
            .executeTakeFirstOrThrow();
    const d = await app.db
      .insertInto('deliveries')
      .values({ occurrence_id: past.id, member_id: id, status: 'sent', sent_at: new Date(at * 1000) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await app.db
      .insertInto('checkin_deliveries')
      .values({ delivery_id: d.id, prompt_id: p.id, created_at: new Date(at * 1000) })
      .execute();
    at++;
  }
}

async function latestCheckin(userId: string): Promise<Message> {
  const checkins = rec.dmsTo(userId).filter((d) => d.message.blocks.some((b) => b.type === 'buttons'));
  return checkins.at(-1)!.message;
}

async function promptOf(message: Message) {
  const delivery = await app.db
    .selectFrom('checkin_deliveries')
    .select('prompt_id')
    .where('delivery_id', '=', Number(deliveryIdOf(message)))
    .executeTakeFirstOrThrow();
  return findPrompt(library, delivery.prompt_id)!;
}

beforeAll(async () => {
  app = await startTestApp({ label: 'griefoptin', adapters: [recordingPlatform(rec)] });
  workspaceId = await install(app);
  for (const who of [CHOSE, DID_NOT]) await say(app, who, 'me role frontline');
}, 60_000);

afterAll(async () => {
  await app?.close();
});

describe('grief questions', () => {
  it('are off unless the person turns them on themselves, and say so kindly', async () => {
    expect(says(await say(app, DID_NOT, 'me'))).toContain('Questions about grief: off');
    const on = says(await say(app, CHOSE, 'me grief on'));
    expect(on).toContain('Cruse');
    expect(on).not.toContain('!');
    expect(says(await say(app, CHOSE, 'me'))).toContain('Questions about grief: on (you chose them)');
    expect(says(await say(app, CHOSE, 'me grief maybe'))).toContain('Say on or off');
  });

  it('reach only the person who chose them, with bereavement signposting under the question', async () => {
    await askedEverythingElse(CHOSE);
    await askedEverythingElse(DID_NOT);
    rec.clear();
    rec.setRoster('CGRIEF', [{ userId: CHOSE }, { userId: DID_NOT }]);
    expect(says(await say(app, ADMIN, 'checkin now', 'CGRIEF'))).toContain('Sending a check-in now');
    const occ = await waitFor('the round', () =>
      app.db
        .selectFrom('occurrences')
        .select('id')
        .where('workspace_id', '=', workspaceId)
        .where('status', '!=', 'done')
        .orderBy('id', 'desc')
        .executeTakeFirst(),
    );
    await waitForRound(app, occ.id, 2);
    const chose = await latestCheckin(CHOSE);
    const chosen = await promptOf(chose);
    expect(chosen.optIn).toBe('grief');
    expect(fullText(chose)).toContain('Cruse Bereavement Support is free on 0808 808 1677');
    // The signposting sits with the question, before anything is asked.
    const signpostAt = chose.blocks.findIndex((b) => 'text' in b && b.text?.includes('Cruse'));
    const firstInput = chose.blocks.findIndex((b) => b.type === 'choice' || b.type === 'input');
    expect(signpostAt).toBeGreaterThan(-1);
    expect(signpostAt).toBeLessThan(firstInput);

    const other = await promptOf(await latestCheckin(DID_NOT));
    expect(other.optIn).toBeUndefined();
    expect(fullText(await latestCheckin(DID_NOT))).not.toContain('Cruse');
  });

  it('stop with me grief off, and go with forget me', async () => {
    expect(says(await say(app, CHOSE, 'me grief off'))).toContain('will not ask about grief');
    const row = await app.db
      .selectFrom('members')
      .select('grief_prompts')
      .where('external_id', '=', CHOSE)
      .executeTakeFirstOrThrow();
    expect(row.grief_prompts).toBe(false);
  });
});
