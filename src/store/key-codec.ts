// What both adapters store of an API key: the columns in order and the row to its record, and what a
// read-only store reads from a schema not yet migrated to accounts and roles (the values that
// migration gives: customer keys of `default`, the demo key admin). The SQL is plain enough for both.
import type { Role } from '../domain/orders/types.js';
import type { ApiKeyRecord } from './store.js';

export type KeyRow = [string, string, string, string, string | null, string, Role];

export const toKeyRecord = ([
  accessKey,
  name,
  secretHash,
  createdAt,
  revokedAt,
  account,
  role,
]: KeyRow): ApiKeyRecord => ({
  accessKey,
  name,
  secretHash,
  createdAt,
  revokedAt,
  account,
  role,
});

export const KEY_COLUMNS = 'access_key, name, secret_hash, created_at, revoked_at, account, role';

export const LEGACY_KEY_COLUMNS =
  "access_key, name, secret_hash, created_at, revoked_at, 'default', CASE WHEN name = 'demo' THEN 'admin' ELSE 'customer' END";
