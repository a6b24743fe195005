/**
 * The evidence export as a one-page, tagged PDF (the record's fonts and structure: `record-pdf.ts`), laid out from
 * the same rows as the CSV (`src/core/reports/evidence-export.ts`). The disclosure rule is stated under the title.
 */
import { type Evidence, evidencePage } from '../../core/reports/evidence-export.js';
import { closeRecordPdf, openRecordPdf } from '../records/record-pdf.js';
import { drawParagraph, type ParagraphStyle } from '../records/pdf-paragraph.js';

const STYLES: Record<ReturnType<typeof evidencePage>[number]['style'], ParagraphStyle> = {
  title: { tag: 'H1', font: 'bold', size: 15, after: 2 },
  heading: { tag: 'H2', font: 'bold', size: 11, after: 1 },
  body: { tag: 'P', font: 'regular', size: 8.5, after: 0.5 },
  rule: { tag: 'P', font: 'regular', size: 8.5, color: '#222222', after: 2 },
  small: { tag: 'P', font: 'regular', size: 7.5, color: '#444444', after: 0.5 },
};

export function renderEvidencePdf(evidence: Evidence, generatedAt: Date): Promise<Buffer> {
  const { doc, done } = openRecordPdf(`Roundtable evidence, ${evidence.from} to ${evidence.to}`, generatedAt);
  for (const line of evidencePage(evidence)) {
    if (line.style === 'heading') doc.y += 7;
    drawParagraph(doc, line.text, STYLES[line.style]);
  }
  doc.y += 6;
  return closeRecordPdf(
    doc,
    done,
    'Made by Roundtable for the partnership. Every figure follows the disclosure rule above; the CSV holds every row.',
  );
}
