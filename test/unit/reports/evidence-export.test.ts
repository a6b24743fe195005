/**
 * Attack: the evidence export over random populations. Whoever holds the CSV or the PDF must not find a figure
 * over fewer than k people (or groups) in it: every count is "fewer than k" or a multiple of 5 of at least k (a
 * scale cell may be 0 inside a week that has k answers, as in `report checkins`), every rate comes from the
 * rounded counts, a score shows only beside at least k people, and the disclosure rule is stated on the page.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roundCount } from '../../../src/core/anonymity/disclosure.js';
import { figuresToFreeze, weekFromDeliveries } from '../../../src/core/checkins/report.js';
import {
  buildEvidence,
  type EvidenceInput,
  type EvidenceRow,
  evidenceCsv,
  evidencePage,
} from '../../../src/core/reports/evidence-export.js';
import { renderEvidencePdf } from '../../../src/services/reports/evidence-pdf.js';
import { pdfText } from '../../helpers/pdf-text.js';

const BANDS = ['frontline', 'manager', 'leader', 'lived-experience', 'community'] as const;

const week = (i: number) =>
  fc
    .record({
      people: fc.integer({ min: 0, max: 24 }),
      deliveries: fc.array(
        fc.record({
          who: fc.nat(23),
          answered: fc.boolean(),
          scale: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
          at: fc.nat(1000),
        }),
        { maxLength: 60 },
      ),
      frozenFirst: fc.boolean(),
    })
    .map(({ people, deliveries, frozenFirst }) => {
      const rows = deliveries
        .filter((d) => d.who < people)
        .map((d) => ({
          person: `p${d.who}`,
          answered: d.answered,
          scale: d.answered ? d.scale : null,
          answeredAt: d.answered ? new Date(d.at) : null,
        }));
      const live = weekFromDeliveries(`2026-W${String(10 + i).padStart(2, '0')}`, rows);
      return { live, frozenFirst };
    });

const population = fc
  .record({
    k: fc.integer({ min: 3, max: 8 }),
    weeks: fc
      .integer({ min: 0, max: 8 })
      .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => week(i)))),
    sessions: fc.array(
      fc.record({
        title: fc.constantFrom('Boundaries', '=HYPERLINK("x")', 'Handover, calmly', 'Grief "and" work'),
        capacity: fc.option(fc.integer({ min: 4, max: 40 }), { nil: null }),
        going: fc.array(fc.integer({ min: 0, max: 14 }), {
          minLength: BANDS.length,
          maxLength: BANDS.length,
        }),
        mix: fc.uniqueArray(
          fc.record({
            band: fc.constantFrom(...BANDS),
            target: fc.oneof(
              fc.integer({ min: 1, max: 10 }).map((count) => ({ count })),
              fc.integer({ min: 5, max: 80 }).map((percent) => ({ percent })),
            ),
          }),
          { selector: (m) => m.band, maxLength: 3 },
        ),
      }),
      { maxLength: 10 },
    ),
    rounds: fc.array(
      fc.record({
        formed: fc.integer({ min: 0, max: 16 }),
        talkedShare: fc.double({ min: 0, max: 1, noNaN: true }),
        rating: fc.oneof(
          fc.constant({ kind: 'open' as const }),
          fc.constant({ kind: 'waiting' as const, shownFrom: '9 Dec 2026' }),
          fc
            .record({
              raters: fc.integer({ min: 0, max: 14 }),
              mean: fc.double({ min: 1, max: 5, noNaN: true }),
            })
            .map(({ raters, mean }) => ({ kind: 'frozen' as const, raters, sum: Math.round(raters * mean) })),
        ),
      }),
      { maxLength: 8 },
    ),
    digests: fc.integer({ min: 0, max: 12 }),
  })
  .map(
    (p): EvidenceInput => ({
      from: '2026-03-01',
      to: '2026-05-31',
      k: p.k,
      weeks: p.weeks.map((w) => (w.frozenFirst ? figuresToFreeze(w.live, p.k) : w.live)),
      sessions: p.sessions.map((s, i) => ({
        title: s.title,
        date: `2026-04-${String(1 + i).padStart(2, '0')}`,
        capacity: s.capacity,
        mix: s.mix.map((m) => ({ band: m.band, ...m.target })),
        goingByBand: Object.fromEntries(BANDS.map((b, j) => [b, s.going[j]!])),
      })),
      rounds: p.rounds.map((r, i) => ({
        number: i + 1,
        started: `2026-03-${String(2 + i).padStart(2, '0')}`,
        groupsFormed: r.formed,
        groupsWithMessages: Math.floor(r.formed * r.talkedShare),
        rating: r.rating,
      })),
      digestsPosted: p.digests,
      digestsAnswered: Math.floor(p.digests / 2),
    }),
  );

/**
 * A count that may be shown: "fewer than k" (or none sent), or a multiple of 5 that at least k people round to
 * (with k = 6, six people show as 5: the figure is over six people, rounded).
 */
function safeCount(value: string, k: number): boolean {
  if (value === `fewer than ${k}` || value === 'none sent') return true;
  const n = Number(value);
  return /^\d+$/.test(value) && n >= roundCount(k) && n % 5 === 0;
}

