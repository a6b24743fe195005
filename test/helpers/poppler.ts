import { execFileSync } from 'node:child_process';

/**
 * What poppler (the PDF engine behind many desktop viewers) reads from a PDF: `pdftotext` for the text a person can
 * copy or a screen reader speaks, `pdfinfo` for the document's metadata. Debian's `poppler-utils`; `.ci/run` installs it.
 */
export function popplerText(pdf: Buffer): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: pdf }).toString('utf8');
}

export function popplerInfo(pdf: Buffer): string {
  return execFileSync('pdfinfo', ['-'], { input: pdf }).toString('utf8');
}

/** Every word poppler finds, with its box in points from the page's top left (`pdftotext -bbox`). */
export function popplerWords(pdf: Buffer): Array<{ text: string; xMin: number; xMax: number }> {
  const html = execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', '-', '-'], { input: pdf }).toString(
    'utf8',
  );
  return [
    ...html.matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g),
  ].map((m) => ({ text: m[3]!, xMin: Number(m[1]), xMax: Number(m[2]) }));
}
