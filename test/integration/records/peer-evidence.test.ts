/**
 * Peer reflection evidence (`pairing record "<theme>"`) on real Postgres and Redis: a trio of leaders; one proposes
 * "we had a reflective discussion about <theme>" inside the conversation (never relayed); it is in nobody's record
 * until all three agreed, then in each one's, with the others by pseudonym (by name only once everyone shared
 * names). A decline cancels it for everyone without saying who; `forget me` by one member cancels what was waiting
 * and takes their copy, while the others keep theirs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderLaidOutMarkdown, renderRecordMarkdown } from '../../../src/core/records/record-markdown.js';
import { layOut } from '../../../src/core/records/record-layouts.js';
import type { Actor } from '../../../src/ports.js';
import { PEER_ACTIONS } from '../../../src/services/records/peer-evidence.js';
import { renderLaidOutPdf } from '../../../src/services/records/record-pdf.js';
import { pdfText } from '../../helpers/pdf-text.js';
import { getMember } from '../../../src/store/member.repository.js';
import { fullText } from '../../fakes/recording-platform.js';
import { messageText } from '../../helpers/actors.js';
import {
  click,
  dm,
  drained,
  type Harness,
  inbox,
  leader,
  person,
  pseudonymOf,
  received,
  say,
  startHarness,
} from '../pairing/pairing-harness.js';

let h: Harness;
const ann = person('slack', 'Annabel Northgate');
const bo = person('slack', 'Bogdan Southwell');
const cy = person('slack', 'Cyrille Eastbrook');
const everyone = [ann, bo, cy];
const THEME = 'handing over after a hard shift';
const pseudonym: Record<string, string> = {};

async function memberOf(who: Actor) {
  const row = await h.app.db
    .selectFrom('members')
    .select('id')
    .where('external_id', '=', who.userId)
    .executeTakeFirst();
  return row ? getMember(h.app.db, row.id) : undefined;
}

/** The person's record as Markdown, in every layout at once (built as the download builds it). */
async function recordText(who: Actor): Promise<string> {
  const member = (await memberOf(who))!;
  const { from, to } = h.app.services.records.period(undefined, undefined);
  const record = await h.app.services.records.build(member, from, to);
  return [
    renderRecordMarkdown(record),
    ...(['nmc', 'swe', 'hcpc'] as const).map((l) => renderLaidOutMarkdown(layOut(record, l))),
  ].join('\n');
}

/** The reference on the newest ask this person received. */
async function askRef(who: Actor, count: number): Promise<string> {
  const asks = await received(
    h,
    who,
    'would like to add this to each of your reflective practice records',
    count,
  );
  const buttons = asks.at(-1)!.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons : []));
  return buttons.find((b) => b.actionId === PEER_ACTIONS.agree)!.value;
}

beforeAll(async () => {
  h = await startHarness('peer-evidence');
  for (const who of everyone) await leader(h, who);
  expect(await say(h, h.slackAdmin, 'pairing now')).toContain('Round started');
  for (const who of everyone) {
    await received(h, who, 'small circle with');
    pseudonym[who.userId] = await pseudonymOf(h, who);
  }
}, 60_000);
afterAll(async () => {
  await h?.close();
});

