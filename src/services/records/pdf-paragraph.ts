/**
 * Drawing one paragraph of the record: wrapped to the page, each line in visual order for mixed left-to-right and
 * right-to-left text, and tagged as one structure element so a screen reader reads it as one.
 *
 * pdfkit wraps and draws a line left to right in the order the characters were typed, which is right for English
 * and wrong for Arabic or Hebrew: a line reads backwards. So lines are made here. The Unicode Bidirectional
 * Algorithm (bidi-js) resolves each character's embedding level over the whole paragraph; each line is cut into
 * runs of one level and the runs are put in visual order (UAX #9, rule L2). fontkit then shapes each run as one
 * piece (Arabic letters join) and lays out a right-to-left run from right to left itself.
 */
import { createRequire } from 'node:module';
import type { Bidi } from 'bidi-js';
import { type FontRole, recordFonts, visibleText } from './pdf-fonts.js';

// bidi-js is CommonJS whose `module.exports` is the factory; its types describe it as a default export.
const bidi = (createRequire(import.meta.url)('bidi-js') as () => Bidi)();
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

export interface ParagraphStyle {
  font: FontRole;
  size: number;
  color?: string;
  /** The structure tag: `H1`, `H2`, `H3` or `P`. */
  tag: 'H1' | 'H2' | 'H3' | 'P';
  /** Space after the paragraph, in points. */
  after?: number;
}

interface Run {
  text: string;
  level: number;
}

/**
 * Shaping a right-to-left run as a whole (an empty feature list) stops pdfkit cutting it at spaces before fontkit
 * sees it, which would lay the words out left to right. Other text takes pdfkit's own path, which shapes word by
 * word and remembers each word (much faster for a long record).
 */
const WHOLE_RUN = { features: [] as PDFKit.Mixins.OpenTypeFeatures[] };
const BY_WORD = {};

function layoutOptions(text: string, level = 0) {
  return level % 2 === 1 || STRONG_RTL.test(text) ? WHOLE_RUN : BY_WORD;
}

const STRONG_RTL = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;

/** The runs of one line, [start, end) of the paragraph, in the order they appear on the page from left to right. */
export function visualRuns(text: string, levels: Uint8Array, start: number, end: number): Run[] {
  const runs: Run[] = [];
  for (let i = start; i < end; ) {
    const level = levels[i]!;
    let j = i + 1;
    while (j < end && levels[j] === level) j++;
    runs.push({ text: text.slice(i, j), level });
    i = j;
  }
  if (runs.length === 0) return runs;
  // L2: from the highest level down to the lowest odd one, reverse every sequence of runs at that level or above.
  const highest = Math.max(...runs.map((r) => r.level));
  const lowestOdd = Math.min(...runs.map((r) => (r.level % 2 === 1 ? r.level : r.level + 1)));
  for (let level = highest; level >= lowestOdd; level--) {
    for (let i = 0; i < runs.length; ) {
      if (runs[i]!.level < level) {
        i++;
        continue;
      }
      let j = i;
      while (j < runs.length && runs[j]!.level >= level) j++;
      runs.splice(i, j - i, ...runs.slice(i, j).reverse());
      i = j;
    }
  }
  return runs;
}

/**
 * The characters of a run as they go to the font, so that what fontkit draws reads in visual order. fontkit picks
 * a run's direction from its first letter's script and lays an Arabic or Hebrew run out right to left itself:
 * - a right-to-left run with such letters goes as it is (fontkit reverses it as it shapes the joins);
 * - a right-to-left run of only spaces, digits or punctuation is reversed here;
 * - a left-to-right run that fontkit would still take for Arabic (Arabic-Indic digits, at level 2 inside Arabic
 *   text) is reversed here too, so fontkit's reversal puts the digits back in order.
 * In right-to-left runs brackets are mirrored (UAX #9, rule L4): DejaVu has no `rtlm` feature to do it.
 */
function glyphOrder(run: Run): string {
  const fontkitReverses = STRONG_RTL.test(run.text);
  if (run.level % 2 === 0) return fontkitReverses ? [...run.text].reverse().join('') : run.text;
  const mirrored = [...run.text].map((c) => bidi.getMirroredCharacter(c) ?? c);
  return fontkitReverses ? mirrored.join('') : mirrored.reverse().join('');
}

