import { describe, expect, it } from 'vitest';
import { markdownText, renderRecordMarkdown } from '../../../src/core/records/record-markdown.js';
import {
  ACCOUNT_HEADINGS,
  type PracticeRecord,
  reflectiveAccounts,
  totals,
} from '../../../src/core/records/record-model.js';
import { renderRecordPdf } from '../../../src/services/records/record-pdf.js';
import { pdfText } from '../../helpers/pdf-text.js';

const record: PracticeRecord = {
  name: 'Ruth Example',
  from: '2026-01-01',
  to: '2026-03-31',
  zone: 'Europe/London',
  generatedAt: new Date('2026-04-01T10:00:00Z'),
  reflections: [
    {
      date: new Date('2026-01-12T09:40:00Z'),
      prompt: 'What helped you this week?',
      text: 'Talking to the night team before handover.',
    },
    {
      date: new Date('2026-02-16T09:35:00Z'),
      prompt: 'What would you tell a new colleague?',
      text: 'Ask twice, gently. People answer the second time.',
    },
    {
      date: new Date('2026-03-09T09:31:00Z'),
      prompt: 'Where did you change course?',
      text: 'I slowed down the assessment *on purpose*.',
    },
  ],
  sessions: [
    {
      title: 'Trauma-informed practice',
      topic: 'trauma-informed practice',
      start: new Date('2026-02-03T14:00:00Z'),
      minutes: 45,
      reflection: {
        what: 'We mapped a hostel night.',
        soWhat: 'Small choices matter.',
        nowWhat: 'I will offer two options at check-in.',
      },
    },
    { title: 'Co-production basics', start: new Date('2026-03-05T10:00:00Z'), minutes: 90 },
  ],
};

describe('reflective practice record', () => {
  it('totals count reflections and session hours', () => {
    expect(totals(record)).toEqual({ reflections: 4, sessions: 2, sessionHours: 2.25 });
  });

  it('reflective accounts are filled only from the member’s own answers', () => {
    const accounts = reflectiveAccounts(record);
    expect(accounts).toHaveLength(4);
    const session = accounts.find((a) => a.source.includes('Trauma-informed'))!;
    expect(session.sections.map((s) => s.heading)).toEqual([
      ACCOUNT_HEADINGS.what,
      ACCOUNT_HEADINGS.soWhat,
      ACCOUNT_HEADINGS.nowWhat,
    ]);
    const checkin = accounts.find((a) => a.source.includes('new colleague'))!;
    // A check-in reflection answers one prompt: only the first heading, nothing invented for the others.
    expect(checkin.sections).toEqual([
      { heading: ACCOUNT_HEADINGS.what, text: 'Ask twice, gently. People answer the second time.' },
    ]);
  });

  it('Markdown holds every reflection, the sessions, the totals and the headings, with markup escaped', () => {
    const md = renderRecordMarkdown(record);
    expect(md).toContain('# Reflective practice record: Ruth Example');
    expect(md).toContain('Hours of learning sessions: 2.25');
    expect(md).toContain('Trauma-informed practice (45 minutes, topic: trauma-informed practice)');
    expect(md).toContain('Co-production basics (90 minutes)');
    expect(md).toContain('Talking to the night team before handover.');
    expect(md).toContain('I slowed down the assessment \\*on purpose\\*.');
    expect(md).toContain(`**${ACCOUNT_HEADINGS.nowWhat}**`);
    expect(md).toContain('I will offer two options at check-in.');
  });

  it('the PDF (text extracted with a real parser) holds the same content', async () => {
    const pdf = await renderRecordPdf(record);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = (await pdfText(pdf)).replace(/\s+/g, ' ');
    expect(text).toContain('Reflective practice record: Ruth Example');
    expect(text).toContain('Hours of learning sessions: 2.25');
    expect(text).toContain('Talking to the night team before handover.');
    expect(text).toContain('Ask twice, gently. People answer the second time.');
    expect(text).toContain('I will offer two options at check-in.');
    expect(text).toContain(ACCOUNT_HEADINGS.soWhat);
    expect(text).toContain('Co-production basics (90 minutes)');
  });

  it('an empty period says so plainly', async () => {
    const empty = { ...record, reflections: [], sessions: [] };
    expect(renderRecordMarkdown(empty)).toContain('No reflections written in this period.');
    expect(await pdfText(await renderRecordPdf(empty))).toContain('None in this period.');
  });
});

