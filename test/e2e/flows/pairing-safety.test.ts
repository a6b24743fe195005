/**
 * Peer support's safety promises, tried as attacks over the real adapters (Bolt and Teams AI over HTTP against the
 * fakes): a report about a partner who is an admin never reaches them; an edit cannot smuggle a report to the
 * partner; relayed text cannot forge a line from someone else or from the bot, and carries nothing of Slack;
 * `support` reaches everyone without a name; `end` and `block` ask first; a block outlives `forget me`.
 *
 * The group is a trio across a community: Nerys (a Slack workspace admin, so an admin automatically, and a leader),
 * Annabel (Slack) and Bogdan (Teams). Sam is the Slack workspace's safeguarding contact, named part-way through.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTRACTING_QUESTION } from '../../../src/core/pairing/pairing-agreement.js';
import { shortPseudonym } from '../../../src/core/pairing/pseudonyms.js';
import {
  type FlowsHarness,
  type Person,
  slackButton,
  slackPerson,
  startFlowsHarness,
  teamsAction,
  teamsPerson,
  teamsText,
} from './pairing-harness.js';

const nerys = slackPerson('northadmin8', 'Nerys Northadmin', true);
const teamsAdmin = teamsPerson('southadmin8', 'Sipho Southadmin');
const ann = slackPerson('annabelq48', 'Annabel Quillfeather');
const bo = teamsPerson('bogdanz58', 'Bogdan Zephyrine');
const sam = slackPerson('samsafe81', 'Sam Safeguard');

let h: FlowsHarness;
const pseudonym: Record<string, string> = {};
const bird = (who: { name: string }) => shortPseudonym(pseudonym[who.name]!);

beforeAll(async () => {
  h = await startFlowsHarness('flows-pairing-safety', { slack: [nerys, ann, sam], teams: [bo], teamsAdmin });
  const created = await h.command(nerys, 'community create "Partnership"');
  const code = /Invite code: (\S+)/.exec(created)![1]!;
  await h.teamsSay(teamsAdmin, `community join ${code}`);
  for (const who of [nerys, ann]) {
    await h.command(who, 'me role leader');
    await h.command(who, 'pairing join');
  }
  await h.teamsSay(bo, 'me role leader');
  await h.teamsSay(bo, 'pairing join');
}, 60_000);
afterAll(async () => {
  await h?.close();
});

/** Everything either fake carried to this person. */
function toPerson(who: Person): string {
  const id = who.platform === 'slack' ? who.userId : who.aadObjectId;
  return h
    .payloads()
    .filter((p) => p.to === id)
    .map((p) => p.content)
    .join('\n');
}

/** The latest message in a person's DM holding `needle`, as posted or as a click replaced it. */
function lastSlackWith(who: typeof ann, needle: string) {
  const updated = h.slack
    .callsTo('chat.update')
    .map((c) => ({
      channel: String(c.params.channel),
      text: `${String(c.params.text ?? '')}\n${JSON.stringify(c.params.blocks ?? [])}`,
      blocks: (c.params.blocks as unknown[]) ?? [],
    }))
    .filter((m) => m.channel === `D${who.userId}` || m.channel === who.userId);
  return [...h.slackInbox(who), ...updated].findLast((m) => m.text.includes(needle))!;
}

/** Click a button of the latest DM holding `needle`; returns what was said back, the replaced message included. */
async function clickSlack(who: typeof ann, needle: string, actionId: string): Promise<string> {
  const post = lastSlackWith(who, needle);
  const button = slackButton(post.blocks, actionId)!;
  const before = h.slack.callsTo('chat.update').length;
  const said = await h.slackClick(
    who,
    { channel: post.channel, ts: '1800000000.000999' },
    button.action_id,
    button.value,
  );
  const updates = h.slack
    .callsTo('chat.update')
    .slice(before)
    .map((c) => `${String(c.params.text ?? '')}\n${JSON.stringify(c.params.blocks ?? [])}`);
  return [said, ...updates].join('\n');
}

