/**
 * The record laid out as a regulator's form asks (`me record nmc|swe|hcpc|general`). Every answer under a heading
 * is the member's own words; a heading they have not answered says so kindly and is never filled in for them.
 *
 * Where the headings come from (see docs/COMMANDS.md):
 * - `nmc`: the Nursing and Midwifery Council's reflective accounts form for revalidation (five written reflective
 *   accounts per three-year revalidation period), its four questions and the Code's four themes. Checked on
 *   2026-12-03 against what the stored public pages say of the form (no NMC page itself was stored): reflectory.co.uk
 *   "NMC revalidation: how to write your five reflective accounts" lists the same four prompts in the same order
 *   (shortened), and revalidationaicopilot.co.uk "NMC Revalidation Forms 2026" the 35 CPD hours, 20 participatory.
 *   The wording below is the form's longer "and/or" form; it did not need changing.
 * - `swe`: Social Work England's CPD record: the learning, the impact on practice, and whether it included peer
 *   reflection.
 * - `hcpc`: the Health and Care Professions Council's CPD standards: a dated, continuous record of activities.
 * - `general`: the layout `me record` has always had (record-markdown.ts).
 */
import {
  ACCOUNT_HEADINGS,
  CODE_THEMES,
  longDate,
  longPlainDate,
  type PeerDiscussion,
  type PracticeRecord,
  type ReflectiveAccount,
  reflectiveAccounts,
  totals,
} from './record-model.js';

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

/** The sections every regulator layout ends with. */
export const CPD_HEADINGS = {
  hours: 'Participatory CPD hours: learning sessions',
  peer: 'Peer reflective discussions',
} as const;

const LAYOUT_TITLES: Record<Exclude<RecordLayout, 'general'>, string> = {
  nmc: 'Written reflective accounts (NMC revalidation)',
  swe: 'CPD record (Social Work England)',
  hcpc: 'CPD activity record (HCPC)',
};

function answer(blocks: LayoutBlock[], label: string, text: string | undefined): void {
  blocks.push({ kind: 'label', text: label });
  blocks.push(text ? { kind: 'text', text } : { kind: 'missing', text: NOT_YET_WRITTEN });
}

/** How a reflection is named in `me record add`, shown under it so the member can add to it. */
function refNote(blocks: LayoutBlock[], a: ReflectiveAccount): void {
  if (a.ref)
    blocks.push({
      kind: 'note',
      text: `To add to this one: /roundtable me record add ${a.ref} theme <theme> or changed "<how it changed your practice>".`,
    });
}

/** "How did you change or improve your practice": the Now what? answer and/or what the member added later. */
function changedText(a: ReflectiveAccount): string | undefined {
  const now = a.sections.find((s) => s.heading === ACCOUNT_HEADINGS.nowWhat)?.text;
  return [now, a.changed].filter(Boolean).join('\n\n') || undefined;
}

function learnedText(a: ReflectiveAccount): string | undefined {
  return (
    a.sections
      .filter((s) => s.heading !== ACCOUNT_HEADINGS.nowWhat)
      .map((s) => s.text)
      .join('\n\n') || undefined
  );
}

function withWhom(d: PeerDiscussion): string {
  const who = d.partners.length > 0 ? d.partners.join(', ') : 'your peer support partner';
  return `Reflective discussion with ${who}`;
}

/**
 * Participatory CPD hours: the learning sessions the member said they would go to, once they had taken place
 * (Roundtable keeps no register, so the heading says so), with the total; then agreed peer discussions.
 */
function cpdHours(blocks: LayoutBlock[], record: PracticeRecord, nmc: boolean): void {
  const z = record.zone;
  const t = totals(record);
  blocks.push({ kind: 'h2', text: CPD_HEADINGS.hours });
  blocks.push({
    kind: 'note',
    text: `Sessions you said you would attend, once they had taken place: Roundtable does not take a register, so check you were there. Total: ${t.sessions} session(s), ${t.sessionHours} hours.${nmc ? ' The NMC asks for 35 hours of CPD in each three-year period, at least 20 of them participatory.' : ''}`,
  });
  if (record.sessions.length === 0) blocks.push({ kind: 'missing', text: 'No sessions in this period.' });
  for (const s of record.sessions)
    blocks.push({ kind: 'h3', text: `${longDate(s.start, z)}: ${s.title} (${s.minutes} minutes)` });
  const peers = record.peerDiscussions ?? [];
  if (peers.length === 0) return;
  blocks.push({ kind: 'h2', text: CPD_HEADINGS.peer });
  blocks.push({
    kind: 'note',
    text: 'Everyone in the conversation agreed to record these. Partners are shown by the pseudonym they had unless everyone agreed to share names: fill in their details yourself where a form needs them.',
  });
  for (const d of peers) {
    blocks.push({ kind: 'h3', text: `${longPlainDate(d.date)}: ${withWhom(d)}` });
    blocks.push({ kind: 'label', text: 'About' });
    blocks.push({ kind: 'text', text: d.theme });
  }
}

