import type { ApiKeyRecord, KeyStore } from '../../src/store/store.js';

/** A KeyStore in memory, counting lookups so tests can see the cache work. */
export class MemoryKeyStore implements KeyStore {
  readonly records = new Map<string, ApiKeyRecord>();
  private versionCounter = 0;
  finds = 0;
  lists = 0;

  async create(record: ApiKeyRecord): Promise<void> {
    if (this.records.has(record.accessKey)) throw new Error('duplicate access key');
    this.records.set(record.accessKey, { ...record });
    this.versionCounter++;
  }
  async list(): Promise<ApiKeyRecord[]> {
    this.lists++;
    return [...this.records.values()].map((r) => ({ ...r }));
  }
  async revoke(accessKey: string, at: string): Promise<boolean> {
    const record = this.records.get(accessKey);
    if (!record || record.revokedAt !== null) return false;
    record.revokedAt = at;
    this.versionCounter++;
    return true;
  }
  async find(accessKey: string): Promise<ApiKeyRecord | null> {
    this.finds++;
    const record = this.records.get(accessKey);
    return record ? { ...record } : null;
  }
  async version(): Promise<number> {
    return this.versionCounter;
  }
}