describe('markdownText: escapes only what Markdown would act on', () => {
  it.each([
    'Ask twice, gently. People answer the second time.',
    'I felt well-prepared (mostly) - and that helped.',
    'Three things: rest, talk, plan. Then 2 + 2 = 4!',
    'It was 5 * 3 hours, roughly, and a < b is fine.',
    'snake_case and file_name stay as written, as do #hashtags and 50% + £10.',
    'Email me at someone.else@example.org, or call 0800 000 000.',
    "Priya's team said: “we've got this”. Fish & chips on Friday.",
    'The score went from 3.5 to 4.0 {roughly} | more or less ~ about.',
    'Questions? Plenty. Answers: a few. Brackets] alone are fine.',
  ])('an ordinary sentence is unchanged: %s', (sentence) => {
    expect(markdownText(sentence)).toBe(sentence);
  });

  it.each([
    ['# heading', '\\# heading'],
    ['### small heading', '\\### small heading'],
    ['*bold*', '\\*bold\\*'],
    ['**very bold**', '\\*\\*very bold\\*\\*'],
    ['_leaning_', '\\_leaning\\_'],
    ['~~struck~~', '\\~\\~struck\\~\\~'],
    ['[link](x)', '\\[link](x)'],
    ['![image](https://evil.example/x.png)', '!\\[image](https://evil.example/x.png)'],
    ['[ref]: https://evil.example', '\\[ref]: https://evil.example'],
    ['<script>alert(1)</script>', '\\<script>alert(1)\\</script>'],
    ['<https://evil.example>', '\\<https://evil.example>'],
    ['<!-- hidden -->', '\\<!-- hidden -->'],
    ['use `rm -rf` here', 'use \\`rm -rf\\` here'],
    ['```', '\\`\\`\\`'],
    ['> quoted', '\\> quoted'],
    ['- a list item', '\\- a list item'],
    ['+ a list item', '\\+ a list item'],
    ['* a list item', '\\* a list item'],
    ['1. first', '1\\. first'],
    ['2) second', '2\\) second'],
    ['---', '\\---'],
    ['===', '\\==='],
    ['___', '\\_\\_\\_'],
    ['***', '\\*\\*\\*'],
    ['&amp; &#169; &copy;', '\\&amp; \\&#169; \\&copy;'],
    ['a backslash \\* before a star', 'a backslash \\\\\\* before a star'],
    ['a line ending in a backslash\\', 'a line ending in a backslash\\\\'],
  ])('hostile text is neutralised: %s', (hostile, escaped) => {
    expect(markdownText(hostile)).toBe(escaped);
  });

  it('checks every line, since each could start a block, and keeps line breaks', () => {
    expect(markdownText('Fine first line\n# not a heading\n\n1. not a list')).toBe(
      'Fine first line  \n\\# not a heading  \n  \n1\\. not a list',
    );
  });

  it('does not let a line of dashes turn the line above into a heading', () => {
    expect(markdownText('Looks like a title\n---')).toBe('Looks like a title  \n\\---');
  });

  it('escapes table pipes only when a line could make a table', () => {
    expect(markdownText('either | or')).toBe('either | or');
    expect(markdownText('a | b\n--- | ---')).toBe('a \\| b  \n--- \\| ---');
  });

  it('keeps a trailing # in a heading, which Markdown would otherwise drop', () => {
    expect(markdownText('Team #', 'heading')).toBe('Team \\#');
    expect(markdownText('Team #3', 'heading')).toBe('Team #3');
  });

  it('inline, after our own words on a line, nothing can start a block, so only inline marks are escaped', () => {
    expect(markdownText('1. Intro - # part > more', 'inline')).toBe('1. Intro - # part > more');
    expect(markdownText('*Care* and <em>you</em>\nsecond line', 'inline')).toBe(
      '\\*Care\\* and \\<em>you\\</em> second line',
    );
  });

  it('renders a record with hostile words as text, and ordinary words as written', () => {
    const hostile = {
      ...record,
      name: 'Ruth <b>Example</b> #',
      reflections: [
        {
          date: new Date('2026-01-12T09:40:00Z'),
          prompt: 'P?',
          text: '# Heading\n[click](https://evil.example)',
        },
      ],
    };
    const md = renderRecordMarkdown(hostile);
    expect(md).toContain('# Reflective practice record: Ruth \\<b>Example\\</b> \\#');
    expect(md).toContain('\\# Heading  \n\\[click](https://evil.example)');
    expect(md).toContain('From 2026-01-01 to 2026-03-31.');
  });
});
