import { describe, expect, it } from 'vitest';
import { FleetStore } from './fake-store.js';
import { build, post } from './helper.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('while the database is unreachable', () => {
  it('checks are still answered from the snapshot, past the key refresh interval, with no failed request', async () => {
    const store = new FleetStore();
    const built = await build({ store, config: { reloadIntervalMs: 100 } });
    expect((await post(built, { numbers: ['12064205780'] })).statusCode).toBe(200);
    store.unreachable = true;
    for (let i = 0; i < 3; i++) {
      await sleep(120); // the verifier's key version check is due, and throws
      const res = await post(built, { numbers: ['12064205780'] });
      expect(res.statusCode).toBe(200);
      expect(res.json().data.portable.numbers).toEqual(['12064205780']);
    }
    const wrong = await post(built, { numbers: ['12064205780'] }, { authorization: 'Basic QUJDOnh5eg==' });
    expect(wrong.statusCode).toBe(401); // auth still applies, from the keys held
    const lost = built.logs.filter((l) => l.includes('cannot check API keys against the store'));
    expect(lost).toHaveLength(1);
  });

  it('/healthz stays 200 and says the database is degraded, then ok once it is back', async () => {
    const store = new FleetStore();
    const built = await build({ store });
    store.unreachable = true;
    const down = await built.app.inject({ method: 'GET', url: '/healthz' });
    expect(down.statusCode).toBe(200);
    expect(down.json()).toMatchObject({
      status: 'degraded',
      degraded: ['database'],
      database: 'unreachable',
      changes: 'notified',
      data_version: 1,
    });
    store.unreachable = false;
    const up = await built.app.inject({ method: 'GET', url: '/healthz' });
    expect(up.json()).toMatchObject({ status: 'ok', degraded: [], database: 'ok' });
  });
});
