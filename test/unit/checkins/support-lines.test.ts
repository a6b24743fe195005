import { describe, expect, it } from 'vitest';
import { checkinMessage, lowCapacityMessage } from '../../../src/core/checkins/index.js';
import { wordingProblems } from '../../../src/core/checkins/prompt-wording.js';
import type { Message } from '../../../src/core/messages/message.js';
import {
  NOT_A_CRISIS_SERVICE,
  personReplyText,
  showCrisisLines,
  signpostGivesCrisisLines,
  supportLines,
} from '../../../src/core/messages/support.js';
import { introMessage } from '../../../src/core/pairing/pairing-messages.js';

const FULL =
  'Samaritans 116 123, SHOUT 85258, NHS 111 option 2, 999 in an emergency, staff line 0800 000 000';

function allText(m: Message): string {
  return JSON.stringify(m.blocks);
}

describe('support lines: UK crisis lines by default', () => {
  it('give Samaritans, SHOUT, NHS 111 and 999 with no signpost', () => {
    const lines = supportLines({ signpost: null, crisis_lines: true }).join('\n');
    for (const n of ['116 123', '85258', '111', 'option 2', '999']) expect(lines).toContain(n);
  });

  it('stay on when turned off but the signpost does not give them', () => {
    expect(showCrisisLines({ signpost: 'Call 0800 000 000', crisis_lines: false })).toBe(true);
    expect(showCrisisLines({ signpost: FULL, crisis_lines: false })).toBe(false);
    expect(signpostGivesCrisisLines('116123 / 85258 / 111 / 999')).toBe(true);
    expect(signpostGivesCrisisLines('116 123 and 999')).toBe(false);
  });

  it('are in every check-in, reminder, low-answer message and pairing intro, with the not-a-crisis-service line', () => {
    const messages = [
      checkinMessage({ prompt: { text: 'q' }, deliveryId: '1' }),
      checkinMessage({ prompt: { text: 'q' }, deliveryId: '1', reminder: true }),
      lowCapacityMessage({}),
      introMessage({
        you: 'Calm Wren',
        others: ['Bright Owl'],
        starter: 's',
        endsAt: new Date('2027-01-14T09:00:00Z'),
        zone: 'Europe/London',
      }),
    ];
    for (const m of messages) {
      expect(allText(m)).toContain('116 123');
      // The intro says it inside its confidentiality agreement, in its own words.
      expect(allText(m)).toMatch(
        new RegExp(`${NOT_A_CRISIS_SERVICE.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}|not a crisis service`),
      );
    }
  });

  it('the first check-in opens with the welcome and its two choices; later ones show the stop choice', () => {
    const first = checkinMessage({
      prompt: { text: 'q' },
      deliveryId: '7',
      welcome: { howOften: 'every weekday at 09:30' },
    });
    expect(first.text).toMatch(/^Welcome to Roundtable\. A moment to reflect/);
    const buttons = first.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons : []));
    expect(buttons.map((b) => [b.actionId, b.label, b.value])).toEqual(
      expect.arrayContaining([
        ['consent.yes', 'Yes, send me check-ins', '7'],
        ['consent.no', 'Not for me', '7'],
      ]),
    );
    expect(allText(first)).toContain('every weekday at 09:30');
    const later = checkinMessage({ prompt: { text: 'q' }, deliveryId: '8', stopChoice: true });
    expect(allText(later)).toContain('"consent.no"');
    expect(allText(checkinMessage({ prompt: { text: 'q' }, deliveryId: '9' }))).not.toContain('consent.');
  });

  it('the reply to a person is warm, has no admin commands and no exclamation marks', () => {
    const text = personReplyText({ signpost: 'Call 0800 000 000', crisis_lines: true });
    expect(text).toContain('Nobody reads');
    expect(text).toContain('0800 000 000');
    expect(text).toContain('116 123');
    for (const c of ['`help`', '`stop`', '`me pause`']) expect(text).toContain(c);
    expect(text).not.toMatch(/checkin|signpost "|settings|admin/);
    expect(wordingProblems(text)).toEqual([]);
  });
});