describe('peer reflection evidence', () => {
  it('outside a conversation there is nothing to record', async () => {
    expect(await say(h, h.slackAdmin, `pairing record "${THEME}"`)).toContain(
      'while you are in an open peer support conversation',
    );
    expect(await h.app.db.selectFrom('peer_evidence_proposals').selectAll().execute()).toEqual([]);
  });

  it('appears in nobody’s record until everyone agreed, then in each one’s, partners by pseudonym', async () => {
    // Said inside the conversation: it is the command, never relayed to the others.
    const reply = messageText((await dm(h, ann, `pairing record "${THEME}"`))?.message);
    expect(reply).toContain("I've asked the others in your conversation");
    const ref = await askRef(bo, 1);
    expect(await askRef(cy, 1)).toBe(ref);
    await drained(h);
    for (const who of [bo, cy])
      expect(inbox(h, who).some((m) => fullText(m).includes('pairing record "'))).toBe(false);
    // The proposer is not asked again, and the ask names nobody.
    expect(inbox(h, ann).some((m) => fullText(m).includes('would like to add this'))).toBe(false);
    for (const who of [bo, cy]) {
      const ask = fullText((await received(h, who, 'would like to add this'))[0]!);
      expect(ask).toContain(THEME);
      for (const other of everyone) expect(ask).not.toContain(pseudonym[other.userId]!);
    }

    for (const who of everyone) expect(await recordText(who)).not.toContain(THEME);
    // The theme is kept encrypted while it waits.
    const waiting = await h.app.db
      .selectFrom('peer_evidence_proposals')
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(waiting.theme).toMatch(/^v2\./);

    const first = await click(h, bo, PEER_ACTIONS.agree, ref);
    expect(messageText(first.update)).toContain('once everyone in the conversation has agreed');
    for (const who of everyone) expect(await recordText(who)).not.toContain(THEME);
    // A second click by the same person changes nothing.
    await click(h, bo, PEER_ACTIONS.agree, ref);
    for (const who of everyone) expect(await recordText(who)).not.toContain(THEME);

    expect(await say(h, cy, `pairing record agree ${ref}`)).toContain('Everyone in your conversation agreed');
    for (const who of [ann, bo]) await received(h, who, 'is now in your record');
    for (const who of everyone) {
      const text = await recordText(who);
      expect(text).toContain(THEME);
      expect(text).toContain('Peer reflective discussions');
      expect(text).toContain('Yes: a reflective discussion everyone in it agreed to record.');
      for (const other of everyone.filter((o) => o !== who)) {
        expect(text).toContain(pseudonym[other.userId]!);
        expect(text).not.toContain(other.displayName!);
      }
    }
    // And in the PDF (text extracted with a real parser), under its heading.
    const member = (await memberOf(bo))!;
    const { from, to } = h.app.services.records.period(undefined, undefined);
    const record = await h.app.services.records.build(member, from, to);
    const pdf = (await pdfText(await renderLaidOutPdf(layOut(record, 'nmc'), record.generatedAt))).replace(
      /\s+/g,
      ' ',
    );
    expect(pdf).toContain('Peer reflective discussions');
    expect(pdf).toContain('Participatory CPD hours');
    expect(pdf).toContain(THEME);
    // Nothing shows who agreed first: the agreements went with the proposal.
    expect(await h.app.db.selectFrom('peer_evidence_agreements').selectAll().execute()).toEqual([]);
    expect(await h.app.db.selectFrom('peer_evidence_proposals').selectAll().execute()).toEqual([]);
    // The reference is used up.
    expect(await say(h, bo, `pairing record agree ${ref}`)).toContain('no longer open');
    expect(h.app.logs.text()).not.toContain(THEME);
  });

  it('a decline cancels it for everyone, and nobody is told who', async () => {
    const theme = 'saying no to a colleague';
    await say(h, bo, `pairing record "${theme}"`);
    const ref = await askRef(ann, 1);
    const declined = await click(h, cy, PEER_ACTIONS.decline, ref);
    expect(messageText(declined.update)).toContain('Nothing was recorded');
    for (const who of [ann, bo]) {
      const [notice] = await received(h, who, 'not added to anyone’s record');
      expect(fullText(notice!)).not.toContain(pseudonym[cy.userId]!);
    }
    // Agreeing afterwards does nothing.
    expect(messageText((await click(h, ann, PEER_ACTIONS.agree, ref)).update)).toContain('no longer open');
    for (const who of everyone) expect(await recordText(who)).not.toContain(theme);
  });

  it('a reference from another conversation is refused like an unknown one', async () => {
    await say(h, ann, 'pairing record "boundaries"');
    const ref = await askRef(bo, 2);
    expect(await say(h, h.slackAdmin, `pairing record agree ${ref}`)).toContain('no longer open');
    expect(await say(h, h.slackAdmin, `pairing record decline ${ref}`)).toContain('no longer open');
    expect(await h.app.db.selectFrom('peer_evidence_proposals').selectAll().execute()).toHaveLength(1);
  });

  it('once everyone shares names, the record shows them', async () => {
    for (const who of everyone) await dm(h, who, 'reveal');
    const text = await recordText(ann);
    expect(text).toContain(bo.displayName!);
    expect(text).toContain(cy.displayName!);
  });

  it('forget me cancels what was waiting and takes their copy; the others keep theirs, by pseudonym only', async () => {
    const forgetting = (await memberOf(cy))!.id;
    await click(h, cy, 'me.forget.confirm', 'confirm');
    // The waiting "boundaries" proposal is gone, and the others are told kindly.
    expect(await h.app.db.selectFrom('peer_evidence_proposals').selectAll().execute()).toEqual([]);
    for (const who of [ann, bo]) await received(h, who, 'not added to anyone’s record', 2);
    const left = await h.app.db.selectFrom('peer_evidence').select('member_id').execute();
    expect(left.map((r) => r.member_id)).not.toContain(forgetting);
    expect(left).toHaveLength(2);
    const text = await recordText(ann);
    expect(text).toContain(THEME);
    expect(text).toContain(pseudonym[cy.userId]!);
    expect(text).not.toContain(cy.displayName!);
  });
});
