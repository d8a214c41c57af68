// The web routes without a browser: what is served, with which headers.
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLenient } from '../../src/domain/lenient.js';
import { CONTENT_SECURITY_POLICY, registerWebRoutes } from '../../src/http/routes/web.js';

describe('web routes', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = Fastify();
    await registerWebRoutes(app, { maxNumbers: 1234 });
    await app.ready();
  });
  afterAll(() => app.close());

  it('serves the page with a self-only CSP, security headers and revalidation', async () => {
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.body).toContain('<script type="module" src="/assets/app.js">');

    const again = await app.inject({
      method: 'GET',
      url: '/',
      headers: { 'if-none-match': String(res.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('has no inline script or style that the CSP would block', async () => {
    const html = (await app.inject({ method: 'GET', url: '/' })).body;
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
  });

  it('serves the lenient parser of src/domain as a browser module that parses the same way', async () => {
    const res = await app.inject({ method: 'GET', url: '/assets/lenient.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.body).toContain('export function parseLenient');
    expect(res.body).not.toContain('sourceMappingURL');
    const mod = await import(`data:text/javascript;base64,${Buffer.from(res.body).toString('base64')}`);
    for (const sample of [
      '(206) 420-5780',
      '+1 206 420 5780',
      '206.420.5780',
      '12064205780',
      '206-CALL-NOW',
      'x',
    ]) {
      expect(mod.parseLenient(sample)).toBe(parseLenient(sample));
    }
  });

  it('serves the assets and the page config', async () => {
    for (const [url, type] of [
      ['/assets/app.js', 'text/javascript; charset=utf-8'],
      ['/assets/app.css', 'text/css; charset=utf-8'],
      ['/assets/icon.svg', 'image/svg+xml'],
    ]) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toBe(type);
    }
    const config = await app.inject({ method: 'GET', url: '/ui/config.json' });
    expect(config.json()).toEqual({ maxNumbers: 1234 });
  });

  it('answers 404 for unknown assets and never serves files outside web/assets', async () => {
    for (const url of ['/assets/nope.js', '/assets/..%2Findex.html', '/assets/%2e%2e/%2e%2e/package.json']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
    }
  });
});
