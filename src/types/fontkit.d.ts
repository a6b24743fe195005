/** The little of fontkit (pdfkit's own font engine) that the record needs: which characters a font can draw. */
declare module 'fontkit' {
  export interface Font {
    hasGlyphForCodePoint(codePoint: number): boolean;
  }
  export function create(buffer: Buffer): Font;
}
