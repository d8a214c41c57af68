// What a port order's document may be (docs/spec/orders.md §8): one of four types, at most 10 MiB,
// and the bytes must be what the declared type says. The declared type alone is the client's word; the
// first bytes are the file's, so a PNG labelled application/pdf is refused rather than served back to
// a carrier as a PDF.

export const DOCUMENT_CONTENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'image/tiff'] as const;
export type DocumentContentType = (typeof DOCUMENT_CONTENT_TYPES)[number];

/** 10 MiB: the largest document accepted; one byte more is refused. */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

/** Refusals, each mapped by the adapter: unsupported_type 415, too_large 413, the others 422. */
export type ContentProblem = 'unsupported_type' | 'too_large' | 'empty' | 'content_mismatch';

export type ContentCheck =
  | { ok: true; contentType: DocumentContentType }
  | { ok: false; problem: ContentProblem; detail: string };

interface Signature {
  type: DocumentContentType;
  /** Shown in refusals: what the bytes turned out to be. */
  name: string;
  magics: readonly (readonly number[])[];
}

const SIGNATURES: readonly Signature[] = [
  { type: 'application/pdf', name: 'a PDF', magics: [[0x25, 0x50, 0x44, 0x46, 0x2d]] }, // %PDF-
  {
    type: 'image/png',
    name: 'a PNG image',
    magics: [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  },
  { type: 'image/jpeg', name: 'a JPEG image', magics: [[0xff, 0xd8, 0xff]] },
  {
    type: 'image/tiff',
    name: 'a TIFF image',
    magics: [
      [0x49, 0x49, 0x2a, 0x00], // II*\0, little-endian
      [0x4d, 0x4d, 0x00, 0x2a], // MM\0*, big-endian
    ],
  },
];

const startsWith = (bytes: Uint8Array, magic: readonly number[]): boolean =>
  bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);

/** The type the first bytes show, or null when they are none of the four. */
export function sniffContentType(bytes: Uint8Array): DocumentContentType | null {
  for (const s of SIGNATURES) if (s.magics.some((m) => startsWith(bytes, m))) return s.type;
  return null;
}

/**
 * The media type of a Content-Type header without its parameters, lower-cased
 * (`Application/PDF; name=x` → `application/pdf`); null when absent or blank.
 */
export function mediaTypeOf(header: string | null | undefined): string | null {
  const base = header?.split(';', 1)[0]?.trim().toLowerCase() ?? '';
  return base === '' ? null : base;
}

const isAllowed = (t: string): t is DocumentContentType =>
  (DOCUMENT_CONTENT_TYPES as readonly string[]).includes(t);
const nameOf = (t: DocumentContentType): string => SIGNATURES.find((s) => s.type === t)!.name;

/** Checks a document's declared Content-Type header against the rules and its bytes. */
export function checkDocumentContent(declared: string | null | undefined, bytes: Uint8Array): ContentCheck {
  const type = mediaTypeOf(declared);
  if (type === null || !isAllowed(type)) {
    return {
      ok: false,
      problem: 'unsupported_type',
      detail: `${type === null ? 'A document without a Content-Type' : `Content-Type ${type}`} is not accepted; send ${DOCUMENT_CONTENT_TYPES.join(', ')}.`,
    };
  }
  if (bytes.length > MAX_DOCUMENT_BYTES) {
    return {
      ok: false,
      problem: 'too_large',
      detail: `The document is ${bytes.length} bytes; at most ${MAX_DOCUMENT_BYTES} (10 MiB) are accepted.`,
    };
  }
  if (bytes.length === 0) return { ok: false, problem: 'empty', detail: 'The document is empty.' };
  const found = sniffContentType(bytes);
  if (found !== type) {
    return {
      ok: false,
      problem: 'content_mismatch',
      detail: `The document was sent as ${type} but its first bytes are ${found === null ? 'not those of any accepted type' : `those of ${nameOf(found)} (${found})`}.`,
    };
  }
  return { ok: true, contentType: type };
}

const EXTENSIONS: Record<DocumentContentType, string> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/tiff': 'tif',
};

/** The usual file extension of an accepted type (for a filename when the uploader gave none). */
export const extensionOf = (t: DocumentContentType): string => EXTENSIONS[t];