/** Draw a paragraph at the left margin, starting at `doc.y`, and leave `doc.y` below it. */
export function drawParagraph(doc: PDFKit.PDFDocument, text: string, style: ParagraphStyle): void {
  const font = recordFonts()[style.font];
  doc
    .font(style.font)
    .fontSize(style.size)
    .fillColor(style.color ?? '#000000');
  const left = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const lineHeight = doc.currentLineHeight(true);
  const measure = measurer(doc, style);
  const runWidth = (run: Run) => measure(glyphOrder(run), run.level);

  const element = doc.struct(style.tag, {}, () => {
    for (const paragraph of text.replace(/\t/g, ' ').split(/\r?\n/)) {
      const visible = visibleText(paragraph, font);
      const levels = bidi.getEmbeddingLevels(visible);
      const rtl = (levels.paragraphs[0]?.level ?? 0) % 2 === 1;
      for (const [start, end] of wrap(visible, measure, width)) {
        if (doc.y + lineHeight > doc.page.maxY()) {
          doc.addPage();
          doc
            .font(style.font)
            .fontSize(style.size)
            .fillColor(style.color ?? '#000000');
        }
        const runs = visualRuns(visible, levels.levels, start, end);
        const total = runs.reduce((sum, r) => sum + runWidth(r), 0);
        let x = rtl ? left + width - total : left;
        const y = doc.y;
        for (const run of runs) {
          const shown = glyphOrder(run);
          doc.text(shown, x, y, { lineBreak: false, ...layoutOptions(shown, run.level) });
          x += runWidth(run);
        }
        doc.x = left;
        doc.y = y + lineHeight;
      }
    }
  });
  currentDocument(doc).add(element);
  element.end();
  doc.y += style.after ?? 0;
}

/**
 * Greedy line breaking at spaces: the [start, end) of each line, trailing spaces left out. A line's width is the sum
 * of its words and the spaces between them, each shaped on its own (Arabic letters join within a word, never
 * across a space), so each piece is measured once. A word wider than the line (a long link) is cut between
 * graphemes.
 */
export function wrap(text: string, measure: (piece: string) => number, max: number): Array<[number, number]> {
  const lines: Array<[number, number]> = [];
  const words: Array<[number, number]> = [];
  for (const m of text.matchAll(/\S+/g)) words.push([m.index, m.index + m[0].length]);
  if (words.length === 0) return [[0, 0]];
  let start = words[0]![0];
  let end = start;
  let width = 0;
  for (const [ws, we] of words) {
    const word = measure(text.slice(ws, we));
    const joined = end > start ? width + measure(text.slice(end, ws)) + word : word;
    if (end > start && joined > max) {
      lines.push([start, end]);
      start = ws;
      width = word;
    } else {
      width = joined;
    }
    if (width > max) {
      // One word alone is too wide: cut it between graphemes.
      width = 0;
      for (const { index, segment } of graphemes.segment(text.slice(ws, we))) {
        const at = ws + index;
        const w = measure(segment);
        if (at > start && width + w > max) {
          lines.push([start, at]);
          start = at;
          width = 0;
        }
        width += w;
      }
    }
    end = we;
  }
  lines.push([start, end]);
  return lines;
}

const widths = new WeakMap<PDFKit.PDFDocument, Map<string, number>>();

/**
 * The width of a piece of text in the paragraph's font and size, shaped as one run, remembered for the document
 * (a record repeats its words, and shaping is the slow part of making it).
 */
function measurer(doc: PDFKit.PDFDocument, style: ParagraphStyle): (piece: string, level?: number) => number {
  const known = widths.get(doc) ?? new Map<string, number>();
  widths.set(doc, known);
  return (piece, level = 0) => {
    const key = `${style.font}|${style.size}|${level % 2}|${piece}`;
    let w = known.get(key);
    if (w === undefined) {
      w = doc.widthOfString(piece, layoutOptions(piece, level));
      known.set(key, w);
    }
    return w;
  };
}

const roots = new WeakMap<PDFKit.PDFDocument, PDFKit.PDFStructureElement>();

/** The document's one `Document` structure element, which every paragraph is a child of. */
function currentDocument(doc: PDFKit.PDFDocument): PDFKit.PDFStructureElement {
  let root = roots.get(doc);
  if (!root) {
    root = doc.struct('Document');
    doc.addStructure(root);
    roots.set(doc, root);
  }
  return root;
}

/** End the document's structure tree; call once, just before `doc.end()`. */
export function endStructure(doc: PDFKit.PDFDocument): void {
  roots.get(doc)?.end();
  mapLigaturesInReadingOrder(doc);
}

/** What pdfkit keeps per embedded font: the Unicode text of each glyph, for the font's ToUnicode map. */
interface EmbeddedFontText {
  unicode?: Array<number[] | undefined>;
}

/**
 * A glyph that stands for several Arabic or Hebrew letters (lam-alef, لا) is mapped, in the font's ToUnicode
 * table, to its letters in visual order. PDF readers (poppler, pdf.js) take a right-to-left line's characters as
 * laid out from left to right and reverse them all; with the letters in typing order inside the glyph, that
 * reversal turns "الأسبوع" into "األسبوع". Such a glyph is only ever drawn inside a right-to-left run, so the swap
 * is always right. pdfkit writes the table from this array when the document ends (pdfkit is pinned exactly).
 */
function mapLigaturesInReadingOrder(doc: PDFKit.PDFDocument): void {
  const families =
    (doc as unknown as { _fontFamilies?: Record<string, EmbeddedFontText> })._fontFamilies ?? {};
  // One font is listed under its family name and its PostScript name: swap each once.
  for (const font of new Set(Object.values(families))) {
    font.unicode?.forEach((points, gid, table) => {
      if (points && points.length > 1 && points.every((p) => STRONG_RTL.test(String.fromCodePoint(p)))) {
        table[gid] = [...points].reverse();
      }
    });
  }
}
