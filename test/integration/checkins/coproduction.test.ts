/**
 * Co-production of the prompt library (issue 17), on real Postgres and Redis through the services' front door:
 * `suggest` → the panel accepts → the question is sent at a later firing in that workspace only; "this didn't
 * land" by k different people pauses a prompt there (k - 1 does not); nobody outside the panel reviews or
 * accepts; suggestions are encrypted and carry nothing of who made them; a question the library would refuse is
 * refused here too; what admins and everyone read names nobody and shows no count under k; `forget me` takes a
 * person's flags and panel seat with them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSendablePrompt, promptsFor } from '../../../src/core/checkins/index.js';
import { prompts } from '../../../src/prompts-loader.js';
import { runRetention } from '../../../src/services/checkins/retention.js';
import { libraryForWorkspace } from '../../../src/services/checkins/workspace-library.js';
import type { Actor } from '../../../src/ports.js';
import { suggestionPlace } from '../../../src/store/cipher-places.js';
import { Recording, recordingPlatform } from '../../fakes/recording-platform.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { ADMIN, deliveryIdOf, install, say, says, text, waitForRound } from './helpers.js';

const W2 = 'W2';
const ADMIN2 = 'UADMIN2';
const PANEL = 'UPANEL';
const W1_PEOPLE = ['U1', 'U2', 'U3', 'U4'];
const QUESTION = 'What is one small thing that helped you feel part of the team lately?';
const DAY = 24 * 3600_000;

let app: TestApp;
let accepted = '';
let ws1: string;
let ws2: string;
const rec = new Recording();

function actor2(userId: string): Actor {
  return { platform: 'sandbox', workspaceId: W2, userId, displayName: userId };
}

async function say2(who: string, words: string): Promise<string> {
  return says(await app.services.inbound.command({ actor: actor2(who), text: words }));
}

async function memberId(external: string, workspaceId: string): Promise<string> {
  const row = await app.db
    .selectFrom('members')
    .select('id')
    .where('external_id', '=', external)
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirstOrThrow();
  return row.id;
}

async function flag(who: string, deliveryId: string): Promise<string> {
  const r = await app.services.inbound.action({
    actor: { platform: 'sandbox', workspaceId: 'W1', userId: who, displayName: who },
    actionId: 'prompts.flag',
    value: deliveryId,
    values: {},
  });
  return text(r.reply);
}

/** Everything the library has for someone without a band, as their past check-ins: the next one ends a cycle. */
async function sendEverything(member: string, workspaceId: string): Promise<void> {
  const suitable = promptsFor(prompts().checkins, undefined);
  // Heavy first, a light one last: the next prompt may then be anything light.
  const ids = [
    ...suitable.filter((p) => p.weight === 'heavy'),
    ...suitable.filter((p) => p.weight !== 'heavy'),
  ].map((p) => p.id);
  const start = app.clock.now().getTime() - 400 * DAY;
  const occurrences = await app.db
    .insertInto('occurrences')
    .values(
      ids.map((_, i) => ({
        cadence_id: null,
        workspace_id: workspaceId,
        kind: 'checkin',
        scheduled_for: new Date(start + i * 3600_000),
        status: 'done' as const,
      })),
    )
    .returning('id')
    .execute();
  const deliveries = await app.db
    .insertInto('deliveries')
    .values(occurrences.map((o) => ({ occurrence_id: o.id, member_id: member, status: 'sent' as const })))
    .returning('id')
    .execute();
  await app.db
    .insertInto('checkin_deliveries')
    .values(
      deliveries.map((d, i) => ({
        delivery_id: d.id,
        prompt_id: ids[i]!,
        created_at: new Date(start + i * 3600_000),
      })),
    )
    .execute();
}

