import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../errors/catalogue.js';

/**
 * The web page for porting specialists: static files from `web/` at the
 * package root, plus the lenient number parser of src/domain served to the
 * browser as an ES module, so the page reads pasted numbers by exactly the
 * rules the CLI uses. The page calls the public API with the user's key; these
 * routes need no credentials and hold no secrets.
 */
export interface WebRouteOptions {
  /** The API's per-request maximum; the page splits longer lists into chunks of this size. */
  maxNumbers?: number;
  /** Where index.html and assets/ live; defaults to `web/` at the package root. */
  webRoot?: string;
}

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
};

/**
 * Same-origin only: no inline script or style, no framing, no third-party
 * anything. `blob:` is allowed for the CSV downloads the page builds.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
};

/** The nearest folder above `from` holding portcheck's package.json (works from src/ and dist/src/). */
export function findPackageRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'portcheck')
          return dir;
      } catch {
        // not ours; keep climbing
      }
    }
    const up = dirname(dir);
    if (up === dir) throw new Error(`portcheck's package.json not found above ${from}`);
    dir = up;
  }
}

/**
 * The browser copy of src/domain/lenient.ts. Running from dist/, it is the
 * compiled sibling module. Running from the TypeScript sources (tests, dev),
 * the source is transpiled on the spot so the page never drifts from it; a
 * build in dist/ is the last resort.
 */
async function loadLenientModule(root: string): Promise<string> {
  const here = dirname(fileURLToPath(import.meta.url));
  const compiled = join(here, '..', '..', 'domain', 'lenient.js');
  if (existsSync(compiled)) return stripSourceMap(readFileSync(compiled, 'utf8'));
  const source = join(here, '..', '..', 'domain', 'lenient.ts');
  if (existsSync(source)) {
    try {
      // A dev dependency, present only in a checkout: the variable keeps tsc from resolving it for dist.
      const name = 'typescript';
      const ts = (await import(name)).default as typeof import('typescript');
      return ts.transpileModule(readFileSync(source, 'utf8'), {
        compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
      }).outputText;
    } catch {
      // fall through to a build
    }
  }
  const built = join(root, 'dist', 'src', 'domain', 'lenient.js');
  if (existsSync(built)) return stripSourceMap(readFileSync(built, 'utf8'));
  throw new Error('The web page needs src/domain/lenient.js: run `npm run build` first.');
}

function stripSourceMap(js: string): string {
  return js.replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n');
}

function asset(body: Buffer | string, type: string): Asset {
  const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return { body: buf, type, etag: `"${createHash('sha256').update(buf).digest('base64url').slice(0, 27)}"` };
}

/** Every file under `dir`, as URL paths relative to it. */
function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...listFiles(full));
    else out.push(relative(dir, full).split(sep).join('/'));
  }
  return out;
}

function send(request: FastifyRequest, reply: FastifyReply, file: Asset): FastifyReply {
  // Revalidated on every load (cheap: a 304 by ETag) so a new release is never half-cached.
  reply.headers(SECURITY_HEADERS).header('cache-control', 'no-cache').header('etag', file.etag);
  if (request.headers['if-none-match'] === file.etag) return reply.code(304).send();
  return reply.type(file.type).send(file.body);
}

/**
 * Serves the page at `GET /`, its files at `GET /assets/...` (the parser at
 * `/assets/lenient.js`) and `GET /ui/config.json` ({maxNumbers}). Everything
 * is read into memory once here: a handful of small files.
 */
export async function registerWebRoutes(app: FastifyInstance, options: WebRouteOptions = {}): Promise<void> {
  const root = findPackageRoot();
  const webRoot = options.webRoot ?? join(root, 'web');
  const files = new Map<string, Asset>();
  for (const path of listFiles(join(webRoot, 'assets'))) {
    const type = TYPES[extname(path)];
    if (type) files.set(path, asset(readFileSync(join(webRoot, 'assets', path)), type));
  }
  files.set('lenient.js', asset(await loadLenientModule(root), TYPES['.js']));
  const index = asset(readFileSync(join(webRoot, 'index.html')), TYPES['.html']);
  const config = asset(JSON.stringify({ maxNumbers: options.maxNumbers ?? 100_000 }), TYPES['.json']);

  const hidden = { schema: { hide: true } };
  app.get('/', hidden, (request, reply) => send(request, reply, index));
  app.get('/index.html', hidden, (request, reply) => send(request, reply, index));
  app.get('/ui/config.json', hidden, (request, reply) => send(request, reply, config));
  app.get('/favicon.ico', hidden, (_request, reply) => reply.redirect('/assets/icon.svg', 301));
  app.get<{ Params: { '*': string } }>('/assets/*', hidden, (request, reply) => {
    const file = files.get(request.params['*']);
    // The catalogue's 404, like any other unknown address.
    if (!file) throw new ApiError('not_found', 'There is nothing at this address.');
    return send(request, reply, file);
  });
}