/** The record in a regulator's layout (not `general`, which keeps its own renderer). */
export function layOut(record: PracticeRecord, layout: Exclude<RecordLayout, 'general'>): LaidOutRecord {
  const z = record.zone;
  const t = totals(record);
  const blocks: LayoutBlock[] = [];
  const accounts = reflectiveAccounts(record);
  const peers = record.peerDiscussions ?? [];
  const intro = `From ${record.from} to ${record.to}. Made on ${longDate(record.generatedAt, z)} from your own Roundtable answers. Check each entry and add what the form needs before you copy it across.`;
  if (layout === 'nmc') {
    blocks.push({
      kind: 'note',
      text: `The NMC asks for five written reflective accounts in each three-year revalidation period. This record has ${accounts.length} reflection(s) you could use.`,
    });
    if (accounts.length === 0)
      blocks.push({ kind: 'missing', text: 'No reflections written in this period.' });
    accounts.forEach((a, i) => {
      blocks.push({ kind: 'h2', text: `Reflective account ${i + 1}: ${longDate(a.date, z)}` });
      answer(blocks, NMC_HEADINGS.activity, a.source);
      answer(blocks, NMC_HEADINGS.learned, learnedText(a));
      answer(blocks, NMC_HEADINGS.changed, changedText(a));
      answer(blocks, NMC_HEADINGS.code, a.theme ? CODE_THEMES[a.theme] : undefined);
      refNote(blocks, a);
    });
    cpdHours(blocks, record, true);
  } else if (layout === 'swe') {
    if (accounts.length === 0 && peers.length === 0)
      blocks.push({ kind: 'missing', text: 'No reflections written in this period.' });
    const entries: Array<{ date: Date; draw: (n: number) => void }> = [];
    for (const a of accounts)
      entries.push({
        date: a.date,
        draw: (n) => {
          blocks.push({ kind: 'h2', text: `CPD record ${n}: ${longDate(a.date, z)}` });
          answer(blocks, SWE_HEADINGS.activity, a.source);
          answer(blocks, SWE_HEADINGS.learning, learnedText(a));
          answer(blocks, SWE_HEADINGS.impact, changedText(a));
          blocks.push({ kind: 'label', text: SWE_HEADINGS.peer });
          blocks.push({
            kind: 'note',
            text: a.session
              ? 'A group learning session: say whether you reflected on it with peers.'
              : 'A written reflection on your own: no peer reflection is recorded.',
          });
          refNote(blocks, a);
        },
      });
    for (const d of peers)
      entries.push({
        date: new Date(`${d.date}T12:00:00Z`),
        draw: (n) => {
          blocks.push({ kind: 'h2', text: `CPD record ${n}: ${longPlainDate(d.date)}` });
          answer(blocks, SWE_HEADINGS.activity, withWhom(d));
          answer(blocks, SWE_HEADINGS.learning, d.theme);
          answer(blocks, SWE_HEADINGS.impact, undefined);
          blocks.push({ kind: 'label', text: SWE_HEADINGS.peer });
          blocks.push({
            kind: 'text',
            text: 'Yes: a reflective discussion everyone in it agreed to record.',
          });
        },
      });
    entries.sort((x, y) => x.date.getTime() - y.date.getTime());
    entries.forEach((e, i) => {
      e.draw(i + 1);
    });
    cpdHours(blocks, record, false);
  } else {
    blocks.push({ kind: 'h2', text: HCPC_HEADINGS.list });
    blocks.push({
      kind: 'note',
      text: `Learning sessions you said you would attend, once they had taken place: ${t.sessions} (${t.sessionHours} hours). Reflections written: ${t.reflections}. Peer reflective discussions: ${peers.length}.`,
    });
    const rows: Array<{ date: Date; line: string; words?: string; account?: ReflectiveAccount }> = [];
    for (const s of record.sessions)
      rows.push({
        date: s.start,
        line: `${longDate(s.start, z)}: learning session, ${s.title} (${s.minutes} minutes)`,
      });
    for (const a of accounts)
      rows.push({
        date: a.date,
        line: `${longDate(a.date, z)}: written reflection`,
        words: a.sections.map((x) => x.text).join('\n\n'),
        account: a,
      });
    for (const d of peers)
      rows.push({
        date: new Date(`${d.date}T12:00:00Z`),
        line: `${longPlainDate(d.date)}: peer reflective discussion (${withWhom(d).toLowerCase()})`,
        words: d.theme,
      });
    rows.sort((x, y) => x.date.getTime() - y.date.getTime());
    if (rows.length === 0) blocks.push({ kind: 'missing', text: 'No activities in this period.' });
    for (const r of rows) {
      blocks.push({ kind: 'h3', text: r.line });
      if (r.words) blocks.push({ kind: 'text', text: r.words });
      if (r.account?.changed) {
        blocks.push({ kind: 'label', text: 'How it changed my practice' });
        blocks.push({ kind: 'text', text: r.account.changed });
      }
      if (r.account?.theme) blocks.push({ kind: 'note', text: `Theme: ${CODE_THEMES[r.account.theme]}` });
      if (r.account) refNote(blocks, r.account);
    }
  }
  return { title: `${LAYOUT_TITLES[layout]}: ${record.name}`, intro, blocks };
}
