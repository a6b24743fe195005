/**
 * Anonymous peer support end to end, across the two real adapters over HTTP: a leader on Slack and a leader on
 * Teams, in two workspaces of one community, are paired, introduced under pseudonyms, talk through the relay
 * (plain DMs in, `chat.postMessage` / Bot Connector activities out), edit, try a file, offer to share names
 * (one, then both), end the conversation, answer "did this help?", and get the closed notice afterwards.
 *
 * The anonymity promise is checked on the wire: until the reveal, nothing either fake received and no log line
 * carries a partner's id, name or email (`expectNoLeaks` in `pairing-harness.ts`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containsIdentifier } from '../../../src/core/anonymity/neutralise.js';
import { RELAY_MAX_CHARS, relayLength } from '../../../src/core/pairing/pairing-messages.js';
import { shortPseudonym } from '../../../src/core/pairing/pseudonyms.js';
import { STARTERS } from '../../../src/services/pairing/pairing-starters.js';
import {
  expectNoLeaks,
  type FlowsHarness,
  identifiersOf,
  slackButton,
  slackPerson,
  startFlowsHarness,
  teamsAction,
  teamsPerson,
  teamsText,
} from './pairing-harness.js';

const slackAdmin = slackPerson('northadmin7', 'Nerys Northadmin', true);
const teamsAdmin = teamsPerson('southadmin7', 'Sipho Southadmin');
const ann = slackPerson('annabelq41', 'Annabel Quillfeather');
const bo = teamsPerson('bogdanz52', 'Bogdan Zephyrine');
/** A leader who speaks only in the Teams channel (never in a 1:1 chat), joining after the round started. */
const cy = teamsPerson('cressidam53', 'Cressida Mountjoy');
const leaders = [ann, bo, cy];

let h: FlowsHarness;
const pseudonym: Record<string, string> = {};
const bird = (who: { name: string }) => shortPseudonym(pseudonym[who.name]!);

beforeAll(async () => {
  h = await startFlowsHarness('flows-pairing', {
    slack: [slackAdmin, ann],
    teams: [bo, cy],
    teamsAdmin,
  });
});
afterAll(async () => {
  await h?.close();
});

function noLeaks(): void {
  expectNoLeaks(h, { people: leaders, relayed: ['budgets', 'Hard going', 'coast'] });
}

