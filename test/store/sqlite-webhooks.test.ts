import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { accountsPathOf } from '../../src/store/sqlite/accounts-schema.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { endpoint, webhooksSuite } from './webhooks-suite.js';

webhooksSuite('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'portcheck-webhooks-'));
  const path = join(dir, 'portcheck.db');
  return {
    open: async () => SqliteStore.open(path),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe('SQLite: webhook secrets at rest', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('never writes a secret in plain text, and reads it back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portcheck-webhook-secret-'));
    dirs.push(dir);
    const path = join(dir, 'portcheck.db');
    const store = SqliteStore.open(path);
    const secret = `whsec_${Buffer.from('a very secret thirty-two bytes!!').toString('base64')}`;
    const previous = `whsec_${Buffer.from('the previous secret, 32 bytes!!!').toString('base64')}`;
    await store.webhooks.createEndpoint(
      endpoint('we_S', { secrets: [secret, previous], previousSecretExpiresAt: '2030-01-01T00:00:00.000Z' }),
    );
    await store.close();
    const bytes = ['', '-wal'].map((s) => {
      try {
        return readFileSync(accountsPathOf(path) + s).toString('latin1');
      } catch {
        return '';
      }
    });
    for (const text of bytes) {
      expect(text).not.toContain(secret.slice(6));
      expect(text).not.toContain(previous.slice(6));
    }
    const again = SqliteStore.open(path);
    expect((await again.webhooks.endpoint('we_S'))?.secrets).toEqual([secret, previous]);
    await again.close();
  });
});
