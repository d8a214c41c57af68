import { timingSafeEqual } from 'node:crypto';
import type { ApiKeyRecord, KeyStore } from '../store/store.js';
import { hashSecret } from './api-keys.js';

export type VerifyFailure = 'missing' | 'malformed' | 'invalid' | 'revoked';

export type VerifyResult =
  | { ok: true; accessKey: string; name: string }
  /** `accessKey` is the one claimed, for logs; never tell the client more than `reason`. */
  | { ok: false; reason: VerifyFailure; accessKey?: string };

export interface KeyVerifierOptions {
  /**
   * How long a cached key is trusted before the store's key version is asked
   * again; a key revoked by another process stops working within this time.
   */
  refreshMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

// Compared against when the access key is unknown, so that an unknown key and
// a wrong secret cost the same work.
const DUMMY_HASH = Buffer.from(hashSecret('portcheck: no such key'), 'hex');

/**
 * Checks `accessKey:secret` pairs against the stored hashes. Records are
 * cached in memory and the whole cache is dropped whenever the store's key
 * version moves (any create or revoke, from any process), checked at most
 * every `refreshMs`. `invalidate()` drops it at once, for revocations made in
 * this process. Secrets are never kept or logged; only their hashes are
 * compared, in constant time.
 */
export class KeyVerifier {
  private readonly cache = new Map<string, ApiKeyRecord>();
  private readonly refreshMs: number;
  private readonly now: () => number;
  private knownVersion: number | null = null;
  private checkedAt = Number.NEGATIVE_INFINITY;
  private checking: Promise<void> | null = null;

  constructor(
    private readonly keys: KeyStore,
    options: KeyVerifierOptions = {},
  ) {
    this.refreshMs = options.refreshMs ?? 2000;
    this.now = options.now ?? Date.now;
  }

  /** Verifies an `Authorization` header value (Basic scheme). */
  async verifyHeader(authorization: string | undefined): Promise<VerifyResult> {
    if (authorization === undefined || authorization.trim() === '') return { ok: false, reason: 'missing' };
    const match = /^Basic[ \t]+([A-Za-z0-9+/=_-]+)[ \t]*$/i.exec(authorization);
    if (!match) return { ok: false, reason: 'malformed' };
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0 || colon === decoded.length - 1) return { ok: false, reason: 'malformed' };
    return this.verify(decoded.slice(0, colon), decoded.slice(colon + 1));
  }

  async verify(accessKey: string, secret: string): Promise<VerifyResult> {
    const record = await this.lookup(accessKey);
    const given = Buffer.from(hashSecret(secret), 'hex');
    const expected = record ? Buffer.from(record.secretHash, 'hex') : DUMMY_HASH;
    const matches = expected.length === given.length && timingSafeEqual(expected, given);
    if (!record || !matches) return { ok: false, reason: 'invalid', accessKey };
    // Only someone holding the secret learns that the key was revoked.
    if (record.revokedAt !== null) return { ok: false, reason: 'revoked', accessKey };
    return { ok: true, accessKey, name: record.name };
  }

  /** Forgets cached records (one key, or all), e.g. right after a revoke in this process. */
  invalidate(accessKey?: string): void {
    if (accessKey === undefined) this.cache.clear();
    else this.cache.delete(accessKey);
  }

  private async lookup(accessKey: string): Promise<ApiKeyRecord | null> {
    if (this.now() - this.checkedAt >= this.refreshMs) await this.checkVersion();
    const cached = this.cache.get(accessKey);
    if (cached) return cached;
    const record = await this.keys.find(accessKey);
    // Unknown keys are not cached: anyone could fill memory with made-up ones.
    if (record) this.cache.set(accessKey, record);
    return record;
  }

  private checkVersion(): Promise<void> {
    // Concurrent requests share one version query.
    this.checking ??= (async () => {
      try {
        const version = await this.keys.version();
        if (version !== this.knownVersion) {
          this.cache.clear();
          this.knownVersion = version;
        }
        this.checkedAt = this.now();
      } finally {
        this.checking = null;
      }
    })();
    return this.checking;
  }
}
