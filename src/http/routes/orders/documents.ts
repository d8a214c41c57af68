// An order's documents (docs/spec/orders.md §8): POST …/documents?type= takes the file as the raw
// body, GET …/documents/{doc} gives it back, GET …/loa.pdf is the letter of agency to sign. Served
// under /v2/portorders and /portorders. The body is read only after the declared type and length
// passed (415 and 413 cost no upload); the bytes are then checked against the declared type.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, onRequestHookHandler } from 'fastify';
import {
  checkDocumentContent,
  DOCUMENT_CONTENT_TYPES,
  type DocumentContentType,
  extensionOf,
  MAX_DOCUMENT_BYTES,
  mediaTypeOf,
} from '../../../domain/orders/content-type.js';
import type { DocumentType, OrderDocument } from '../../../domain/orders/types.js';
import { DOCUMENT_TYPES } from '../../../domain/orders/types.js';
import { renderLoaPdf } from '../../../orders/loa-pdf.js';
import type { OrderService } from '../../../orders/service.js';
import { ApiError } from '../../errors/catalogue.js';
import type { ValidationTable } from '../../errors/validation.js';
import { StringEnum } from '../../schemas/common.js';
import { ErrorBodySchema } from '../../schemas/error.js';
import { actorOf, idempotent, ifMatch, sha256 } from './preconditions.js';

export interface DocumentRouteOptions {
  service: OrderService;
  /** Authentication whose in-flight weight allows for a 10 MiB document. */
  authenticate: onRequestHookHandler;
}

const PREFIXES = ['/v2/portorders', '/portorders'] as const;

const QUERY_VALIDATION: ValidationTable = {
  rules: [],
  fallback: `Say what the document is: ?type= one of ${DOCUMENT_TYPES.join(', ')}.`,
};

/** A document as the API shows it; `order` is the order's path (`/v2/portorders/po_…`). */
export function documentResource(d: OrderDocument, order: string) {
  return {
    type: 'document' as const,
    id: d.id,
    attributes: {
      type: d.type,
      filename: d.filename,
      content_type: d.contentType,
      size: d.size,
      sha256: d.sha256,
      uploaded_at: d.uploadedAt,
    },
    links: { self: `${order}/documents/${encodeURIComponent(d.id)}`, order },
  };
}

/** A name safe in a header and on a disk: no path, quotes or control characters, at most 200 characters. */
export function cleanFilename(
  name: string | undefined,
  type: DocumentType,
  contentType: DocumentContentType,
): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const clean = [...base]
    .filter((ch) => ch !== '"' && ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f)
    .join('')
    .trim()
    .slice(0, 200);
  return clean === '' || clean === '.' || clean === '..' ? `${type}.${extensionOf(contentType)}` : clean;
}

