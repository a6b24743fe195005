/**
 * Each regulator layout has its own heading set, and what the member added (`me record add`: a Code theme, "how it
 * changed my practice") and agreed peer discussions land under the right headings; an unanswered heading is left
 * for the member ("Not yet written"), never filled in.
 */
import { describe, expect, it } from 'vitest';
import {
  CPD_HEADINGS,
  HCPC_HEADINGS,
  layOut,
  NMC_HEADINGS,
  NOT_YET_WRITTEN,
  SWE_HEADINGS,
} from '../../../src/core/records/record-layouts.js';
import { renderLaidOutMarkdown, renderRecordMarkdown } from '../../../src/core/records/record-markdown.js';
import type { PracticeRecord } from '../../../src/core/records/record-model.js';

const CHANGED = 'I now offer two options before I ask anything.';
const record: PracticeRecord = {
  name: 'Ruth Example',
  from: '2026-01-01',
  to: '2026-03-31',
  zone: 'Europe/London',
  generatedAt: new Date('2026-04-01T10:00:00Z'),
  reflections: [
    {
      ref: 'c11',
      date: new Date('2026-01-12T09:40:00Z'),
      prompt: 'What helped you this week?',
      text: 'Talking to the night team before handover.',
      theme: 'prioritise-people',
      changed: CHANGED,
    },
    {
      ref: 'c12',
      date: new Date('2026-02-16T09:35:00Z'),
      prompt: 'What would you tell a new colleague?',
      text: 'Ask twice, gently.',
    },
  ],
  sessions: [
    {
      title: 'Trauma-informed practice',
      start: new Date('2026-02-03T14:00:00Z'),
      minutes: 45,
      reflection: { what: 'We mapped a hostel night.', nowWhat: 'I will offer two options at check-in.' },
      additions: { ref: 's3', theme: 'preserve-safety' },
    },
    { title: 'Co-production basics', start: new Date('2026-03-05T10:00:00Z'), minutes: 90 },
  ],
  peerDiscussions: [{ date: '2026-03-10', theme: 'saying no kindly', partners: ['Misty Kestrel'] }],
};

const md = (layout: 'nmc' | 'swe' | 'hcpc') => renderLaidOutMarkdown(layOut(record, layout));

describe('regulator layouts with what the member added', () => {
  it('NMC: the four questions per account, the tagged theme, the added change, CPD hours and peer discussions', () => {
    const text = md('nmc');
    for (const h of Object.values(NMC_HEADINGS)) expect(text).toContain(h);
    expect(text.split(NMC_HEADINGS.changed).length - 1).toBe(3);
    expect(text).toContain(CHANGED);
    // The Now what? answer and the theme tagged on the session reflection.
    expect(text).toContain('I will offer two options at check-in.');
    expect(text).toContain('\nPrioritise people\n');
    expect(text).toContain('\nPreserve safety\n');
    // The untagged, unchanged reflection leaves both for the member.
    const third = text.slice(text.indexOf('Reflective account 3'));
    expect(third.slice(0, third.indexOf('To add to this one')).split(NOT_YET_WRITTEN).length - 1).toBe(2);
    expect(text).toContain('me record add c12');
    expect(text).toContain(CPD_HEADINGS.hours);
    expect(text).toContain('Total: 2 session(s), 2.25 hours.');
    expect(text).toContain('35 hours of CPD');
    expect(text).toContain(CPD_HEADINGS.peer);
    expect(text).toContain('10 March 2026: Reflective discussion with Misty Kestrel');
  });

  it('SWE: learning, impact (the added change), and peer reflection "Yes" only for an agreed discussion', () => {
    const text = md('swe');
    for (const h of Object.values(SWE_HEADINGS)) expect(text).toContain(h);
    expect(text).toContain(CHANGED);
    expect(text.split('Yes: a reflective discussion everyone in it agreed to record.').length - 1).toBe(1);
    expect(text).toContain('A written reflection on your own: no peer reflection is recorded.');
    expect(text).toContain('saying no kindly');
    expect(text).toContain(CPD_HEADINGS.hours);
  });

  it('HCPC: one dated list with sessions and their length, reflections, the added change and peer discussions', () => {
    const text = md('hcpc');
    expect(text).toContain(HCPC_HEADINGS.list);
    expect(text).toContain('3 February 2026: learning session, Trauma-informed practice (45 minutes)');
    expect(text).toContain('5 March 2026: learning session, Co-production basics (90 minutes)');
    expect(text).toContain(
      '10 March 2026: peer reflective discussion (reflective discussion with misty kestrel)',
    );
    expect(text).toContain('How it changed my practice');
    expect(text).toContain(CHANGED);
    expect(text).toContain('Theme: Preserve safety');
    // In date order.
    expect(text.indexOf('12 January 2026')).toBeLessThan(text.indexOf('3 February 2026'));
    expect(text.indexOf('5 March 2026')).toBeLessThan(text.indexOf('10 March 2026'));
  });

  it('general: the added change and theme under the account, and the peer discussions', () => {
    const text = renderRecordMarkdown(record);
    expect(text).toContain('How it changed my practice (added later)');
    expect(text).toContain(CHANGED);
    expect(text).toContain('Theme of the Code');
    expect(text).toContain('## Peer reflective discussions');
    expect(text).toContain('10 March 2026: with Misty Kestrel, about saying no kindly');
  });

  it('with nothing added, nothing is made up: no theme, no change, no peer discussion', () => {
    const bare: PracticeRecord = {
      ...record,
      reflections: record.reflections.map(({ theme: _t, changed: _c, ...r }) => r),
      sessions: record.sessions.map(({ additions: _a, ...s }) => s),
      peerDiscussions: [],
    };
    for (const layout of ['nmc', 'swe', 'hcpc'] as const) {
      const text = renderLaidOutMarkdown(layOut(bare, layout));
      expect(text, layout).not.toContain(CHANGED);
      expect(text, layout).not.toContain(`## ${CPD_HEADINGS.peer}`);
      expect(text, layout).not.toContain('peer reflective discussion (');
      expect(text, layout).not.toContain('Yes: a reflective discussion');
    }
    expect(renderLaidOutMarkdown(layOut(bare, 'nmc'))).not.toMatch(/\nPrioritise people\n/);
  });
});
