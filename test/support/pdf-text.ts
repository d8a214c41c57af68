// Reads a PDF back with another implementation (Mozilla's pdf.js, legacy build for Node) so that a
// test sees what a reader sees: the page count, each page's size and its text.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PdfPage {
  width: number;
  height: number;
  /** The page's text items, one per line of the array. */
  items: string[];
}

export async function readPdf(bytes: Uint8Array): Promise<{ pages: PdfPage[]; title: string | null }> {
  // pdf.js takes ownership of (detaches) the buffer it is given: hand it a copy.
  const doc = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, verbosity: 0 })
    .promise;
  try {
    const pages: PdfPage[] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i);
      const [x0, y0, x1, y1] = page.view;
      const content = await page.getTextContent();
      const items = content.items.flatMap((it) => ('str' in it && it.str.trim() !== '' ? [it.str] : []));
      pages.push({ width: x1 - x0, height: y1 - y0, items });
    }
    const info = (await doc.getMetadata()).info as { Title?: string };
    return { pages, title: info.Title ?? null };
  } finally {
    await doc.destroy();
  }
}