/** `checkin now to everyone` by an admin; waits until the round is sent; returns the occurrence. */
async function roundNow(inW2 = false): Promise<number> {
  const before = await app.db
    .selectFrom('occurrences')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  const reply = inW2
    ? await say2(ADMIN2, 'checkin now to everyone')
    : says(await say(app, ADMIN, 'checkin now to everyone'));
  expect(reply).toContain('Sending a check-in now');
  const row = await app.db
    .selectFrom('occurrences')
    .select('id')
    .where('id', '>', Number(before?.id ?? 0))
    .where('workspace_id', '=', inW2 ? ws2 : ws1)
    .executeTakeFirstOrThrow();
  const members = await app.db
    .selectFrom('members')
    .select('id')
    .where('workspace_id', '=', inW2 ? ws2 : ws1)
    .execute();
  await waitForRound(app, row.id, members.length);
  return row.id;
}

async function promptOf(occurrenceId: number, member: string): Promise<string> {
  const row = await app.db
    .selectFrom('checkin_deliveries')
    .innerJoin('deliveries', 'deliveries.id', 'checkin_deliveries.delivery_id')
    .select('checkin_deliveries.prompt_id')
    .where('deliveries.occurrence_id', '=', occurrenceId)
    .where('deliveries.member_id', '=', member)
    .executeTakeFirstOrThrow();
  return row.prompt_id;
}

