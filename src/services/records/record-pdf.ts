/**
 * The record as a PDF, made with pdfkit (never hand-written PDF bytes). Generated on request, in memory, never
 * stored.
 *
 * It is a tagged PDF/UA document: a title shown in the viewer's title bar, a language, and a structure tree of
 * headings and paragraphs, so a screen reader reads it in order. The text is in an embedded Unicode font
 * (`pdf-fonts.ts`), laid out in reading order for right-to-left scripts (`pdf-paragraph.ts`).
 */
import PDFDocument from 'pdfkit';
import {
  ADDED_HEADINGS,
  CODE_THEMES,
  longDate,
  longPlainDate,
  type PracticeRecord,
  reflectiveAccounts,
  totals,
} from '../../core/records/record-model.js';
import type { LaidOutRecord } from '../../core/records/record-layouts.js';
import { type FontRole, recordFonts } from './pdf-fonts.js';
import { drawParagraph, endStructure, type ParagraphStyle } from './pdf-paragraph.js';

const GREY = '#444444';
const H1: ParagraphStyle = { tag: 'H1', font: 'bold', size: 18, after: 4 };
const H2: ParagraphStyle = { tag: 'H2', font: 'bold', size: 13, after: 2 };
const H3: ParagraphStyle = { tag: 'H3', font: 'bold', size: 11, after: 1 };
const BODY: ParagraphStyle = { tag: 'P', font: 'regular', size: 11, after: 2 };
/** Our own English sub-headings only: the oblique weight has no Arabic. */
const LABEL: ParagraphStyle = { tag: 'P', font: 'italic', size: 10, color: GREY };

/**
 * A tagged A4 PDF/UA document with its title shown, in UK English and the record fonts: every record file starts
 * here; `done` resolves with its bytes once {@link closeRecordPdf} ends it.
 */
export function openRecordPdf(
  title: string,
  createdAt: Date,
): { doc: PDFKit.PDFDocument; done: Promise<Buffer> } {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    pdfVersion: '1.7',
    // pdfkit supports PDF/UA; its community types list only the PDF/A subsets.
    subset: 'PDF/UA' as PDFKit.Mixins.PDFSubsets,
    tagged: true,
    lang: 'en-GB',
    displayTitle: true,
    info: { Title: title, Creator: 'Roundtable', CreationDate: createdAt },
  });
  const fonts = recordFonts();
  for (const role of Object.keys(fonts) as FontRole[]) doc.registerFont(role, fonts[role].data);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, done };
}

/** The line every record ends with (or `closing`), then the end of the structure tree and of the file. */
export function closeRecordPdf(
  doc: PDFKit.PDFDocument,
  done: Promise<Buffer>,
  closing = 'Only you can obtain this record. Roundtable does not keep a copy of it.',
): Promise<Buffer> {
  drawParagraph(doc, closing, {
    ...BODY,
    size: 9,
    color: GREY,
  });
  endStructure(doc);
  doc.end();
  return done;
}

export function renderRecordPdf(record: PracticeRecord): Promise<Buffer> {
  const title = `Reflective practice record: ${record.name}`;
  const { doc, done } = openRecordPdf(title, record.generatedAt);
  const z = record.zone;
  const t = totals(record);
  const gap = () => {
    doc.y += 11;
  };

  drawParagraph(doc, title, H1);
  drawParagraph(
    doc,
    `From ${record.from} to ${record.to}. Made on ${longDate(record.generatedAt, z)} from your own Roundtable answers.`,
    { ...BODY, size: 10, color: GREY },
  );
  gap();

  drawParagraph(doc, 'Totals', H2);
  drawParagraph(doc, `Reflections written: ${t.reflections}`, BODY);
  drawParagraph(
    doc,
    `Learning sessions you said you would attend (once they had taken place): ${t.sessions}`,
    BODY,
  );
  drawParagraph(doc, `Hours of learning sessions: ${t.sessionHours}`, BODY);
  gap();

  drawParagraph(doc, 'Learning sessions you said you would attend', H2);
  if (record.sessions.length === 0) drawParagraph(doc, 'None in this period.', BODY);
  for (const s of record.sessions) {
    drawParagraph(
      doc,
      `${longDate(s.start, z)}: ${s.title} (${s.minutes} minutes${s.topic ? `, topic: ${s.topic}` : ''})`,
      BODY,
    );
  }
  gap();

  drawParagraph(doc, 'Reflective accounts', H2);
  const accounts = reflectiveAccounts(record);
  if (accounts.length === 0) drawParagraph(doc, 'No reflections written in this period.', BODY);
  for (const a of accounts) {
    doc.y += 6;
    drawParagraph(doc, `${longDate(a.date, z)}: ${a.source}`, H3);
    for (const s of a.sections) {
      drawParagraph(doc, s.heading, LABEL);
      drawParagraph(doc, s.text, BODY);
    }
    if (a.changed) {
      drawParagraph(doc, ADDED_HEADINGS.changed, LABEL);
      drawParagraph(doc, a.changed, BODY);
    }
    if (a.theme) {
      drawParagraph(doc, ADDED_HEADINGS.theme, LABEL);
      drawParagraph(doc, CODE_THEMES[a.theme], BODY);
    }
    if (a.ref) drawParagraph(doc, `Reference for me record add: ${a.ref}`, { ...BODY, size: 9, color: GREY });
  }
  const peers = record.peerDiscussions ?? [];
  if (peers.length > 0) {
    gap();
    drawParagraph(doc, 'Peer reflective discussions', H2);
    for (const d of peers)
      drawParagraph(
        doc,
        `${longPlainDate(d.date)}: with ${d.partners.join(', ') || 'your peer support partner'}, about ${d.theme}`,
        BODY,
      );
  }
  gap();
  return closeRecordPdf(doc, done);
}

/** A record in a regulator's layout (`record-layouts.ts`) as a tagged PDF, in the same fonts. */
export function renderLaidOutPdf(laid: LaidOutRecord, generatedAt: Date): Promise<Buffer> {
  const { doc, done } = openRecordPdf(laid.title, generatedAt);
  drawParagraph(doc, laid.title, H1);
  drawParagraph(doc, laid.intro, { ...BODY, size: 10, color: GREY });
  for (const b of laid.blocks) {
    if (b.kind === 'h2') {
      doc.y += 11;
      drawParagraph(doc, b.text, H2);
    } else if (b.kind === 'h3') {
      doc.y += 6;
      drawParagraph(doc, b.text, H3);
    } else if (b.kind === 'label') drawParagraph(doc, b.text, { ...BODY, font: 'bold', size: 10 });
    else if (b.kind === 'missing' || b.kind === 'note') drawParagraph(doc, b.text, LABEL);
    else drawParagraph(doc, b.text, BODY);
  }
  doc.y += 11;
  return closeRecordPdf(doc, done);
}
