/** "You said, we did": the command grammar, the digest codes, and wording that never names or counts anyone. */
import { describe, expect, it } from 'vitest';
import {
  digestResponseDm,
  newDigestCode,
  normaliseDigestCode,
  renderDigestResponses,
  sharersOf,
  withDigestCode,
} from '../../../src/core/checkins/index.js';
import { parseCommand } from '../../../src/core/commands/index.js';
import { seededRandom } from '../../../src/clock.js';

const ctx = { now: new Date('2026-03-04T12:00:00Z'), workspaceZone: 'Europe/London' };

describe('the commands', () => {
  it('parses digest respond, digest responses and report respond', () => {
    expect(parseCommand('digest respond d-7k2q "We heard you"', ctx)).toEqual({
      kind: 'digest.respond',
      code: 'D-7K2Q',
      text: 'We heard you',
    });
    expect(parseCommand('digest responses', ctx)).toEqual({ kind: 'digest.responses' });
    expect(parseCommand('report respond last week "A quiet room"', ctx)).toEqual({
      kind: 'report.respond',
      week: 'last',
      text: 'A quiet room',
    });
    expect(parseCommand('report respond 2026-w48 "A quiet room"', ctx)).toEqual({
      kind: 'report.respond',
      week: '2026-W48',
      text: 'A quiet room',
    });
  });

  it('refuses a bad code, a bad week, an empty or too long answer, with the reason', () => {
    const error = (text: string) => {
      const r = parseCommand(text, ctx);
      return r.kind === 'error' ? r.message : 'parsed';
    };
    expect(error('digest respond 7K2Q "x"')).toContain('is not a digest code');
    expect(error('digest respond D-0000 "x"')).toContain('is not a digest code');
    expect(error('digest respond D-7K2Q')).toMatch(/Say what you heard/);
    expect(error('digest respond D-7K2Q ""')).toMatch(/empty/);
    expect(error(`digest respond D-7K2Q "${'a'.repeat(1501)}"`)).toContain('the most is 1500');
    expect(error('report respond next week "x"')).toContain('is not a week');
    expect(error('report respond 2026-W54 "x"')).toContain('not a week on the calendar');
  });
});

describe('digest codes and wording', () => {
  it('makes codes that read back, from the injected randomness', () => {
    const random = seededRandom(7);
    const codes = Array.from({ length: 50 }, () => newDigestCode(() => random.next()));
    for (const code of codes) expect(normaliseDigestCode(code.toLowerCase())).toBe(code);
    expect(new Set(codes).size).toBeGreaterThan(45);
  });

  it('the footer names the code; the sharers are one per person, shuffled', () => {
    const message = withDigestCode({ text: 'Learning digest', blocks: [] }, 'D-7K2Q');
    expect(JSON.stringify(message)).toContain('/roundtable digest respond D-7K2Q');
    const random = seededRandom(3);
    const people = sharersOf(
      [
        { person: 'a', text: 'one' },
        { person: 'b', text: 'two' },
        { person: 'a', text: 'three' },
        { person: 'c', text: '   ' },
      ],
      () => random.next(),
    );
    expect([...people].sort()).toEqual(['a', 'b']);
  });

  it('digest responses shows codes and dates, overdue first, and never a count of people', () => {
    const now = new Date('2026-05-01T12:00:00Z');
    const message = renderDigestResponses(
      [
        { code: 'D-AAAA', postedAt: new Date('2026-04-25T09:00:00Z'), respondedAt: null },
        { code: 'D-BBBB', postedAt: new Date('2026-03-20T09:00:00Z'), respondedAt: null },
        {
          code: 'D-CCCC',
          postedAt: new Date('2026-03-10T09:00:00Z'),
          respondedAt: new Date('2026-03-12T09:00:00Z'),
        },
      ],
      now,
      'Europe/London',
    );
    const titles = message.blocks.flatMap((b) => (b.type === 'section' ? [b.title] : []));
    expect(titles).toEqual([
      'Digest responses',
      'Not answered after 30 days',
      'Waiting for an answer',
      'Answered',
    ]);
    const overdue = message.blocks[1] as { text: string };
    expect(overdue.text).toBe('D-BBBB · posted 20 March 2026');
    expect(JSON.stringify(message)).not.toMatch(/people|person|shared by \d/i);
  });

  it("the sharer's message carries the support lines and no exclamation mark", () => {
    const dm = digestResponseDm({ workspaceName: 'North Trust', response: 'We will add a quiet room.' });
    const all = JSON.stringify(dm);
    expect(all).toContain('Here is what North Trust said about it');
    expect(all).toContain('Samaritans');
    expect(all).not.toContain('!');
  });
});