async function openSuggestionId(): Promise<string> {
  const row = await app.db
    .selectFrom('prompt_suggestions')
    .select('id')
    .where('workspace_id', '=', ws1)
    .where('status', '=', 'open')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

beforeAll(async () => {
  app = await startTestApp({ label: 'coproduction', adapters: [recordingPlatform(rec)] });
  ws1 = await install(app);
  await app.services.inbound.installed({ platform: 'sandbox', workspaceId: W2, installer: actor2(ADMIN2) });
  ws2 = (
    await app.db.selectFrom('workspaces').select('id').where('external_id', '=', W2).executeTakeFirstOrThrow()
  ).id;
  for (const who of [...W1_PEOPLE, PANEL]) await say(app, who, 'me');
  await say2('V1', 'me');
  expect(says(await say(app, ADMIN, 'settings k 3'))).toContain('at least 3');
}, 60_000);

afterAll(async () => {
  await app?.close();
});

describe('the prompt panel', () => {
  it('is named by admins only; a member who tries changes nothing', async () => {
    expect(says(await say(app, 'U1', `panel add <@${PANEL}|panel>`))).toContain('Only Roundtable admins');
    expect(await app.db.selectFrom('prompt_panel').selectAll().execute()).toEqual([]);
    expect(says(await say(app, ADMIN, `panel add <@${PANEL}|panel>`))).toContain(
      'is now on the prompt panel',
    );
    expect(says(await say(app, ADMIN, 'panel list'))).toContain(PANEL);
  });
});

describe('suggest', () => {
  it.each([
    ['too short', 'suggest "Why?"', 'a little short'],
    ['not a question', 'suggest "Tell us about something that went well this month"', 'question mark'],
    ['pushing for disclosure', 'suggest "What was the most traumatic part of your shift?"', 'traumatic'],
    ['empty quotes', 'suggest ""', 'empty'],
  ])('%s: a kind refusal, nothing stored', async (_what, words, reason) => {
    const reply = says(await say(app, 'U1', words));
    expect(reply).toContain(reason);
    expect(reply).not.toContain('!');
    expect(await app.db.selectFrom('prompt_suggestions').selectAll().execute()).toEqual([]);
  });

  it('is stored encrypted, with nothing that points to the person who made it', async () => {
    const reply = says(await say(app, 'U2', `suggest "${QUESTION}"`));
    expect(reply).toContain('without your name');
    const rows = await app.db.selectFrom('prompt_suggestions').selectAll().execute();
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(Object.keys(row).sort()).toEqual(
      ['created_at', 'decided_at', 'id', 'prompt_id', 'shared_from', 'status', 'text', 'workspace_id'].sort(),
    );
    expect(row.shared_from).toBeNull();
    expect(row.text!.startsWith('v2.')).toBe(true);
    expect(row.text).not.toContain('small thing');
    expect(app.context.cipher.decrypt(row.text!, suggestionPlace(ws1, row.id))).toBe(QUESTION);
    // Only the day: not a time that could be matched against who was using the bot.
    expect(row.created_at.getTime() % DAY).toBe(0);
    const u2 = await memberId('U2', ws1);
    // The ciphertext is random base64, which can hold "U2" by chance: the other columns are what must not.
    const { text: _ciphertext, ...clear } = row;
    expect(JSON.stringify(clear)).not.toContain(u2);
    expect(JSON.stringify(clear)).not.toContain('U2');
    // Not in the audit log, not in the logs.
    const audit = await app.db.selectFrom('audit_log').select(['action', 'actor_member_id']).execute();
    expect(audit.filter((a) => a.actor_member_id === u2)).toEqual([]);
    expect(app.logs.text()).not.toContain('small thing');
  });

  it('nobody outside the panel reviews or accepts; an admin learns only that something waits', async () => {
    const id = await openSuggestionId();
    const member = says(await say(app, 'U1', 'prompts review'));
    expect(member).toContain('Only the prompt panel');
    expect(member).not.toContain('small thing');
    const admin = says(await say(app, ADMIN, 'prompts review'));
    expect(admin).toContain('something waiting');
    expect(admin).not.toContain('small thing');
    expect(admin).not.toMatch(/\d/);
    expect(says(await say(app, 'U1', `prompts accept ${id} themes teamwork`))).toContain(
      'Only the prompt panel',
    );
    expect(says(await say(app, ADMIN, `prompts decline ${id}`))).toContain('Only the prompt panel');
    expect(await app.db.selectFrom('workspace_prompts').selectAll().execute()).toEqual([]);
    const still = await app.db.selectFrom('prompt_suggestions').select('status').executeTakeFirstOrThrow();
    expect(still.status).toBe('open');
  });

  it('the panel sees it; a wording the library would refuse is refused on accept, and nothing changes', async () => {
    const id = await openSuggestionId();
    const review = says(await say(app, PANEL, 'prompts review'));
    expect(review).toContain(QUESTION);
    expect(review).toContain(id);
    const refused = says(
      await say(app, PANEL, `prompts edit ${id} "What was the worst moment of your week?" themes wellbeing`),
    );
    expect(refused).toContain("can't join the library");
    expect(refused).toContain('worst moment');
    expect(says(await say(app, PANEL, `prompts accept ${id}`))).toContain('theme');
    expect(says(await say(app, PANEL, `prompts accept ${id} themes grief`))).toContain('opt-in');
    expect(await app.db.selectFrom('workspace_prompts').selectAll().execute()).toEqual([]);
  });

  it('accepted, it is sent at a later firing in that workspace only', async () => {
    const id = await openSuggestionId();
    const unknown = says(await say(app, PANEL, `prompts accept ${id} themes teamwork, belonging`));
    expect(unknown).toContain('"belonging" is not a theme');
    expect(says(await say(app, PANEL, `prompts accept ${id} themes teamwork, relationships`))).toContain(
      `ws-${id}`,
    );
    accepted = `ws-${id}`;
    const row = await app.db.selectFrom('prompt_suggestions').selectAll().executeTakeFirstOrThrow();
    expect(row.status).toBe('accepted');
    expect(row.text).toBeNull();

    const u1 = await memberId('U1', ws1);
    const v1 = await memberId('V1', ws2);
    await sendEverything(u1, ws1);
    await sendEverything(v1, ws2);
    const r1 = await roundNow();
    expect(await promptOf(r1, u1)).toBe(`ws-${id}`);
    expect(text(rec.dmsTo('U1').at(-1)!.message)).toContain(QUESTION);
    const r2 = await roundNow(true);
    expect(await promptOf(r2, v1)).not.toMatch(/^ws-/);
    expect(
      rec
        .dmsTo('V1')
        .map((d) => text(d.message))
        .join('\n'),
    ).not.toContain(QUESTION);

    const changes = says(await say(app, 'U3', 'prompts changes'));
    expect(changes).toContain(`Added: ${QUESTION}`);
    expect(changes).not.toContain(PANEL);
    expect(await say2('V1', 'prompts changes')).not.toContain(QUESTION);
  });

  it('a declined suggestion keeps no words; the changes list shows the reason only', async () => {
    const words = 'What would make the start of your working day feel a little calmer?';
    await say(app, 'U4', `suggest "${words}"`);
    const id = await openSuggestionId();
    expect(
      says(await say(app, PANEL, `prompts decline ${id} "We already ask something close to this"`)),
    ).toContain('Declined');
    const row = await app.db
      .selectFrom('prompt_suggestions')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('declined');
    expect(row.text).toBeNull();
    const changes = says(await say(app, 'U1', 'prompts changes'));
    expect(changes).toContain('Declined a suggestion: We already ask something close to this');
    expect(changes).not.toContain(words);
  });

  it('an undecided suggestion expires with the retention period', async () => {
    await say(app, ADMIN, 'settings retention 30 days');
    await say(app, 'U4', 'suggest "What is one thing you are looking forward to this season?"');
    app.clock.set(new Date(app.clock.now().getTime() + 32 * DAY));
    const result = await runRetention(app.context);
    expect(result.suggestions).toBe(1);
    const open = await app.db
      .selectFrom('prompt_suggestions')
      .select('id')
      .where('status', '=', 'open')
      .execute();
    expect(open).toEqual([]);
  });
});

describe('sharing with the community', () => {
  it('outside a community, or for a library question, nothing is shared', async () => {
    expect(says(await say(app, PANEL, `prompts share ${accepted}`))).toContain('not in a community');
    const code = /Invite code: ([A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4})/.exec(
      says(await say(app, ADMIN, 'community create "North Partnership"')),
    )?.[1];
    expect(code).toBeDefined();
    expect(await say2(ADMIN2, `community join ${code}`)).toContain('North Partnership');
    expect(says(await say(app, PANEL, 'prompts share habit-to-keep'))).toContain('not one of this workspace');
    expect(says(await say(app, 'U1', `prompts share ${accepted}`))).toContain('Only the prompt panel');
    const shared = await app.db
      .selectFrom('prompt_suggestions')
      .select('id')
      .where('workspace_id', '=', ws2)
      .execute();
    expect(shared).toEqual([]);
  });

  it("a panel's own question reaches the other workspace's panel once, as a suggestion to decide on", async () => {
    expect(says(await say(app, PANEL, `prompts share ${accepted}`))).toContain(
      'Offered to the other workspaces',
    );
    expect(says(await say(app, PANEL, `prompts share ${accepted}`))).toContain('already');
    const rows = await app.db
      .selectFrom('prompt_suggestions')
      .selectAll()
      .where('workspace_id', '=', ws2)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.text!.startsWith('v2.')).toBe(true);
    await say2('VPANEL', 'me');
    expect(await say2(ADMIN2, 'panel add <@VPANEL|vpanel>')).toContain('is now on the prompt panel');
    const review = await say2('VPANEL', 'prompts review');
    expect(review).toContain(QUESTION);
    expect(review).toContain('shared by another workspace of your community');
    expect(await say2('VPANEL', `prompts accept ${rows[0]!.id} themes teamwork`)).toContain(
      `ws-${rows[0]!.id}`,
    );
    expect(await say2('V1', 'prompts changes')).toContain(`Added: ${QUESTION}`);
    expect(says(await say(app, 'U1', 'prompts changes'))).toContain('Offered to the other workspaces');
  });
});

