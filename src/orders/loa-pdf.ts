// The letter of agency as a PDF on US Letter (docs/spec/orders.md §8), drawn with pdf-lib from
// loa-content.ts. Page 1 holds the parties, the authorization and the signature block; up to
// INLINE_NUMBERS numbers are listed there too, more go to "Attachment A" pages after it, so that
// an order of hundreds of numbers still has one page to sign. Every page's footer names the order
// and its page count, tying the attachment to the signed page.
import {
  type PDFDocument as Doc,
  PageSizes,
  PDFDocument,
  type PDFFont,
  type PDFPage,
  rgb,
  StandardFonts,
} from 'pdf-lib';
import type { Order } from '../domain/orders/types.js';
import { type LoaContent, type LoaField, loaContent } from './loa-content.js';

const [WIDTH, HEIGHT] = PageSizes.Letter; // 612 × 792 pt
const MARGIN = 54; // 0.75 in
const RIGHT = WIDTH - MARGIN;
const BOTTOM = 64; // the body stops here; the footer sits below
const LABEL_WIDTH = 190;
const GREY = rgb(0.35, 0.35, 0.35);
const BLACK = rgb(0, 0, 0);

/** Numbers listed on page 1; beyond this they all go to the attachment. */
export const INLINE_NUMBERS = 24;
const NUMBER_COLUMNS = 5;
const NUMBER_CELL = (RIGHT - MARGIN) / NUMBER_COLUMNS;

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
}

/**
 * The standard fonts encode WinAnsi only, and pdf-lib throws on anything else: letters with marks it
 * lacks lose them (NFKD), other characters become `?`, and any run of whitespace or control characters
 * is one space (a name with a newline must not break the layout).
 */
function encoder(font: PDFFont): (s: string) => string {
  const ok = new Set(font.getCharacterSet());
  const one = (ch: string): string => {
    if (ok.has(ch.codePointAt(0)!)) return ch;
    const base = ch.normalize('NFKD').replace(/\p{M}/gu, '');
    return [...base].every((c) => ok.has(c.codePointAt(0)!)) && base !== '' ? base : '?';
  };
  return (s) => [...s.replace(/[\s\p{Cc}]+/gu, ' ')].map(one).join('');
}

/** Lines of at most `width` points; a word wider than a line is cut where it must be. */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const fits = (s: string) => font.widthOfTextAtSize(s, size) <= width;
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ').filter((w) => w !== '')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (fits(candidate)) {
      line = candidate;
      continue;
    }
    if (line !== '') lines.push(line);
    line = word;
    while (!fits(line)) {
      let cut = line.length - 1;
      while (cut > 1 && !fits(line.slice(0, cut))) cut--;
      lines.push(line.slice(0, cut));
      line = line.slice(cut);
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}

/** A cursor down the pages: starts a new page when the next block does not fit. */
class Layout {
  page!: PDFPage;
  y = 0;
  /** Written at the top of each further page (the attachment's continuation). */
  continuation: string | null = null;
  private readonly clean: (s: string) => string;

  constructor(
    readonly doc: Doc,
    readonly fonts: Fonts,
  ) {
    this.clean = encoder(fonts.regular);
    this.newPage();
  }

  newPage(): void {
    this.page = this.doc.addPage([WIDTH, HEIGHT]);
    this.y = HEIGHT - MARGIN;
    if (this.continuation) {
      this.text(this.continuation, MARGIN, 12, true);
      this.y -= 24;
    }
  }

  /** Makes room for `height` points, on a new page if need be. */
  ensure(height: number): void {
    if (this.y - height < BOTTOM) this.newPage();
  }

  text(s: string, x: number, size: number, bold = false, color = BLACK): void {
    this.page.drawText(this.clean(s), {
      x,
      y: this.y - size,
      size,
      font: bold ? this.fonts.bold : this.fonts.regular,
      color,
    });
  }

  /** Wrapped lines of `s` from `x` to the right margin; returns them for measuring. */
  lines(s: string, x: number, size: number, bold = false): string[] {
    return wrap(this.clean(s), bold ? this.fonts.bold : this.fonts.regular, size, RIGHT - x);
  }

  heading(s: string): void {
    this.ensure(40);
    this.y -= 10;
    this.text(s, MARGIN, 12, true);
    this.y -= 18;
  }

  paragraph(s: string, size = 10, leading = 14): void {
    for (const line of this.lines(s, MARGIN, size)) {
      this.ensure(leading);
      this.text(line, MARGIN, size);
      this.y -= leading;
    }
    this.y -= 6;
  }

