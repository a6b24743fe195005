import { describe, expect, it } from 'vitest';
import type { PracticeRecord } from '../../../src/core/records/record-model.js';
import { renderRecordPdf } from '../../../src/services/records/record-pdf.js';
import { pdfText } from '../../helpers/pdf-text.js';
import { popplerInfo, popplerText, popplerWords } from '../../helpers/poppler.js';

/** One line in each script the record must print, as a member might write it. */
const LINES = {
  welsh: 'Bore da. Gŵyl y Gwanwyn ar lan y dŵr, a’r ŷd yn tyfu.',
  polish: 'Zażółć gęślą jaźń, powiedziała Łucja.',
  greek: 'Καλημέρα σε όλη την ομάδα.',
  cyrillic: 'Доброе утро, коллеги. Добрий ранок.',
  // Lam-alef (لأ, لا) is one glyph for two letters: its text must still come back in order.
  arabic: 'شكرا لكم على الدعم في الأسبوع الماضي',
  arabicComma: 'شكرا لكم على الدعم في الأسبوع الماضي، لا شيء أفضل',
  hebrew: 'תודה רבה על התמיכה',
  mixed: 'I said شكرا لكم to the team',
} as const;

const record: PracticeRecord = {
  name: 'Siân Łukasiewicz',
  from: '2026-01-01',
  to: '2026-03-31',
  zone: 'Europe/London',
  generatedAt: new Date('2026-04-01T10:00:00Z'),
  reflections: Object.entries(LINES).map(([script, text], i) => ({
    date: new Date(Date.UTC(2026, 0, 5 + i, 9, 30)),
    prompt: `What helped you this week? (${script})`,
    text,
  })),
  sessions: [
    {
      title: 'Ymarfer myfyriol: ŵyr ac ŷd',
      start: new Date('2026-02-03T14:00:00Z'),
      minutes: 45,
      reflection: { what: 'A good week 🙂 with the night team 👍🏽', soWhat: 'Small choices matter.' },
    },
  ],
};

/** Letters as the reader returns them: one space between words, so line wrapping does not matter. */
const squash = (s: string) => s.replace(/\s+/g, ' ');

describe('the PDF record in every script a member writes', () => {
  it('poppler reads back every Latin, Welsh, Polish, Greek and Cyrillic line exactly', async () => {
    const text = squash(popplerText(await renderRecordPdf(record)));
    expect(text).toContain('Reflective practice record: Siân Łukasiewicz');
    expect(text).toContain('Ymarfer myfyriol: ŵyr ac ŷd');
    for (const key of ['welsh', 'polish', 'greek', 'cyrillic'] as const) expect(text).toContain(LINES[key]);
    expect(text).not.toContain('\uFFFD');
  });

  it('right-to-left lines come back in reading order from two independent readers', async () => {
    const pdf = await renderRecordPdf(record);
    // pdftotext marks a right-to-left stretch with embedding controls (U+202B … U+202C); they are not text.
    const poppler = squash(popplerText(pdf).replace(/[\u202a-\u202e\u2066-\u2069]/g, ''));
    const pdfjs = squash(await pdfText(pdf));
    for (const key of ['arabic', 'hebrew'] as const) {
      expect(poppler).toContain(LINES[key]);
      expect(pdfjs).toContain(LINES[key]);
    }
    expect(pdfjs).toContain(LINES.mixed);
    expect(pdfjs).toContain(LINES.arabicComma);
    // poppler's own reordering of a line is less careful than pdf.js's at neutral characters: in a mixed-direction
    // line it moves the space at the direction change inside the right-to-left stretch ("I said  شكرا لكمto"), and
    // it takes the Arabic comma as a break between two stretches it then puts in the other order. The words and
    // their letters are right in both.
    expect(poppler.replace(/ /g, '')).toContain(LINES.mixed.replace(/ /g, ''));
    const words = (line: string) =>
      line
        .split(/[\s،]+/)
        .filter(Boolean)
        .sort();
    const commaLine = popplerText(pdf)
      .replace(/[\u202a-\u202e\u2066-\u2069]/g, '')
      .split('\n')
      .find((line) => line.includes('أفضل'));
    expect(words(commaLine ?? '')).toEqual(words(LINES.arabicComma));
  });

  it('what no embedded font covers is shown visibly as its code points, never as a bare "?"', async () => {
    const text = squash(popplerText(await renderRecordPdf(record)));
    expect(text).toContain('A good week [U+1F642] with the night team [U+1F44D U+1F3FD]');
    // The only question marks are the ones in the prompts themselves.
    expect(text.match(/\?/g)?.length).toBe(Object.keys(LINES).length);
  });

  it('a long reflection wraps across lines and pages without losing or reordering a word', async () => {
    const long = Array.from({ length: 700 }, (_, i) => `gair${i}ŵ`).join(' ');
    const pdf = await renderRecordPdf({
      ...record,
      reflections: [{ ...record.reflections[0]!, text: long }],
    });
    expect(popplerInfo(pdf)).toMatch(/^Pages:\s+[2-9]$/m);
    expect(squash(popplerText(pdf)).replace(/\f/g, ' ')).toContain(long);
  });

  it('every word, left-to-right or right-to-left, stays inside the page margins', async () => {
    const long = { ...record.reflections[0]!, text: `${LINES.arabicComma} `.repeat(12) };
    const pdf = await renderRecordPdf({ ...record, reflections: [...record.reflections, long] });
    const words = popplerWords(pdf);
    expect(words.length).toBeGreaterThan(200);
    // A4 is 595.28 points wide; the margins are 56 points (half a point for rounding).
    for (const w of words) {
      expect(w.xMin, w.text).toBeGreaterThanOrEqual(55.5);
      expect(w.xMax, w.text).toBeLessThanOrEqual(595.28 - 55.5);
    }
  });

  it('is a tagged PDF/UA document with a title shown, a language and a structure tree', async () => {
    const pdf = await renderRecordPdf(record);
    const info = popplerInfo(pdf);
    expect(info).toMatch(/^Title:\s+Reflective practice record: Siân Łukasiewicz$/m);
    expect(info).toMatch(/^Tagged:\s+yes$/m);
    expect(info).toMatch(/^PDF version:\s+1\.7$/m);
    const raw = pdf.toString('latin1');
    expect(raw).toContain('/StructTreeRoot');
    expect(raw).toMatch(/\/Lang \(en-GB\)/);
    expect(raw).toContain('/DisplayDocTitle true');
    expect(raw).toContain('pdfuaid:part');
    for (const tag of ['/H1', '/H2', '/P']) expect(raw).toContain(`/S ${tag}`);
  });
});