/** Every row of the CSV, read back with a small RFC 4180 reader (quotes, doubled quotes). */
function readCsv(csv: string): { comments: string[]; rows: EvidenceRow[] } {
  const lines = csv.split('\r\n').filter((l) => l !== '');
  const comments = lines.filter((l) => l.startsWith('#'));
  const [header, ...body] = lines.filter((l) => !l.startsWith('#'));
  expect(header).toBe('section,period,item,measure,value,unit');
  const parse = (line: string) => {
    const out: string[] = [];
    let cur = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i]!;
      if (quoted) {
        if (ch === '"' && line[i + 1] === '"') {
          cur += '"';
          i++;
        } else if (ch === '"') quoted = false;
        else cur += ch;
      } else if (ch === '"') quoted = true;
      else if (ch === ',') {
        out.push(cur);
        cur = '';
      } else cur += ch;
    }
    out.push(cur);
    return out;
  };
  return {
    comments,
    rows: body.map((line) => {
      const [section, period, item, measure, value, unit] = parse(line);
      return { section, period, item, measure, value, unit } as EvidenceRow;
    }),
  };
}

function checkRows(rows: readonly EvidenceRow[], k: number): void {
  const weekAnswered = new Map<string, string>();
  for (const r of rows)
    if (r.section === 'check-ins' && r.measure === 'people who answered') weekAnswered.set(r.period, r.value);
  for (const r of rows) {
    if (r.unit === 'people' || r.unit === 'groups') {
      // A scale cell is one cell of a table disclosed whole, inside a week with at least k answering
      // (src/core/anonymity/disclosure.ts, discloseCells): rounded to 5, or 0, never suppressed on its own.
      if (r.measure.startsWith('chose ') && r.value !== `fewer than ${k}`) {
        expect(
          /^\d+$/.test(r.value) && Number(r.value) % 5 === 0,
          `${r.period} ${r.measure} = ${r.value}`,
        ).toBe(true);
        expect(
          safeCount(weekAnswered.get(r.period) ?? '', k) && weekAnswered.get(r.period) !== `fewer than ${k}`,
        ).toBe(true);
        continue;
      }
      expect(safeCount(r.value, k), `${r.section} ${r.period} ${r.item} ${r.measure} = ${r.value}`).toBe(
        true,
      );
    }
    if (r.unit === 'score out of 5' && /^\d/.test(r.value)) {
      const raters = rows.find(
        (x) =>
          x.period === r.period && x.item === r.item && x.measure === 'people who answered "did this help?"',
      );
      expect(raters !== undefined && /^\d+$/.test(raters.value) && safeCount(raters.value, k)).toBe(true);
    }
  }
  // Response rates come from the rounded counts only.
  for (const [period] of weekAnswered) {
    const get = (m: string) => rows.find((x) => x.period === period && x.measure === m)?.value;
    const rate = get('response rate');
    if (rate === undefined) continue;
    const sent = Number(get('people sent a check-in'));
    const answered = Number(get('people who answered'));
    expect(Number(rate)).toBe(Math.min(100, Math.round((answered / sent) * 100)));
  }
}

describe('privacy: the evidence export holds no figure under k', () => {
  it('CSV: every count of people or groups is suppressed or at least k and rounded (random populations)', () => {
    fc.assert(
      fc.property(population, (input) => {
        const evidence = buildEvidence(input);
        const { comments, rows } = readCsv(evidenceCsv(evidence));
        expect(comments.some((c) => c.startsWith('# Disclosure rule:'))).toBe(true);
        expect(rows).toEqual(
          evidence.rows.map((r) => ({ ...r, item: r.item.startsWith('=') ? `'${r.item}` : r.item })),
        );
        checkRows(evidence.rows, evidence.k);
        // A title cannot become a spreadsheet formula.
        for (const r of rows) expect(r.item.startsWith('=')).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('PDF: one page, the rule stated, and every "about N" at least k and rounded (random populations)', async () => {
    await fc.assert(
      fc.asyncProperty(population, async (input) => {
        const evidence = buildEvidence(input);
        const pdf = await renderEvidencePdf(evidence, new Date('2026-06-01T09:00:00Z'));
        const pages = pdf.toString('latin1').match(/\/Type \/Page\b(?!s)/g) ?? [];
        expect(pages).toHaveLength(1);
        const text = (await pdfText(pdf)).replace(/\s+/g, ' ');
        expect(text).toContain(`Disclosure rule: every figure counts different people`);
        for (const m of text.matchAll(/about (\d+)/g)) {
          expect(Number(m[1])).toBeGreaterThanOrEqual(roundCount(evidence.k));
          expect(Number(m[1]) % 5).toBe(0);
        }
        // The page says only what the rows say: its lines are made from them.
        for (const line of evidencePage(evidence).filter((l) => l.style === 'body'))
          for (const m of line.text.matchAll(/about (\d+)/g)) expect(safeCount(m[1]!, evidence.k)).toBe(true);
      }),
      { numRuns: 8 },
    );
  }, 60_000);

  it('a week with k-1 people answering shows no number at all', () => {
    const k = 5;
    const rows = [
      weekFromDeliveries(
        '2026-W11',
        ['a', 'b', 'c', 'd'].map((person) => ({ person, answered: true, scale: 2, answeredAt: new Date(0) })),
      ),
    ];
    const evidence = buildEvidence({
      from: '2026-03-09',
      to: '2026-03-15',
      k,
      weeks: rows,
      sessions: [],
      rounds: [],
      digestsPosted: 0,
      digestsAnswered: 0,
    });
    expect(evidence.rows.filter((r) => r.section === 'check-ins')).toEqual([
      {
        section: 'check-ins',
        period: '2026-W11',
        item: 'check-ins',
        measure: 'people who answered',
        value: 'fewer than 5',
        unit: 'people',
      },
    ]);
  });
});
