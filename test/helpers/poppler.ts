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
