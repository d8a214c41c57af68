import { describe } from 'vitest';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { postgresReachable, testSchema } from '../support/postgres.js';
import { storeSuite } from './store-suite.js';

const reachable = await postgresReachable();

describe.skipIf(!reachable)('PostgreSQL', () => {
  storeSuite('PostgreSQL', async () => {
    const schema = testSchema();
    return {
      open: async () => PostgresStore.open(schema.url),
      dispose: () => schema.drop(),
    };
  });
});