describe("this didn't land", () => {
  const PROMPT = 'habit-to-keep';
  const deliveries = new Map<string, string>();

  beforeAll(async () => {
    const occurrence = await roundNow();
    for (const who of W1_PEOPLE) {
      const id = deliveryIdOf(rec.dmsTo(who).at(-1)!.message);
      deliveries.set(who, id);
      await app.db
        .updateTable('checkin_deliveries')
        .set({ prompt_id: PROMPT })
        .where('delivery_id', '=', Number(id))
        .execute();
    }
    expect(occurrence).toBeGreaterThan(0);
  });

  it('every check-in carries the button, with only the delivery id', () => {
    const buttons = rec
      .dmsTo('U1')
      .at(-1)!
      .message.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons : []));
    const button = buttons.find((b) => b.actionId === 'prompts.flag');
    expect(button?.label).toBe("This didn't land");
    expect(button?.value).toBe(deliveries.get('U1'));
  });

  it("someone else's check-in is refused and counts nothing", async () => {
    expect(await flag('U1', deliveries.get('U2')!)).toContain("couldn't find that check-in");
    expect(await app.db.selectFrom('prompt_flags').selectAll().execute()).toEqual([]);
  });

  it('k - 1 people do not pause it, a second click counts once, and nobody sees a count under k', async () => {
    expect(await flag('U1', deliveries.get('U1')!)).toContain(
      'Thank you — that helps us ask better questions.',
    );
    expect(await flag('U2', deliveries.get('U2')!)).toContain('Thank you');
    expect(await flag('U2', deliveries.get('U2')!)).toContain('already');
    expect(await app.db.selectFrom('prompt_pauses').selectAll().execute()).toEqual([]);
    const base = prompts().checkins;
    expect(findSendablePrompt(await libraryForWorkspace(app.context, base, ws1), PROMPT)).toBeDefined();
    for (const [who, words] of [
      [PANEL, 'prompts review'],
      [ADMIN, 'prompts review'],
      ['U3', 'prompts changes'],
    ] as const) {
      const reply = says(await say(app, who, words));
      expect(reply).not.toContain(PROMPT);
      expect(reply).not.toMatch(/\b[12] (people|person|flag)/);
    }
  });

  it('k people pause it in that workspace only; it goes to the panel; restore brings it back', async () => {
    expect(await flag('U3', deliveries.get('U3')!)).toContain('Thank you');
    const base = prompts().checkins;
    expect(findSendablePrompt(await libraryForWorkspace(app.context, base, ws1), PROMPT)).toBeUndefined();
    expect(findSendablePrompt(await libraryForWorkspace(app.context, base, ws2), PROMPT)).toBeDefined();
    const review = says(await say(app, PANEL, 'prompts review'));
    expect(review).toContain(PROMPT);
    expect(review).toContain('at least 3 people');
    expect(says(await say(app, 'U1', 'prompts changes'))).toContain('Paused after feedback:');
    // A fourth voice changes nothing more.
    expect(await flag('U4', deliveries.get('U4')!)).toContain('Thank you');
    expect(
      await app.db.selectFrom('prompt_decisions').selectAll().where('decision', '=', 'paused').execute(),
    ).toHaveLength(1);

    expect(says(await say(app, 'U1', `prompts restore ${PROMPT}`))).toContain('Only the prompt panel');
    expect(says(await say(app, PANEL, `prompts restore ${PROMPT}`))).toContain('back in the check-ins');
    expect(findSendablePrompt(await libraryForWorkspace(app.context, base, ws1), PROMPT)).toBeDefined();
    expect(await app.db.selectFrom('prompt_flags').selectAll().execute()).toEqual([]);
  });

  it('forget me takes the person’s flags and panel seat with them', async () => {
    await flag('U1', deliveries.get('U1')!);
    const before = await app.db.selectFrom('prompt_flags').selectAll().execute();
    expect(before).toHaveLength(1);
    for (const who of ['U1', PANEL]) {
      await app.services.inbound.action({
        actor: { platform: 'sandbox', workspaceId: 'W1', userId: who, displayName: who },
        actionId: 'me.forget.confirm',
        value: 'confirm',
        values: {},
      });
    }
    expect(await app.db.selectFrom('prompt_flags').selectAll().execute()).toEqual([]);
    expect(
      await app.db.selectFrom('prompt_panel').selectAll().where('workspace_id', '=', ws1).execute(),
    ).toEqual([]);
  });
});
