import { PDFParse } from 'pdf-parse';

/** The text of a PDF, extracted with a real PDF parser (so the test reads what a person's viewer would show). */
export async function pdfText(pdf: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    const result = await parser.getText();
    return result.text;
  } finally {
    await parser.destroy();
  }
}
