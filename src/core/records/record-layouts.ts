/**
 * The record laid out as a regulator's form asks (`me record nmc|swe|hcpc|general`). Every answer under a heading
 * is the member's own words; a heading they have not answered says so kindly and is never filled in for them.
 *
 * Where the headings come from (see docs/COMMANDS.md):
 * - `nmc`: the Nursing and Midwifery Council's reflective accounts form for revalidation (five written reflective
 *   accounts per three-year revalidation period), its four questions and the Code's four themes.
 * - `swe`: Social Work England's CPD record: the learning, the impact on practice, and whether it included peer
 *   reflection.
 * - `hcpc`: the Health and Care Professions Council's CPD standards: a dated, continuous record of activities.
 * - `general`: the layout `me record` has always had (record-markdown.ts).
 */
import { longDate, type PracticeRecord, reflectiveAccounts, totals } from './record-model.js';

export const RECORD_LAYOUTS = ['nmc', 'swe', 'hcpc', 'general'] as const;
export type RecordLayout = (typeof RECORD_LAYOUTS)[number];

/** What an empty heading says. */
export const NOT_YET_WRITTEN = 'Not yet written. You can add this yourself when you fill in the form.';

/** One block of a laid-out record: our own headings, labels and notes, or the member's words (`text`). */
export interface LayoutBlock {
  kind: 'h2' | 'h3' | 'label' | 'note' | 'missing' | 'text';
  text: string;
}

export interface LaidOutRecord {
  title: string;
  intro: string;
  blocks: LayoutBlock[];
}

export const NMC_HEADINGS = {
  activity:
    'What was the nature of the CPD activity and/or practice-related feedback and/or event or experience in your practice?',
  learned:
    'What did you learn from the CPD activity and/or feedback and/or event or experience in your practice?',
  changed: 'How did you change or improve your practice as a result?',
  code: 'How is this relevant to the Code? Select one or more themes: Prioritise people, Practise effectively, Preserve safety, Promote professionalism and trust.',
} as const;

export const SWE_HEADINGS = {
  activity: 'CPD activity',
  learning: 'What did you learn?',
  impact: 'What impact has this had on your practice?',
  peer: 'Did this include peer reflection?',
} as const;

export const HCPC_HEADINGS = { list: 'Continuous record of CPD activities' } as const;

const LAYOUT_TITLES: Record<Exclude<RecordLayout, 'general'>, string> = {
  nmc: 'Written reflective accounts (NMC revalidation)',
  swe: 'CPD record (Social Work England)',
  hcpc: 'CPD activity record (HCPC)',
};

function answer(blocks: LayoutBlock[], label: string, text: string | undefined): void {
  blocks.push({ kind: 'label', text: label });
  blocks.push(text ? { kind: 'text', text } : { kind: 'missing', text: NOT_YET_WRITTEN });
}

/** The record in a regulator's layout (not `general`, which keeps its own renderer). */
export function layOut(record: PracticeRecord, layout: Exclude<RecordLayout, 'general'>): LaidOutRecord {
  const z = record.zone;
  const t = totals(record);
  const blocks: LayoutBlock[] = [];
  const accounts = reflectiveAccounts(record);
  const intro = `From ${record.from} to ${record.to}. Made on ${longDate(record.generatedAt, z)} from your own Roundtable answers. Check each entry and add what the form needs before you copy it across.`;
  if (layout === 'nmc' || layout === 'swe') {
    const h = layout === 'nmc' ? NMC_HEADINGS : undefined;
    if (h)
      blocks.push({
        kind: 'note',
        text: `The NMC asks for five written reflective accounts in each three-year revalidation period. This record has ${accounts.length} reflection(s) you could use.`,
      });
    if (accounts.length === 0)
      blocks.push({ kind: 'missing', text: 'No reflections written in this period.' });
    accounts.forEach((a, i) => {
      const learnedText = [a.sections[0]?.text, a.sections[1]?.text].filter(Boolean).join('\n\n');
      const changedText = a.sections[2]?.text;
      if (h) {
        blocks.push({ kind: 'h2', text: `Reflective account ${i + 1}: ${longDate(a.date, z)}` });
        answer(blocks, h.activity, a.source);
        answer(blocks, h.learned, learnedText);
        answer(blocks, h.changed, changedText);
        answer(blocks, h.code, undefined);
      } else {
        blocks.push({ kind: 'h2', text: `CPD record ${i + 1}: ${longDate(a.date, z)}` });
        answer(blocks, SWE_HEADINGS.activity, a.source);
        answer(blocks, SWE_HEADINGS.learning, learnedText);
        answer(blocks, SWE_HEADINGS.impact, changedText);
        blocks.push({ kind: 'label', text: SWE_HEADINGS.peer });
        blocks.push({
          kind: 'note',
          text: a.source.startsWith('Learning session')
            ? 'A group learning session: say whether you reflected on it with peers.'
            : 'A written reflection on your own: no peer reflection is recorded.',
        });
      }
    });
  } else {
    blocks.push({ kind: 'h2', text: HCPC_HEADINGS.list });
    blocks.push({
      kind: 'note',
      text: `Learning sessions attended: ${t.sessions} (${t.sessionHours} hours). Reflections written: ${t.reflections}.`,
    });
    const rows: Array<{ date: Date; line: string; words?: string }> = [];
    for (const s of record.sessions)
      rows.push({
        date: s.start,
        line: `${longDate(s.start, z)}: learning session, ${s.title} (${s.minutes} minutes)`,
      });
    for (const c of record.reflections)
      rows.push({ date: c.date, line: `${longDate(c.date, z)}: written reflection`, words: c.text });
    rows.sort((x, y) => x.date.getTime() - y.date.getTime());
    if (rows.length === 0) blocks.push({ kind: 'missing', text: 'No activities in this period.' });
    for (const r of rows) {
      blocks.push({ kind: 'h3', text: r.line });
      if (r.words) blocks.push({ kind: 'text', text: r.words });
    }
  }
  return { title: `${LAYOUT_TITLES[layout]}: ${record.name}`, intro, blocks };
}