  field(f: LoaField): void {
    const values = this.lines(f.value, MARGIN + LABEL_WIDTH, 10);
    this.ensure(14 * values.length);
    this.text(f.label, MARGIN, 9, false, GREY);
    for (const v of values) {
      this.text(v, MARGIN + LABEL_WIDTH, 10);
      this.y -= 14;
    }
  }

  numbers(list: readonly string[]): void {
    for (let i = 0; i < list.length; i += NUMBER_COLUMNS) {
      this.ensure(14);
      list.slice(i, i + NUMBER_COLUMNS).forEach((n, col) => {
        this.text(n, MARGIN + col * NUMBER_CELL, 10);
      });
      this.y -= 14;
    }
  }

  /** A line to write on, with its label under it (and a value printed on it when known). */
  signatureLine(label: string, x: number, width: number, value: string | null): void {
    const lineY = this.y - 28;
    if (value)
      this.page.drawText(this.clean(value), { x: x + 2, y: lineY + 4, size: 11, font: this.fonts.regular });
    this.page.drawLine({
      start: { x, y: lineY },
      end: { x: x + width, y: lineY },
      thickness: 0.8,
      color: BLACK,
    });
    this.page.drawText(this.clean(label), {
      x,
      y: lineY - 11,
      size: 8,
      font: this.fonts.regular,
      color: GREY,
    });
  }
}

function header(l: Layout, c: LoaContent): void {
  l.text(c.title, MARGIN, 20, true);
  const date = `Date: ${c.dateLong}`;
  l.y -= 10; // on the title's baseline
  l.text(date, RIGHT - l.fonts.regular.widthOfTextAtSize(date, 10), 10);
  l.y -= 18;
  l.text(c.reference, MARGIN, 10, false, GREY);
  l.y -= 16;
}

function signature(l: Layout, c: LoaContent): void {
  l.heading('Signature of the authorized person');
  l.ensure(100);
  const half = (RIGHT - MARGIN - 24) / 2;
  const second = MARGIN + half + 24;
  l.signatureLine('Authorized signature', MARGIN, half, null);
  l.signatureLine('Date', second, half, null);
  l.y -= 48;
  l.signatureLine('Printed name', MARGIN, half, c.signature.printedName);
  l.signatureLine('Title', second, half, null);
  l.y -= 48;
}

function footers(doc: Doc, fonts: Fonts, c: LoaContent, entity: string): void {
  const clean = encoder(fonts.regular);
  const pages = doc.getPages();
  pages.forEach((page, i) => {
    const text = clean(`${c.title} | ${entity} | ${c.reference} | Page ${i + 1} of ${pages.length}`);
    page.drawText(text, { x: MARGIN, y: 32, size: 8, font: fonts.regular, color: GREY });
  });
}

export interface LoaOptions {
  /** The LOA's date. */
  now: Date;
  /** The order settings' time zone, in which that date is read. */
  timeZone: string;
}

/** The order's letter of agency, ready to sign: the bytes of a PDF. */
export async function renderLoaPdf(order: Order, { now, timeZone }: LoaOptions): Promise<Uint8Array> {
  const c = loaContent(order, now, timeZone);
  const doc = await PDFDocument.create();
  const fonts = {
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
  };
  // Fixed metadata, so the same order on the same day gives the same document.
  doc.setTitle(`${c.title}: ${c.reference}`);
  doc.setSubject('Authorization to port telephone numbers');
  doc.setCreator('portcheck');
  doc.setProducer('portcheck (pdf-lib)');
  doc.setCreationDate(now);
  doc.setModificationDate(now);

  const l = new Layout(doc, fonts);
  header(l, c);
  for (const s of c.sections) {
    l.heading(s.heading);
    for (const f of s.fields) l.field(f);
  }
  const inline = c.numbers.length <= INLINE_NUMBERS;
  l.heading(`Telephone numbers (${c.numbers.length})`);
  if (inline) l.numbers(c.numbers);
  else
    l.paragraph(`All ${c.numbers.length} numbers are listed in Attachment A, which is part of this letter.`);
  l.heading('Authorization');
  for (const p of c.authorization) l.paragraph(p);
  signature(l, c);
  if (!inline) {
    l.continuation = `Attachment A: telephone numbers (${c.numbers.length})`;
    l.newPage();
    l.continuation += ', continued';
    l.numbers(c.numbers);
  }
  const entity = c.sections[0].fields[0].value;
  footers(doc, fonts, c, entity);
  return doc.save();
}
