import { CONTRACTING_QUESTION } from '../../../src/core/pairing/pairing-agreement.js';
import { describe, expect, it } from 'vitest';
import { containsIdentifier } from '../../../src/core/anonymity/neutralise.js';
import type { Block, Message } from '../../../src/core/messages/message.js';
import {
  fileRefusedMessage,
  halfwayNudgeMessage,
  introMessage,
  PAIRING_ACTIONS,
  pairingStatusMessage,
  parseFeedbackValue,
  pausedAfterThreeMessage,
  rateLimitMessage,
  relayClosedMessage,
  relayedMessage,
  relayHelpMessage,
  relayTooLongMessage,
  revealResultMessage,
  roundEndMessage,
  stayOrLeaveMessage,
  unplacedMessage,
} from '../../../src/core/pairing/pairing-messages.js';

/** All the words a person would see in a message. */
function allText(message: Message): string {
  const parts = [message.text];
  for (const b of message.blocks) parts.push(...blockText(b));
  return parts.join('\n');
}
function blockText(b: Block): string[] {
  switch (b.type) {
    case 'text':
    case 'context':
      return [b.text];
    case 'relayed':
      return [b.from, b.text];
    case 'section':
      return [b.title ?? '', b.text];
    case 'buttons':
      return b.buttons.flatMap((x) => [x.label, x.value]);
    case 'link':
      return [b.text, b.url];
    default:
      return [];
  }
}
function buttons(message: Message) {
  return message.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons : []));
}

const ENDS = { endsAt: new Date('2027-01-14T09:00:00Z'), zone: 'Europe/London' };
const intro = introMessage({
  you: 'Misty Kestrel',
  others: ['Coastal Heron'],
  starter: 'What has surprised you this month?',
  supportLines: ['Call 0800 000 000'],
  ...ENDS,
});

describe('the introduction', () => {
  it("names the round's end date in the person's own zone", () => {
    expect(intro.text).toContain('This round runs until Thursday 14 January.');
    const late = introMessage({
      you: 'a',
      others: ['b'],
      starter: 's',
      endsAt: new Date('2027-01-14T23:30:00Z'),
      zone: 'Pacific/Auckland',
    });
    expect(late.text).toContain('until Friday 15 January');
  });
});

const everyMessage: Array<[string, Message]> = [
  ['intro', intro],
  [
    'circle intro',
    introMessage({ you: 'Misty Kestrel', others: ['Coastal Heron', 'Slate Wren'], starter: 'x?', ...ENDS }),
  ],
  ['relayed', relayedMessage('Coastal Heron', 'Thanks for that')],
  ['nudge', halfwayNudgeMessage(['Coastal Heron'])],
  ['round end', roundEndMessage('grp_1')],
  ['closed', relayClosedMessage()],
  ['file refused', fileRefusedMessage(false)],
  ['file refused, text sent', fileRefusedMessage(true)],
  ['rate limit', rateLimitMessage(90)],
  ['too long', relayTooLongMessage(2400)],
  ['edit too long', relayTooLongMessage(2400, { edited: true })],
  ['help', relayHelpMessage()],
  ['stay or leave', stayOrLeaveMessage('pool_1')],
  ['paused', pausedAfterThreeMessage()],
  ['unplaced', unplacedMessage('no-allowed-partner')],
  [
    'status',
    pairingStatusMessage({
      poolSize: 12,
      rounds: 3,
      groupsFormed: 18,
      groupsWithMessages: 9,
      ratings: [
        { round: 2, kind: 'frozen', raters: 7, sum: 27 },
        { round: 3, kind: 'waiting', shownFrom: '9 Mar 2026' },
      ],
      k: 5,
    }),
  ],
];

