/** SVG to PNG with resvg, in the embedded DejaVu font (the PDF record's), so text renders offline. */
import { Resvg } from '@resvg/resvg-js';
import { recordFonts } from '../records/pdf-fonts.js';

export function svgToPng(svg: string): Buffer {
  const fonts = recordFonts();
  // resvg-js 2.6 reads `fontBuffers` (fonts from memory) but its .d.ts does not declare it yet.
  const font = {
    fontBuffers: [fonts.regular.data, fonts.bold.data],
    loadSystemFonts: false,
    defaultFontFamily: 'DejaVu Sans',
  };
  const resvg = new Resvg(svg, { font });
  return Buffer.from(resvg.render().asPng());
}
