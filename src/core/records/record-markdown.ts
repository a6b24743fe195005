import type { LaidOutRecord } from './record-layouts.js';
import {
  ADDED_HEADINGS,
  CODE_THEMES,
  longDate,
  longPlainDate,
  type PracticeRecord,
  reflectiveAccounts,
  totals,
} from './record-model.js';

/*
 * A person's words go into the record as they wrote them: only a character that would start or change Markdown
 * formatting where it stands is escaped (CommonMark and GitHub's extensions), so "well-prepared." stays as it is
 * and "*bold*", "# heading", "[link](x)" or "<script>" stay text. Every line is treated as if it began a
 * paragraph, because a blank line in the person's text starts a new one.
 */

/** Mid-line characters that always matter: a backtick opens code, `[` a link, image or reference. */
const ALWAYS = /[`[]/;
/** `<` before a letter, `/`, `!` or `?` opens HTML, a comment or an autolink; "a < b" stays. */
const OPENS_HTML = /^<[A-Za-z/!?]/;
/** `&` that spells an entity (`&amp;`, `&#169;`) would be shown as the character; "Fish & chips" stays. */
const ENTITY = /^&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/;
/** ASCII punctuation: a backslash before one would escape it; before anything else it is just a backslash. */
const PUNCTUATION = /[!-/:-@[-`{-~]/;
/** A line that could make the line above a table header (GitHub tables). */
const TABLE_DELIMITER_ROW = /^\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)+\|?\s*$|^\|\s*:?-+:?\s*\|?\s*$/;

const isSpace = (c: string | undefined): boolean => c === undefined || /\s/.test(c);
const isWordChar = (c: string | undefined): boolean => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/** Escape the characters of one line that would act mid-line. */
function escapeInline(line: string, escapePipes: boolean): string {
  let out = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    const before = line[i - 1];
    const after = line[i + 1];
    let acts = false;
    if (ALWAYS.test(c)) acts = true;
    else if (c === '\\') acts = after === undefined || PUNCTUATION.test(after);
    // `*` and `~` between two spaces cannot open or close anything ("5 * 3"); anywhere else they can.
    else if (c === '*' || c === '~') acts = !(isSpace(before) && isSpace(after));
    // `_` inside a word never makes emphasis (snake_case), nor between spaces.
    else if (c === '_')
      acts = !(isWordChar(before) && isWordChar(after)) && !(isSpace(before) && isSpace(after));
    else if (c === '<') acts = OPENS_HTML.test(line.slice(i, i + 2));
    else if (c === '&') acts = ENTITY.test(line.slice(i, i + 40));
    else if (c === '|') acts = escapePipes;
    out += acts ? `\\${c}` : c;
  }
  return out;
}

/** Escape what would start a block at the beginning of a line: heading, quote, list, rule, setext underline. */
function escapeLineStart(line: string): string {
  if (/^#{1,6}(?:\s|$)/.test(line) || line.startsWith('>')) return `\\${line}`;
  if (/^[-+*](?:\s|$)/.test(line)) return `\\${line}`;
  // A line of only `-`, `=` (or `*`, `_`, escaped already) is a rule or turns the line above into a heading.
  if (/^(?:-[ \t]*){2,}$|^=+[ \t]*$/.test(line)) return `\\${line}`;
  return line.replace(/^(\d{1,9})([.)])(?=\s|$)/, '$1\\$2');
}

/**
 * Where the text goes: `block` starts its own lines (a reflection); `inline` follows our own words on a line
 * (a session title in a list item), so nothing in it can start a block; `heading` is inline at the end of a
 * heading line, where a trailing ` #` would be dropped as the heading's closing sequence.
 */
export type MarkdownContext = 'block' | 'inline' | 'heading';

/**
 * A person's words as Markdown text that shows exactly those words. In a block, line breaks are kept (as hard
 * breaks); inline, they become spaces.
 * @param text what the person wrote (or a title or name they gave).
 * @param context where it goes, see {@link MarkdownContext}; `block` by default.
 */
export function markdownText(text: string, context: MarkdownContext = 'block'): string {
  if (context !== 'block') {
    const line = escapeInline(text.trim().replace(/\s*\r?\n\s*/g, ' '), false);
    return context === 'heading' ? line.replace(/(\s)(#+)(\s*)$/, '$1\\$2$3') : line;
  }
  const lines = text
    .trim()
    .split(/\r?\n/)
    // Leading spaces show nothing in Markdown but four of them make code.
    .map((line) => line.replace(/^[ \t]+/, ''));
  const escapePipes = lines.some((line) => line.includes('|') && TABLE_DELIMITER_ROW.test(line.trim()));
  return lines.map((line) => escapeLineStart(escapeInline(line, escapePipes))).join('  \n');
}

/** The record as Markdown: totals, sessions attended, then each reflective account under its headings. */
export function renderRecordMarkdown(record: PracticeRecord): string {
  const t = totals(record);
  const z = record.zone;
  const lines: string[] = [
    `# Reflective practice record: ${markdownText(record.name, 'heading')}`,
    '',
    `From ${record.from} to ${record.to}. Made on ${longDate(record.generatedAt, z)} from your own Roundtable answers.`,
    '',
    '## Totals',
    '',
    `- Reflections written: ${t.reflections}`,
    `- Learning sessions you said you would attend (once they had taken place): ${t.sessions}`,
    `- Hours of learning sessions: ${t.sessionHours}`,
    '',
    '## Learning sessions you said you would attend',
    '',
  ];
  if (record.sessions.length === 0) lines.push('None in this period.', '');
  for (const s of record.sessions) {
    lines.push(
      `- ${longDate(s.start, z)}: ${markdownText(s.title, 'inline')} (${s.minutes} minutes${s.topic ? `, topic: ${markdownText(s.topic, 'inline')}` : ''})`,
    );
  }
  lines.push('', '## Reflective accounts', '');
  const accounts = reflectiveAccounts(record);
  if (accounts.length === 0) lines.push('No reflections written in this period.', '');
  for (const a of accounts) {
    lines.push(`### ${longDate(a.date, z)}: ${markdownText(a.source, 'heading')}`, '');
    for (const s of a.sections) lines.push(`**${s.heading}**`, '', markdownText(s.text), '');
    if (a.changed) lines.push(`**${ADDED_HEADINGS.changed}**`, '', markdownText(a.changed), '');
    if (a.theme) lines.push(`**${ADDED_HEADINGS.theme}**`, '', CODE_THEMES[a.theme], '');
    if (a.ref) lines.push(`_Reference for \`me record add\`: ${a.ref}_`, '');
  }
  const peers = record.peerDiscussions ?? [];
  if (peers.length > 0) {
    lines.push('## Peer reflective discussions', '');
    for (const d of peers)
      lines.push(
        `- ${longPlainDate(d.date)}: with ${markdownText(d.partners.join(', ') || 'your peer support partner', 'inline')}, about ${markdownText(d.theme, 'inline')}`,
      );
    lines.push('');
  }
  lines.push('---', '', 'Only you can obtain this record. Roundtable does not keep a copy of it.', '');
  return lines.join('\n');
}

/** A record in a regulator's layout (`record-layouts.ts`) as Markdown; the member's words escaped as written. */
export function renderLaidOutMarkdown(doc: LaidOutRecord): string {
  const lines: string[] = [`# ${markdownText(doc.title, 'heading')}`, '', doc.intro, ''];
  for (const b of doc.blocks) {
    if (b.kind === 'h2') lines.push(`## ${markdownText(b.text, 'heading')}`, '');
    else if (b.kind === 'h3') lines.push(`### ${markdownText(b.text, 'heading')}`, '');
    else if (b.kind === 'label') lines.push(`**${b.text}**`, '');
    else if (b.kind === 'missing' || b.kind === 'note') lines.push(`_${b.text}_`, '');
    else lines.push(markdownText(b.text), '');
  }
  lines.push('---', '', 'Only you can obtain this record. Roundtable does not keep a copy of it.', '');
  return lines.join('\n');
}
