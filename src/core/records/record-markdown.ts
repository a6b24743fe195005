import { longDate, type PracticeRecord, reflectiveAccounts, totals } from './record-model.js';

/** Markdown special characters in a person's words are escaped, so their text stays text. */
function md(text: string): string {
  return text.replace(/([\\`*_{}[\]()#+\-.!|>~<])/g, '\\$1').replace(/\r?\n/g, '  \n');
}

/** The record as Markdown: totals, sessions attended, then each reflective account under its headings. */
export function renderRecordMarkdown(record: PracticeRecord): string {
  const t = totals(record);
  const z = record.zone;
  const lines: string[] = [
    `# Reflective practice record: ${md(record.name)}`,
    '',
    `From ${record.from} to ${record.to}. Made on ${longDate(record.generatedAt, z)} from your own Roundtable answers.`,
    '',
    '## Totals',
    '',
    `- Reflections written: ${t.reflections}`,
    `- Learning sessions attended: ${t.sessions}`,
    `- Hours of learning sessions: ${t.sessionHours}`,
    '',
    '## Learning sessions attended',
    '',
  ];
  if (record.sessions.length === 0) lines.push('None in this period.', '');
  for (const s of record.sessions) {
    lines.push(
      `- ${longDate(s.start, z)}: ${md(s.title)} (${s.minutes} minutes${s.topic ? `, topic: ${md(s.topic)}` : ''})`,
    );
  }
  lines.push('', '## Reflective accounts', '');
  const accounts = reflectiveAccounts(record);
  if (accounts.length === 0) lines.push('No reflections written in this period.', '');
  for (const a of accounts) {
    lines.push(`### ${longDate(a.date, z)}: ${md(a.source)}`, '');
    for (const s of a.sections) lines.push(`**${s.heading}**`, '', md(s.text), '');
  }
  lines.push('---', '', 'Only you can obtain this record. Roundtable does not keep a copy of it.', '');
  return lines.join('\n');
}
