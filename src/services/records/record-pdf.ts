/**
 * The record as a PDF, made with pdfkit (never hand-written PDF bytes). Generated on request, in memory, never
 * stored.
 */
import PDFDocument from 'pdfkit';
import {
  longDate,
  type PracticeRecord,
  reflectiveAccounts,
  totals,
} from '../../core/records/record-model.js';

/**
 * pdfkit's built-in fonts cover Latin text (WinAnsi). Characters outside it (emoji, most non-Latin scripts) would
 * print as garbage, so they are shown as a placeholder; the Markdown format keeps every character.
 */
function printable(text: string): string {
  return text.replace(
    /[^\u0009\u000a\u000d\u0020-\u007e\u00a0-\u00ff\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u20ac]/gu,
    '?',
  );
}

export function renderRecordPdf(record: PracticeRecord): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: { Title: 'Reflective practice record', Creator: 'Roundtable' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const z = record.zone;
  const t = totals(record);

  doc
    .font('Helvetica-Bold')
    .fontSize(18)
    .text(printable(`Reflective practice record: ${record.name}`));
  doc.moveDown(0.3);
  doc
    .font('Helvetica')
    .fontSize(10)
    .fillColor('#444444')
    .text(
      `From ${record.from} to ${record.to}. Made on ${longDate(record.generatedAt, z)} from your own Roundtable answers.`,
    );
  doc.fillColor('#000000').moveDown();

  doc.font('Helvetica-Bold').fontSize(13).text('Totals');
  doc.font('Helvetica').fontSize(11);
  doc.text(`Reflections written: ${t.reflections}`);
  doc.text(`Learning sessions attended: ${t.sessions}`);
  doc.text(`Hours of learning sessions: ${t.sessionHours}`);
  doc.moveDown();

  doc.font('Helvetica-Bold').fontSize(13).text('Learning sessions attended');
  doc.font('Helvetica').fontSize(11);
  if (record.sessions.length === 0) doc.text('None in this period.');
  for (const s of record.sessions) {
    doc.text(
      printable(
        `${longDate(s.start, z)}: ${s.title} (${s.minutes} minutes${s.topic ? `, topic: ${s.topic}` : ''})`,
      ),
    );
  }
  doc.moveDown();

  doc.font('Helvetica-Bold').fontSize(13).text('Reflective accounts');
  const accounts = reflectiveAccounts(record);
  if (accounts.length === 0)
    doc.font('Helvetica').fontSize(11).text('No reflections written in this period.');
  for (const a of accounts) {
    doc.moveDown(0.6);
    doc
      .font('Helvetica-Bold')
      .fontSize(11)
      .text(printable(`${longDate(a.date, z)}: ${a.source}`));
    for (const s of a.sections) {
      doc.font('Helvetica-Oblique').fontSize(10).text(s.heading);
      doc.font('Helvetica').fontSize(11).text(printable(s.text));
    }
  }
  doc.moveDown();
  doc
    .font('Helvetica')
    .fontSize(9)
    .fillColor('#444444')
    .text('Only you can obtain this record. Roundtable does not keep a copy of it.');
  doc.end();
  return done;
}