describe('cross-platform pairing over the real adapters', () => {
  it('the Teams workspace joins the community the Slack admin created', async () => {
    const created = await h.command(slackAdmin, 'community create "Partnership"');
    const code = /Invite code: (\S+)/.exec(created)?.[1];
    expect(code).toBeDefined();
    expect(await h.teamsSay(teamsAdmin, `community join ${code}`)).toContain('has joined the community');
  });

  it('both leaders join the pool with private replies', async () => {
    await h.command(ann, 'me role leader');
    const slackJoin = await h.command(ann, 'pairing join');
    expect(slackJoin).toContain('You are in the peer support pool');
    const response = h.slack.responses.at(-1)!;
    expect(response.body.response_type).toBe('ephemeral');

    await h.teamsSay(bo, 'me role leader');
    expect(await h.teamsSay(bo, 'pairing join')).toContain('You are in the peer support pool');
    // The Teams reply went to Bo's own 1:1 chat, nowhere else.
    const joinReply = [...h.connector.activities.values()].at(-1)!;
    expect(joinReply.conversationId).toBe(`a:personal-${bo.aadObjectId}`);
  });

  it('pairing now: each gets the intro by DM with pseudonyms, ground rules and a starter', async () => {
    expect(await h.command(slackAdmin, 'pairing now')).toContain(
      'Round started: groups formed for fewer than 5 people',
    );
    const [slackIntro] = await h.received(ann, 'You have been paired with');
    const [teamsIntro] = await h.received(bo, 'You have been paired with');
    for (const [who, intro] of [
      [ann, slackIntro!],
      [bo, teamsIntro!],
    ] as const) {
      pseudonym[who.name] = /To them, you are ([^.]+)\./.exec(intro)![1]!;
      expect(intro).toContain('What is said here stays between you');
      // The round's end date, in words (weekday, day, month).
      expect(intro).toMatch(
        /This round runs until (Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day \d{1,2} [A-Z][a-z]+\./,
      );
      expect(STARTERS.some((s) => intro.includes(s.text))).toBe(true);
    }
    expect(slackIntro).toContain(`paired with ${pseudonym[bo.name]}`);
    expect(teamsIntro).toContain(`paired with ${pseudonym[ann.name]}`);
    expect(bird(ann)).not.toBe(bird(bo));
    // The Slack intro went by chat.postMessage to Ann's DM (posted to her user id, so Slack opened it).
    expect(h.slack.callsTo('chat.postMessage').some((c) => c.params.channel === ann.userId)).toBe(true);
    noLeaks();
  });

  it('a Slack DM arrives on Teams as "Bird: text", and a Teams 1:1 message arrives on Slack', async () => {
    expect(await h.slackDm(ann, 'Hello from the north. How are budgets treating you?')).toBe('');
    // On Teams the label is its own line, apart from the words.
    const [onTeams] = await h.received(
      bo,
      `${bird(ann)}\nHello from the north. How are budgets treating you?`,
    );
    expect(onTeams).not.toContain(ann.name);
    const activity = h.teamsInbox(bo).find((a) => teamsText(a).includes('budgets'))!;
    expect(activity.conversationId).toBe(`a:personal-${bo.aadObjectId}`);

    expect(await h.teamsSay(bo, 'Hard going, honestly. <at>Someone Real</at> sends regards')).toBe('');
    const [onSlack] = await h.received(ann, `${bird(bo)}: Hard going, honestly.`);
    expect(onSlack).not.toContain('<at>');
    noLeaks();
  });

  it('an edit arrives marked "(edited)"', async () => {
    const ts = '1800000000.999001';
    await h.slackEdit(ann, ts, 'Hello from the north and the coast.');
    await h.received(bo, `${bird(ann)} (edited)\nHello from the north and the coast.`);
  });

  it('a long message arrives whole; one over the limit is refused with the limit, and nothing is relayed', async () => {
    // Exactly at the limit, with the characters each platform must escape: it arrives whole, in order.
    const unit = 'Fish & chips <on> *Fridays* _kept_ us going. ';
    const atLimit =
      unit.repeat(Math.ceil(RELAY_MAX_CHARS / unit.length)).slice(0, RELAY_MAX_CHARS - 4) + 'END.';
    expect(relayLength(atLimit)).toBe(RELAY_MAX_CHARS);
    expect(await h.teamsSay(bo, atLimit)).toBe('');
    await h.received(ann, 'END.');
    const onSlack = h.slackInbox(ann).findLast((m) => m.text.includes('END.'))!;
    expect(JSON.stringify(onSlack.blocks)).not.toContain('shortened');
    // The label is a context line of its own; the words are the quoted sections.
    const sections = (onSlack.blocks as Array<{ type: string; text?: { text: string } }>).map((b) =>
      b.type === 'section' ? (b.text?.text ?? '').replace(/^> /gm, '') : '',
    );
    const words = sections
      .join('')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&')
      .replace(/\s/g, '');
    expect(words).toBe(atLimit.replace(/\s/g, ''));
    expect(onSlack.text).toContain(`${bird(bo)}: Fish`);

    // One character over: refused before it is stored, on either platform, and the partner gets nothing.
    const relays = async () =>
      Number(
        (
          await h.app.db
            .selectFrom('pairing_relays')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    // From a quiet outbox: a relay still waiting for its moment in the budget would change the count below.
    await h.drained();
    const before = await relays();
    const slackBefore = h.slackInbox(ann).length;
    const teamsBefore = h.teamsInbox(bo).length;
    const tooLong = `${atLimit}x`;
    const fromTeams = await h.teamsSay(bo, tooLong);
    expect(fromTeams).toContain('That message is too long for me to pass on in one go.');
    expect(fromTeams).toContain('up to 2,000 characters at a time, and this one has 2,001.');
    expect(fromTeams).toContain('Nothing was sent.');
    const fromSlack = await h.slackDm(ann, tooLong);
    expect(fromSlack).toContain('Nothing was sent.');
    const edit = await h.slackEdit(ann, '1800000000.999002', tooLong);
    expect(edit).toContain('That edit is too long for me to pass on.');
    await h.drained();
    expect(await relays()).toBe(before);
    // Whatever either of them was sent since (the refusals, said back to the sender) carries none of the text.
    for (const m of h.slackInbox(ann).slice(slackBefore)) expect(m.text).not.toContain('Fridays');
    for (const a of h.teamsInbox(bo).slice(teamsBefore)) expect(teamsText(a)).not.toContain('Fridays');
  });

  it('a file share is refused with an explanation, and nothing is relayed', async () => {
    const before = h.teamsInbox(bo).length;
    const answer = await h.slackDm(ann, '', { files: true });
    expect(answer).toContain('I do not pass on files or images');
    expect(answer).toContain('Your words are always welcome');
    expect(h.teamsInbox(bo)).toHaveLength(before);
  });

  it('reveal by one reveals nothing; by both, each sees the real name and platform', async () => {
    expect(await h.slackDm(ann, 'reveal')).toContain('Nobody is told who has offered');
    noLeaks();
    expect(await h.teamsSay(bo, 'reveal')).toContain('Everyone has agreed');
    const [toAnn] = await h.received(ann, 'Everyone agreed to share their names');
    const [toBo] = await h.received(bo, 'Everyone agreed to share their names');
    for (const text of [toAnn!, toBo!]) {
      expect(text).toContain(`${pseudonym[ann.name]} is ${ann.name} (Slack)`);
      expect(text).toContain(`${pseudonym[bo.name]} is ${bo.name} (Microsoft Teams)`);
      expect(text).not.toContain(ann.email);
      expect(text).not.toContain(bo.email);
    }
  });

  it('end closes it; "did this help?" buttons; a click is stored; later DMs get the closed notice', async () => {
    // It cannot be undone, so it asks first (a card on Teams); the confirm button closes it.
    expect(await h.teamsSay(bo, 'end')).toContain('Close this conversation for everyone?');
    const ask = h.teamsInbox(bo).findLast((a) => teamsText(a).includes('Close this conversation'))!;
    await h.teamsSubmit(bo, ask, teamsAction(ask, 'pairing.confirm')!);
    await h.received(ann, 'This conversation has been closed');
    await h.received(bo, 'This conversation has been closed');

    const slackClosed = h.slackInbox(ann).findLast((m) => m.text.includes('Did this help?'))!;
    const button = slackButton(slackClosed.blocks, 'pairing.feedback');
    expect(button?.value).toMatch(/:1$/);
    const value4 = button!.value.replace(/:1$/, ':4');
    expect(
      await h.slackClick(
        ann,
        { channel: slackClosed.channel, ts: '1800000000.000777' },
        button!.action_id,
        value4,
      ),
    ).toContain('Thank you');

    const teamsClosed = h.teamsInbox(bo).findLast((a) => teamsText(a).includes('Did this help?'))!;
    const data = teamsAction(teamsClosed, 'pairing.feedback');
    expect(data).toBeDefined();
    const five = { ...data, value: String(data!.value).replace(/:\d$/, ':5') };
    expect(await h.teamsSubmit(bo, teamsClosed, five)).toContain('Thank you');

    const rows = await h.app.db
      .selectFrom('pairing_group_members as gm')
      .innerJoin('members as m', 'm.id', 'gm.member_id')
      .select(['m.external_id', 'gm.feedback'])
      .execute();
    expect(Object.fromEntries(rows.map((r) => [r.external_id, r.feedback]))).toEqual({
      [ann.userId]: 4,
      [bo.aadObjectId]: 5,
    });

    expect(await h.slackDm(ann, 'Are you still there?')).toContain('This conversation has closed');
    expect(await h.teamsSay(bo, 'Anyone about?')).toContain('This conversation has closed');
    await h.drained();
    expect(h.teamsInbox(bo).some((a) => teamsText(a).includes('still there'))).toBe(false);
    expect(h.slackInbox(ann).some((m) => m.text.includes('Anyone about'))).toBe(false);
  });

  it('the scan sees the wire: after the reveal the names are there, so it would have caught a leak', () => {
    const payloads = h.payloads();
    expect(payloads.filter((p) => p.platform === 'slack' && p.content.includes('budgets'))).toEqual([]);
    expect(payloads.some((p) => p.platform === 'teams' && p.content.includes('budgets'))).toBe(true);
    expect(payloads.some((p) => p.platform === 'slack' && p.content.includes('Hard going'))).toBe(true);
    expect(() => noLeaks()).toThrow();
  });

  it('private answers to commands said in a Teams channel go to the 1:1 chat, never to the channel', async () => {
    const note = "I've answered you in our private chat, so only you can see it.";
    expect(await h.teamsChannel(cy, 'me role leader')).toBe(note);
    expect(await h.teamsChannel(cy, 'pairing join')).toBe(note);
    expect(await h.teamsChannel(cy, 'me')).toBe(note);
    await h.received(cy, 'You are in the peer support pool');
    const [me] = await h.received(cy, 'everything Roundtable stores about you');
    expect(me).toContain(cy.email);
    // Nothing the channel saw names anyone.
    const channel = h.payloads().filter((p) => p.public);
    expect(channel.length).toBeGreaterThanOrEqual(3);
    for (const p of channel)
      expect(containsIdentifier(p.content, [...identifiersOf(cy), ...identifiersOf(bo)])).toBe(false);
    expect(channel.some((p) => p.content.includes('peer support pool'))).toBe(false);
  });

  it('logs never carry the leaders, even after the reveal', () => {
    const logs = h.app.logs.text();
    for (const who of leaders) for (const id of identifiersOf(who)) expect(logs).not.toContain(id);
  });
});
