import { describe, expect, it } from 'vitest';
import { buildOrdersApp } from './helper.js';

describe('/openapi.json and the order routes', () => {
  it('lists every order route, with and without /v2', async () => {
    const built = await buildOrdersApp();
    const doc = (await built.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const routes: [string, string][] = [
      ['post', '/portorders'],
      ['get', '/portorders'],
      ['get', '/portorders/{id}'],
      ['patch', '/portorders/{id}'],
      ['patch', '/portorders/{id}/relationships/numbers'],
      ['post', '/portorders/{id}/actions/{name}'],
      ['get', '/portorders/{id}/foc-dates'],
      ['get', '/portorders/groups/{id}'],
      ['get', '/portorders/events'],
      ['get', '/portorders/reason-codes'],
    ];
    for (const prefix of ['/v2', '']) {
      for (const [method, path] of routes) {
        expect(doc.paths[prefix + path]?.[method], `${method} ${prefix}${path}`).toBeDefined();
      }
    }
    const attributes =
      doc.paths['/v2/portorders/{id}'].get.responses['200'].content['application/json'].schema.properties.data
        .properties.attributes.properties;
    expect(attributes.end_user.properties).toHaveProperty('pin_set');
    expect(attributes.end_user.properties).not.toHaveProperty('pin');
  });
});
