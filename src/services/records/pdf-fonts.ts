/**
 * The fonts embedded in the PDF record, and what to print for a character none of them can draw.
 *
 * DejaVu Sans (OFL, packaged by Fontsource) covers Latin with its extensions (Welsh ŵ ŷ, Polish ł ż), Greek,
 * Cyrillic, Arabic and Hebrew in its book and bold weights: one family, so a line never changes font mid-word.
 * pdfkit embeds only the glyphs used. Its oblique weights have no Arabic, so only our own English headings use them.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';
import * as fontkit from 'fontkit';

const require = createRequire(import.meta.url);

export type FontRole = 'regular' | 'bold' | 'italic';

const FILES: Record<FontRole, string> = {
  regular: '@fontsource/dejavu-sans/files/dejavu-sans-latin-400-normal.woff',
  bold: '@fontsource/dejavu-sans/files/dejavu-sans-latin-700-normal.woff',
  italic: '@fontsource/dejavu-sans/files/dejavu-sans-latin-400-italic.woff',
};

export interface RecordFont {
  /** The font file, handed to pdfkit to embed (subset). */
  data: Buffer;
  covers(codePoint: number): boolean;
}

let loaded: Record<FontRole, RecordFont> | undefined;

/** The record's fonts, read once from the installed package. */
export function recordFonts(): Record<FontRole, RecordFont> {
  if (!loaded) {
    const load = (role: FontRole): RecordFont => {
      const data = woffToSfnt(readFileSync(require.resolve(FILES[role])));
      const font = fontkit.create(data);
      const known = new Map<number, boolean>();
      const covers = (cp: number) => {
        let has = known.get(cp);
        if (has === undefined) {
          has = font.hasGlyphForCodePoint(cp);
          known.set(cp, has);
        }
        return has;
      };
      return { data, covers };
    };
    loaded = { regular: load('regular'), bold: load('bold'), italic: load('italic') };
  }
  return loaded;
}

/**
 * The plain TrueType font inside a WOFF 1.0 file (W3C WOFF, section 5: each table zlib-compressed on its own).
 * pdfkit would otherwise decompress the tables again for every document, which made each record take seconds.
 */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.readUInt32BE(0) !== 0x774f4646) return woff; // not 'wOFF': already a plain font
  const numTables = woff.readUInt16BE(12);
  const tables: Array<{ tag: number; checksum: number; data: Buffer }> = [];
  for (let i = 0; i < numTables; i++) {
    const entry = 44 + i * 20;
    const offset = woff.readUInt32BE(entry + 4);
    const compLength = woff.readUInt32BE(entry + 8);
    const origLength = woff.readUInt32BE(entry + 12);
    const stored = woff.subarray(offset, offset + compLength);
    tables.push({
      tag: woff.readUInt32BE(entry),
      checksum: woff.readUInt32BE(entry + 16),
      data: compLength < origLength ? inflateSync(stored) : stored,
    });
  }
  const pad = (n: number) => (n + 3) & ~3;
  let size = 12 + 16 * numTables;
  for (const t of tables) size += pad(t.data.length);
  const out = Buffer.alloc(size);
  const searchRange = 2 ** Math.floor(Math.log2(numTables)) * 16;
  out.writeUInt32BE(woff.readUInt32BE(4), 0); // flavor: the sfnt version
  out.writeUInt16BE(numTables, 4);
  out.writeUInt16BE(searchRange, 6);
  out.writeUInt16BE(Math.log2(searchRange / 16), 8);
  out.writeUInt16BE(numTables * 16 - searchRange, 10);
  let at = 12 + 16 * numTables;
  tables.forEach((t, i) => {
    const entry = 12 + i * 16;
    out.writeUInt32BE(t.tag, entry);
    out.writeUInt32BE(t.checksum, entry + 4);
    out.writeUInt32BE(at, entry + 8);
    out.writeUInt32BE(t.data.length, entry + 12);
    t.data.copy(out, at);
    at += pad(t.data.length);
  });
  return out;
}

/**
 * Characters that draw nothing by themselves (joiners, variation selectors, direction marks). A font need not have
 * them; leaving one out changes no letter a person reads.
 */
function invisible(c: string): boolean {
  const cp = c.codePointAt(0)!;
  return (
    (cp >= 0x200b && cp <= 0x200f) ||
    cp === 0x2060 ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    (cp >= 0xe0100 && cp <= 0xe01ef)
  );
}

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * The text with every character the font cannot draw made visible instead of lost: each grapheme (a letter with
 * its accents, an emoji with its skin tone) that the font lacks becomes its code points, e.g. `[U+1F642]`. A PDF
 * viewer would otherwise show an empty box, and text extraction a `?` or nothing.
 */
export function visibleText(text: string, font: RecordFont): string {
  let out = '';
  for (const { segment } of segmenter.segment(text)) {
    const points = [...segment];
    const missing = points.some((c) => !invisible(c) && !font.covers(c.codePointAt(0)!));
    if (!missing) {
      out += points.filter((c) => !invisible(c) || font.covers(c.codePointAt(0)!)).join('');
      continue;
    }
    const shown = points.filter((c) => !invisible(c));
    out += `[${shown.map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`).join(' ')}]`;
  }
  return out;
}
