// docs/spec/orders.md §8: a document's declared type must be one of four and match its first bytes;
// at most 10 MiB.
import { describe, expect, it } from 'vitest';
import {
  type ContentProblem,
  checkDocumentContent,
  MAX_DOCUMENT_BYTES,
  mediaTypeOf,
  sniffContentType,
} from '../../../src/domain/orders/content-type.js';

const bytes = (...head: number[]) => new Uint8Array([...head, 0x00, 0x01, 0x02, 0x03]);
const ascii = (s: string) => new Uint8Array([...Buffer.from(s, 'latin1')]);

const PDF = ascii('%PDF-1.7\n%âãÏÓ\n');
const PNG = bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
const JPEG = bytes(0xff, 0xd8, 0xff, 0xe0);
const TIFF_LE = bytes(0x49, 0x49, 0x2a, 0x00);
const TIFF_BE = bytes(0x4d, 0x4d, 0x00, 0x2a);
const GIF = ascii('GIF89a....');
const ZIP = bytes(0x50, 0x4b, 0x03, 0x04);

describe('document content (§8)', () => {
  const accepted: [string, Uint8Array, string][] = [
    ['application/pdf', PDF, 'application/pdf'],
    ['image/png', PNG, 'image/png'],
    ['image/jpeg', JPEG, 'image/jpeg'],
    ['image/tiff', TIFF_LE, 'image/tiff'],
    ['image/tiff', TIFF_BE, 'image/tiff'],
    // The header's parameters and case do not matter.
    ['Application/PDF; name="loa.pdf"', PDF, 'application/pdf'],
    [' image/png ', PNG, 'image/png'],
  ];
  it.each(accepted)('accepts %s with matching bytes', (declared, body, type) => {
    expect(checkDocumentContent(declared, body)).toEqual({ ok: true, contentType: type });
  });

  const refused: [string | undefined, Uint8Array, ContentProblem, RegExp][] = [
    // Declared types outside the four.
    ['image/gif', GIF, 'unsupported_type', /image\/gif is not accepted/],
    ['application/zip', ZIP, 'unsupported_type', /application\/zip/],
    ['application/octet-stream', PDF, 'unsupported_type', /application\/octet-stream/],
    ['image/jpg', JPEG, 'unsupported_type', /image\/jpg/],
    ['text/plain', ascii('hello'), 'unsupported_type', /text\/plain/],
    [undefined, PDF, 'unsupported_type', /without a Content-Type/],
    ['', PDF, 'unsupported_type', /without a Content-Type/],
    // Allowed types whose bytes say otherwise: the message names what the bytes are.
    ['application/pdf', PNG, 'content_mismatch', /sent as application\/pdf .* a PNG image \(image\/png\)/],
    ['image/png', PDF, 'content_mismatch', /a PDF \(application\/pdf\)/],
    ['image/jpeg', TIFF_BE, 'content_mismatch', /a TIFF image/],
    ['image/tiff', JPEG, 'content_mismatch', /a JPEG image/],
    ['application/pdf', GIF, 'content_mismatch', /not those of any accepted type/],
    ['application/pdf', ZIP, 'content_mismatch', /not those of any accepted type/],
    // A prefix cut short is not the signature; neither is one a byte off.
    ['application/pdf', ascii('%PDF'), 'content_mismatch', /not those/],
    [
      'image/png',
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a]),
      'content_mismatch',
      /not those/,
    ],
    ['image/tiff', bytes(0x49, 0x49, 0x2b, 0x00), 'content_mismatch', /not those/],
    ['application/pdf', ascii(' %PDF-1.4'), 'content_mismatch', /not those/],
    ['application/pdf', new Uint8Array(0), 'empty', /empty/],
  ];
  it.each(refused)('refuses %s with the given bytes', (declared, body, problem, detail) => {
    const r = checkDocumentContent(declared, body);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problem).toBe(problem);
    expect(r.detail).toMatch(detail);
  });

  it('takes 10 MiB exactly and refuses one byte more', () => {
    expect(MAX_DOCUMENT_BYTES).toBe(10_485_760);
    const max = new Uint8Array(MAX_DOCUMENT_BYTES);
    max.set(PDF);
    expect(checkDocumentContent('application/pdf', max)).toEqual({
      ok: true,
      contentType: 'application/pdf',
    });
    const over = new Uint8Array(MAX_DOCUMENT_BYTES + 1);
    over.set(PDF);
    const r = checkDocumentContent('application/pdf', over);
    expect(r).toMatchObject({ ok: false, problem: 'too_large' });
    if (!r.ok) expect(r.detail).toContain('10485761 bytes');
  });

  it('an unsupported type is refused as such even when too large', () => {
    expect(checkDocumentContent('image/gif', new Uint8Array(MAX_DOCUMENT_BYTES + 1))).toMatchObject({
      problem: 'unsupported_type',
    });
  });

  it('sniffs the type from the first bytes alone', () => {
    expect([PDF, PNG, JPEG, TIFF_LE, TIFF_BE, GIF].map(sniffContentType)).toEqual([
      'application/pdf',
      'image/png',
      'image/jpeg',
      'image/tiff',
      'image/tiff',
      null,
    ]);
  });

  it('reads the media type of a header', () => {
    expect(mediaTypeOf('Image/TIFF;x=1')).toBe('image/tiff');
    expect(mediaTypeOf('   ')).toBeNull();
    expect(mediaTypeOf(null)).toBeNull();
  });
});