async function groupsOfLatestRound(): Promise<string[][]> {
  const rows = await h.app.db
    .selectFrom('pairing_group_members as gm')
    .innerJoin('pairing_groups as g', 'g.id', 'gm.group_id')
    .innerJoin('pairing_rounds as r', 'r.id', 'g.round_id')
    .innerJoin('members as m', 'm.id', 'gm.member_id')
    .select(['g.id', 'm.external_id', 'r.number'])
    .execute();
  const latest = Math.max(...rows.map((r) => r.number));
  const groups = new Map<string, string[]>();
  for (const r of rows.filter((x) => x.number === latest)) {
    groups.set(r.id, [...(groups.get(r.id) ?? []), r.external_id].sort());
  }
  return [...groups.values()];
}

describe('peer support safety over the real adapters', () => {
  it('the intro states the limits of confidentiality and opens with the contracting question', async () => {
    expect(await h.command(nerys, 'pairing now')).toContain('Round started');
    for (const who of [nerys, ann, bo] as const) {
      const [intro] = await h.received(who, 'for this round of peer support');
      pseudonym[who.name] = /To them, you are ([^.]+)\./.exec(intro!)![1]!;
      const text = intro!.replace(/\\n/g, '\n');
      expect(text).toContain('What is said here stays between you');
      expect(text).toContain('if someone may be at risk of serious harm, a safeguarding contact is told');
      expect(text).toContain('Reports are read only by the safeguarding contacts');
      expect(text).toContain('it is not a crisis service');
      expect(text).toContain(CONTRACTING_QUESTION);
    }
  });

  it('a report about an admin partner never reaches them; with nobody else to read it the reporter is told so, and it waits for the first contact', async () => {
    const draft = await h.slackDm(ann, 'report The director here pressured me to name a client.');
    // Told before sending, truthfully: the only admin is in this conversation, and no contact is named.
    expect(draft).toContain('Right now nobody outside this conversation can receive a report');
    expect(draft).toContain('Keep it for them');
    const kept = await clickSlack(ann, 'Keep it for them', 'pairing.report.send');
    expect(kept).toContain('Nobody has read it yet');
    expect(kept).not.toContain('passed this');

    expect(await h.command(nerys, `safeguarding add <@${sam.userId}|${sam.name}>`)).toContain(
      'is now a safeguarding contact',
    );
    const [toSam] = await h.received(sam, 'A peer support report from round 1');
    expect(toSam).toContain('pressured me to name a client');
    expect(toSam).toContain(pseudonym[ann.name]);
    expect(toSam).not.toContain(ann.name);
    await h.received(ann, 'has now been passed on to a safeguarding contact');

    // The admin names themself a contact too: still never sent a report about their own conversation.
    expect(await h.command(nerys, `safeguarding add <@${nerys.userId}|${nerys.name}>`)).toContain(
      'is now a safeguarding contact',
    );
    const list = await h.command(nerys, 'safeguarding list');
    expect(list).toContain(sam.name);
    expect(list).toContain(nerys.name);

    const second = await h.slackDm(ann, 'report It happened again today.');
    // The named contacts, all of them (Nerys included: leaving her out would tell Annabel she is in the group).
    expect(second).toMatch(
      new RegExp(`safeguarding contacts: (${sam.name} and ${nerys.name}|${nerys.name} and ${sam.name})`),
    );
    expect(second).toContain('If any of them is in this conversation, they never see it.');
    expect(await clickSlack(ann, 'It will be read by', 'pairing.report.send')).toContain(
      'passed this to your safeguarding contacts',
    );
    await h.received(sam, 'It happened again today');
    expect(
      await clickSlack(ann, 'passed this to your safeguarding contacts', 'pairing.report.share'),
    ).toContain('shared your name');
    await h.received(sam, `has agreed to share their name: ${ann.name}`);

    await h.drained();
    for (const partner of [nerys, bo] as const) {
      const seen = toPerson(partner);
      expect(seen).not.toContain('pressured me');
      expect(seen).not.toContain('happened again');
      expect(seen).not.toContain('A peer support report from');
      expect(seen).not.toContain('agreed to share their name');
    }
  });

  it('an edited report is never relayed: an edit that reads as a relay word is refused', async () => {
    expect(await h.slackDm(ann, 'One thing on my mind this week.')).toBe('');
    await h.received(bo, 'One thing on my mind this week.');
    const answer = await h.slackEdit(
      ann,
      '1800000000.888001',
      'report He was rude to me in the last meeting.',
    );
    expect(answer).toContain('I did not pass it on');
    const edit = await h.slackEdit(ann, '1800000000.888002', 'End.');
    expect(edit).toContain('I did not pass it on');
    await h.drained();
    for (const partner of [nerys, bo] as const) expect(toPerson(partner)).not.toContain('rude to me');
    expect(await h.app.db.selectFrom('pairing_relays').selectAll().execute()).toEqual([]);
  });

  it('relayed text cannot forge a line from another member or the bot, and carries nothing of Slack, on either platform', async () => {
    // What Slack sends for: Fish & chips 🎉 <a link labelled "see this">, a bare link, then two forged lines.
    const raw =
      'Fish &amp; chips :tada: <https://evil.example/x|see this> <https://evil.example/y>\nRaven Otter: I want out\nThis conversation has been closed.';
    expect(await h.slackDm(ann, raw)).toBe('');
    await h.received(bo, 'I want out');
    const card = h.teamsInbox(bo).findLast((a) => teamsText(a).includes('I want out'))!;
    const body = (card.body as { attachments: { content: { body: Record<string, unknown>[] } }[] })
      .attachments[0]!.content.body;
    const top = body.filter((e) => e.type === 'TextBlock').map((e) => String(e.text));
    // The label stands alone; the words, forged lines and all, are inside the body's own container.
    expect(top).toEqual([bird(ann)]);
    const container = body.find((e) => e.type === 'Container') as { items: { text: string }[] };
    const words = container.items.map((i) => i.text.replace(/\\(.)/g, '$1')).join('\n');
    expect(words).toContain('Raven Otter: I want out\nThis conversation has been closed.');
    expect(words).toContain('Fish & chips 🎉 see this https[:]//evil[.]example/y');
    expect(teamsText(card)).not.toContain('&amp;');
    expect(teamsText(card)).not.toContain(':tada:');
    expect(teamsText(card)).not.toContain('https://');

    await h.received(nerys, 'I want out');
    const post = lastSlackWith(nerys, 'I want out');
    const blocks = post.blocks as Array<{
      type: string;
      text?: { text: string };
      elements?: { text: string }[];
    }>;
    expect(blocks[0]).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: `*${bird(ann)}*` }] });
    const lines = blocks
      .slice(1)
      .filter((b) => b.type === 'section')
      .flatMap((b) => b.text!.text.split('\n'));
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines) expect(line.startsWith('> ')).toBe(true);
    const slackWords = lines.join('\n');
    expect(slackWords).toContain('Fish &amp; chips 🎉');
    expect(slackWords).not.toContain('&amp;amp;');
    expect(slackWords).not.toContain('<https');

    // From Teams, a mention and a link arrive on Slack as inert text, quoted under the label.
    expect(await h.teamsSay(bo, 'Look: www.evil.example and <at>Nerys</at>\nKestrel: a forged line')).toBe(
      '',
    );
    await h.received(ann, 'a forged line');
    const fromTeams = lastSlackWith(ann, 'a forged line');
    const fromTeamsLines = (fromTeams.blocks as Array<{ type: string; text?: { text: string } }>)
      .filter((b) => b.type === 'section')
      .flatMap((b) => b.text!.text.split('\n'));
    for (const line of fromTeamsLines) expect(line.startsWith('> ')).toBe(true);
    expect(fromTeamsLines.join('\n')).toContain('www[.]evil[.]example');
    expect(fromTeamsLines.join('\n')).toContain('@\u200dNerys');
  });

  it('support reaches everyone in the group without a name, and the safeguarding contact without one', async () => {
    const reply = await h.slackDm(ann, 'support');
    expect(reply).toContain('I have sent the support lines to everyone in this conversation');
    const notes: string[] = [];
    for (const who of [nerys, ann, bo] as const) {
      const [note] = await h.received(who, 'Someone in this conversation asked for support');
      notes.push(who.platform === 'teams' ? note! : note!);
      for (const other of [nerys, ann, bo]) {
        expect(note).not.toContain(other.name);
        expect(note).not.toContain(bird(other));
      }
    }
    const [alert] = await h.received(sam, 'asked for support just now');
    expect(alert).not.toContain(ann.name);
    expect(alert).not.toContain(bird(ann));
    await h.drained();
    // Nerys is a contact too, but in the conversation: the group's note, never the alert.
    expect(toPerson(nerys)).not.toContain('asked for support just now');
  });

  it('"stop" alone inside a group is the lasting stop, never relayed to the others', async () => {
    const reply = await h.slackDm(ann, 'stop');
    expect(reply).toContain('I will not send you check-ins');
    await h.drained();
    for (const other of [nerys, bo]) expect(toPerson(other)).not.toMatch(/: stop\b/);
    expect(await h.command(ann, 'start')).not.toContain('I will not send you');
  });

  it('end asks to confirm, and nothing closes until it is confirmed', async () => {
    expect(await h.slackDm(ann, 'end')).toContain(
      'Close this conversation for everyone? This cannot be undone.',
    );
    expect(await h.slackDm(ann, 'Still here after all.')).toBe('');
    await h.received(bo, 'Still here after all.');
    expect(await clickSlack(ann, 'Close this conversation for everyone?', 'pairing.confirm')).toContain(
      'closed this conversation for everyone',
    );
    await h.received(bo, 'Thank you for the time you gave it');
    await h.received(nerys, 'Thank you for the time you gave it');
  });

  it('a block outlives forget me by either person: the forgotten person who rejoins is never grouped with them', async () => {
    expect(await h.command(nerys, 'pairing now')).toContain('Round started');
    await h.received(ann, 'for this round of peer support', 2);
    expect(await h.slackDm(ann, 'block')).toContain('This cannot be undone');
    expect(await clickSlack(ann, 'never be grouped with them again?', 'pairing.confirm')).toContain(
      'will not be grouped with them again',
    );
    // Blocked and ended look the same to the partner.
    const closes = await h.received(bo, 'Thank you for the time you gave it', 2);
    const closed = closes.at(-1)!;
    expect(closed).toContain('Did this help?');
    expect(closed).not.toMatch(/block/i);

    // Bogdan is forgotten, and comes back.
    const ask = await h.teamsSay(bo, 'forget me');
    expect(ask).toContain('This deletes everything');
    const card = h.teamsInbox(bo).findLast((a) => teamsText(a).includes('This deletes everything'))!;
    await h.teamsSubmit(bo, card, teamsAction(card, 'me.forget.confirm')!);
    await h.drained();
    expect(await h.app.db.selectFrom('pairing_blocks').selectAll().execute()).toHaveLength(1);
    await h.teamsSay(bo, 'me role leader');
    await h.teamsSay(bo, 'pairing join');
    // And so is Annabel, who blocked.
    expect(await h.command(ann, 'forget me')).toContain('This deletes everything');
    await h.slackClick(ann, { channel: '', ts: '1800000000.000998' }, 'me.forget.confirm', 'confirm');
    await h.drained();
    expect(await h.app.db.selectFrom('pairing_blocks').selectAll().execute()).toEqual([]);
    await h.command(ann, 'me role leader');
    await h.command(ann, 'pairing join');

    // What is kept says nothing readable: one keyed hash per blocked pair.
    const hashes = await h.app.db.selectFrom('pairing_block_hashes').selectAll().execute();
    expect(hashes).toHaveLength(2);
    for (const row of hashes) {
      expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
      for (const id of [ann.userId, bo.aadObjectId, nerys.userId]) expect(row.hash).not.toContain(id);
    }

    await h.command(nerys, 'pairing now');
    const groups = await groupsOfLatestRound();
    for (const g of groups) expect(g.includes(ann.userId) && g.length > 1).toBe(false);
    expect(groups).toEqual([[bo.aadObjectId, nerys.userId].sort()]);
    await h.received(ann, 'I could not find a group for you this round');
  });
});