/** `attachment` with an ASCII fallback and the exact name in RFC 5987 form. */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/[\\"]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** 415 and 413 from the headers alone, before any of the body is read. */
const checkHeaders: onRequestHookHandler = (request, _reply, done) => {
  const type = mediaTypeOf(request.headers['content-type']);
  if (type === null || !(DOCUMENT_CONTENT_TYPES as readonly string[]).includes(type)) {
    done(
      new ApiError(
        'unsupported_media_type',
        `Send the document as ${DOCUMENT_CONTENT_TYPES.join(', ')}, with that Content-Type.`,
      ),
    );
    return;
  }
  if (Number(request.headers['content-length']) > MAX_DOCUMENT_BYTES) {
    done(tooLarge());
    return;
  }
  done();
};

const tooLarge = () =>
  new ApiError('payload_too_large', `A document may be at most ${MAX_DOCUMENT_BYTES} bytes (10 MiB).`);

const noStore = (reply: FastifyReply) =>
  reply.header('cache-control', 'private, no-store').header('x-content-type-options', 'nosniff');

export async function documentRoutes(app: FastifyInstance, options: DocumentRouteOptions): Promise<void> {
  const { service, authenticate } = options;
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  // In this plugin only: the body as bytes, whatever its type (checkHeaders has refused the others).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_DOCUMENT_BYTES }, (_req, body, done) =>
    done(null, body),
  );

  const errors = { description: 'An error from the catalogue', ...ErrorBodySchema };
  const OrderParams = Type.Object({ id: Type.String({ maxLength: 100 }) });
  const DocParams = Type.Object({
    id: Type.String({ maxLength: 100 }),
    doc: Type.String({ maxLength: 100 }),
  });
  const DocumentResource = Type.Object({
    data: Type.Object({
      type: Type.Literal('document'),
      id: Type.String(),
      attributes: Type.Object({
        type: StringEnum(DOCUMENT_TYPES),
        filename: Type.String(),
        content_type: Type.String(),
        size: Type.Integer(),
        sha256: Type.String(),
        uploaded_at: Type.String(),
      }),
      links: Type.Object({ self: Type.String(), order: Type.String() }),
    }),
  });

  for (const prefix of PREFIXES) {
    const v2 = prefix.startsWith('/v2');
    typed.post(
      `${prefix}/:id/documents`,
      {
        onRequest: [authenticate, checkHeaders],
        bodyLimit: MAX_DOCUMENT_BYTES,
        config: { validation: QUERY_VALIDATION },
        schema: {
          summary: 'Upload a document',
          description:
            'The file is the body, sent with its Content-Type (application/pdf, image/png, image/jpeg or ' +
            'image/tiff), at most 10 MiB; its first bytes must match that type. `filename` is optional. ' +
            'Takes If-Match and an Idempotency-Key.',
          operationId: v2 ? 'addPortOrderDocument' : 'addPortOrderDocumentUnversioned',
          tags: ['port orders'],
          security: [{ basic: [] }],
          consumes: [...DOCUMENT_CONTENT_TYPES],
          params: OrderParams,
          querystring: Type.Object({
            type: StringEnum(DOCUMENT_TYPES),
            filename: Type.Optional(Type.String({ maxLength: 255 })),
          }),
          response: {
            201: DocumentResource,
            400: errors,
            401: errors,
            404: errors,
            409: errors,
            412: errors,
            413: errors,
            415: errors,
            422: errors,
          },
        },
      },
      async (request, reply) => {
        const bytes = request.body as Buffer;
        const checked = checkDocumentContent(request.headers['content-type'], bytes);
        if (!checked.ok) {
          if (checked.problem === 'too_large') throw tooLarge();
          if (checked.problem === 'unsupported_type')
            throw new ApiError('unsupported_media_type', checked.detail);
          throw new ApiError('document_content_mismatch', checked.detail);
        }
        const { id } = request.params;
        const { type, filename } = request.query;
        const meta = {
          type,
          filename: cleanFilename(filename, type, checked.contentType),
          contentType: checked.contentType,
        };
        const version = ifMatch(request);
        // The body is bytes: a replay must send the same bytes, type and name (not their JSON form).
        const bodyHash = sha256(`${meta.type}\n${meta.filename}\n${meta.contentType}\n${sha256(bytes)}`);
        await idempotent(
          service,
          request,
          reply,
          async () => {
            const { order, document: d } = await service.addDocument(
              actorOf(request),
              id,
              meta,
              bytes,
              version,
            );
            const resource = documentResource(d, `${prefix}/${encodeURIComponent(id)}`);
            reply.header('etag', `"${order.order.version}"`);
            reply.header('location', resource.links.self);
            return { status: 201, body: { data: resource } };
          },
          bodyHash,
        );
      },
    );

    typed.get(
      `${prefix}/:id/documents/:doc`,
      {
        onRequest: authenticate,
        schema: {
          summary: "Download one of an order's documents",
          operationId: v2 ? 'getPortOrderDocument' : 'getPortOrderDocumentUnversioned',
          tags: ['port orders'],
          security: [{ basic: [] }],
          produces: [...DOCUMENT_CONTENT_TYPES],
          params: DocParams,
          response: { 401: errors, 404: errors },
        },
      },
      async (request, reply) => {
        const content = await service.document(actorOf(request), request.params.id, request.params.doc);
        noStore(reply)
          .header('content-type', content.contentType)
          .header('content-disposition', contentDisposition(content.filename));
        // Bytes go out as they are; the response schemas describe only the errors.
        return (reply as FastifyReply).send(content.bytes);
      },
    );

    typed.get(
      `${prefix}/:id/loa.pdf`,
      {
        onRequest: authenticate,
        schema: {
          summary: 'The letter of agency to sign',
          description:
            'Filled in from the order: the end user, service address, BTN or RespOrg, the numbers, the ' +
            'losing and gaining carrier, the authorization text and a signature block; never the PIN.',
          operationId: v2 ? 'getPortOrderLoa' : 'getPortOrderLoaUnversioned',
          tags: ['port orders'],
          security: [{ basic: [] }],
          produces: ['application/pdf'],
          params: OrderParams,
          response: { 401: errors, 404: errors },
        },
      },
      async (request, reply) => {
        const order = await service.get(actorOf(request), request.params.id);
        const pdf = await renderLoaPdf(order, { now: service.now(), timeZone: service.settings.timeZone });
        noStore(reply)
          .header('content-type', 'application/pdf')
          .header('content-disposition', contentDisposition(`loa-${order.id}.pdf`));
        return (reply as FastifyReply).send(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength));
      },
    );
  }
}