describe('pairing messages', () => {
  it.each(everyMessage)('%s: has text, no exclamation marks and no real identifiers', (_name, message) => {
    expect(message.text.length).toBeGreaterThan(0);
    expect(message.blocks.length).toBeGreaterThan(0);
    const words = allText(message);
    expect(words).not.toContain('!');
    expect(containsIdentifier(words, ['member-123', 'U0123ABC', 'Priya Shah'])).toBe(false);
  });

  it('the intro states the limits of confidentiality and starts with the contracting question', () => {
    const words = allText(intro);
    expect(words).toContain('What is said here stays between you');
    expect(words).toContain('if someone may be at risk of serious harm, a safeguarding contact is told');
    expect(words).toContain('Reports are read only by the safeguarding contacts');
    expect(words).toContain('not a crisis service');
    expect(words).toContain('Your chat tool keeps its own history');
    const sections = intro.blocks.filter((b) => b.type === 'section').map((b) => b.text);
    expect(sections.indexOf(CONTRACTING_QUESTION)).toBeLessThan(
      sections.indexOf('What has surprised you this month?'),
    );
  });

  it('introduces the others, the reader’s own pseudonym, ground rules, commands and the starter', () => {
    const words = allText(intro);
    expect(intro.text).toContain('Coastal Heron');
    expect(intro.text).toContain('Misty Kestrel');
    expect(words).toContain('What has surprised you this month?');
    expect(words).toContain('Call 0800 000 000');
    for (const command of ['support', 'end', 'report <what happened>', 'block', 'reveal', 'pause', 'help']) {
      expect(words).toMatch(new RegExp(`^${command} –`, 'm'));
    }
    const rules = intro.blocks.find((b) => b.type === 'section' && b.title === 'How this works');
    expect(rules?.type === 'section' && rules.text.split('\n').length).toBeGreaterThanOrEqual(3);
    expect(rules?.type === 'section' && rules.text.split('\n').length).toBeLessThanOrEqual(7);
    const circle = everyMessage[1]![1];
    expect(circle.text).toContain('Coastal Heron and Slate Wren');
  });

  it('relays under the short pseudonym, marks edits and neutralises the text', () => {
    expect(relayedMessage('Coastal Heron', 'hello').text).toBe('Heron: hello');
    expect(relayedMessage('Coastal Heron', 'hello again', { edited: true }).text).toBe(
      'Heron (edited): hello again',
    );
    const pinged = relayedMessage('Coastal Heron', '@channel look <@U0SECRET>');
    expect(pinged.text).not.toMatch(/@channel|U0SECRET/);
    const long = relayedMessage('Coastal Heron', 'y'.repeat(5000), { edited: true });
    expect(Array.from(long.text).length).toBeLessThanOrEqual(3000);
    expect(long.text.endsWith('…')).toBe(true);
  });

  it('asks "did this help?" with five buttons whose values round-trip, and offers to share names', () => {
    const message = roundEndMessage('grp_1');
    const scale = buttons(message).filter((b) => b.actionId === PAIRING_ACTIONS.feedback);
    expect(scale.map((b) => b.value)).toEqual(['grp_1:1', 'grp_1:2', 'grp_1:3', 'grp_1:4', 'grp_1:5']);
    expect(scale.map((b) => parseFeedbackValue(b.value)?.rating)).toEqual([1, 2, 3, 4, 5]);
    expect(parseFeedbackValue('grp:with:colons:4')).toEqual({ groupId: 'grp:with:colons', rating: 4 });
    for (const bad of ['grp_1', 'grp_1:0', 'grp_1:6', 'grp_1:2.5', ':3', 'grp_1:']) {
      expect(parseFeedbackValue(bad)).toBeUndefined();
    }
    const reveal = buttons(message).filter((b) => b.actionId === PAIRING_ACTIONS.reveal);
    expect(reveal).toEqual([expect.objectContaining({ value: 'grp_1' })]);
    expect(allText(message)).toMatch(/only if everyone agrees/);
  });

  it('shares names only when everyone agreed', () => {
    const people = [
      { pseudonym: 'Misty Kestrel', name: 'Priya Shah', platform: 'Chat A', agreed: true },
      { pseudonym: 'Coastal Heron', name: 'Sam Jones', platform: 'Chat B', agreed: true },
    ];
    const message = revealResultMessage(people);
    expect(allText(message)).toContain('Misty Kestrel is Priya Shah (Chat A)');
    expect(allText(message)).toContain('Coastal Heron is Sam Jones (Chat B)');
    expect(() => revealResultMessage([people[0]!, { ...people[1]!, agreed: false }])).toThrow();
    expect(() => revealResultMessage([])).toThrow();
  });

  it('asks quiet members whether to stay, with stay and leave buttons', () => {
    const b = buttons(stayOrLeaveMessage('pool_1'));
    expect(b.map((x) => [x.actionId, x.value])).toEqual([
      [PAIRING_ACTIONS.stay, 'pool_1'],
      [PAIRING_ACTIONS.leave, 'pool_1'],
    ]);
  });

  it('uses the same words for every reason someone could not be placed by others’ choices', () => {
    expect(unplacedMessage('no-allowed-partner')).toEqual(unplacedMessage('no-compatible-group'));
    expect(unplacedMessage('alone-in-pool').text).toContain('nobody else');
  });

  it('tells people how to rejoin, and when to resend', () => {
    expect(pausedAfterThreeMessage().text).toContain('"/roundtable pairing join"');
    expect(pausedAfterThreeMessage('@Roundtable').text).toContain('"@Roundtable pairing join"');
    expect(rateLimitMessage().text).toContain('in a minute');
    expect(rateLimitMessage(30).text).toContain('in a minute');
    expect(rateLimitMessage(150).text).toContain('in about 3 minutes');
    expect(fileRefusedMessage(true).text).toContain('I passed on your words');
  });

  it('shows "did this help?" only for a frozen round over at least k people, and rounds every count', () => {
    const base = { poolSize: 12, rounds: 3, groupsFormed: 18, groupsWithMessages: 9, k: 5 };
    const frozen = { round: 2, kind: 'frozen', raters: 7, sum: 27 } as const;
    const shown = allText(pairingStatusMessage({ ...base, ratings: [frozen] }));
    expect(shown).toContain('Round 2: 3.9 out of 5, from about 5 people');
    expect(shown).toContain('Leaders in the pool: about 10');
    expect(shown).toContain('Rounds so far: 3');
    expect(shown).toContain('Groups formed: about 20');
    expect(shown).toContain('about 10 of about 20 (50%)');
    const hidden = allText(pairingStatusMessage({ ...base, ratings: [{ ...frozen, raters: 0, sum: 0 }] }));
    expect(hidden).toContain('Round 2: fewer than 5 people answered, so not shown');
    expect(hidden).not.toMatch(/out of 5/);
    const waiting = allText(
      pairingStatusMessage({ ...base, ratings: [{ round: 3, kind: 'waiting', shownFrom: '9 Mar 2026' }] }),
    );
    expect(waiting).toContain('Round 3: answers are shown from 9 Mar 2026');
    expect(allText(pairingStatusMessage({ ...base, poolSize: 4, ratings: [] }))).toContain(
      'Leaders in the pool: fewer than 5',
    );
    expect(
      allText(pairingStatusMessage({ ...base, groupsFormed: 0, groupsWithMessages: 0, ratings: [] })),
    ).toContain('no groups yet');
  });
});
