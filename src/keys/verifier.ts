import { hash, timingSafeEqual } from 'node:crypto';
import type { ApiKeyRecord, KeyStore } from '../store/store.js';

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

/**
 * hashSecret's digest (lowercase hex SHA-256). The one-shot `hash` to hex is
 * the cheapest way in: bytes out of it, or out of Buffer.from(hex), cost as
 * much again as the hash of a short secret.
 */
const digest = (secret: string): string => hash('sha256', secret);

// Compared against when the access key is unknown, so that an unknown key and
// a wrong secret cost the same work.
const DUMMY_HASH = digest('portcheck: no such key');

/** A cached record with its stored hash in digest()'s form. */
interface CachedKey {
  record: ApiKeyRecord;
  hash: string;
}

const MISSING: VerifyResult = { ok: false, reason: 'missing' };
const MALFORMED: VerifyResult = { ok: false, reason: 'malformed' };
const BASIC = /^Basic[ \t]+([A-Za-z0-9+/=_-]+)[ \t]*$/i;

/**
 * Checks `accessKey:secret` pairs against the stored hashes. Records are
 * cached in memory and the whole cache is dropped whenever the store's key
 * version moves (any create or revoke, from any process), checked at most
 * every `refreshMs`. `invalidate()` drops it at once, for revocations made in
 * this process. Secrets are never kept or logged; only their hashes are
 * compared, in constant time.
 */
export class KeyVerifier {
  private readonly cache = new Map<string, CachedKey>();
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
    const parsed = parseBasic(authorization);
    if (!Array.isArray(parsed)) return parsed;
    return this.verify(parsed[0], parsed[1]);
  }

  /**
   * verifyHeader without waiting, when the answer needs no store query (the
   * key is cached and the cache is fresh, or the header is unusable);
   * `undefined` means "call verifyHeader". The same comparison either way.
   */
  verifyHeaderNow(authorization: string | undefined): VerifyResult | undefined {
    const parsed = parseBasic(authorization);
    if (!Array.isArray(parsed)) return parsed;
    if (this.now() - this.checkedAt >= this.refreshMs) return undefined;
    const cached = this.cache.get(parsed[0]);
    return cached === undefined ? undefined : compare(cached, parsed[0], parsed[1]);
  }

  async verify(accessKey: string, secret: string): Promise<VerifyResult> {
    return compare(await this.lookup(accessKey), accessKey, secret);
  }

  /** Forgets cached records (one key, or all), e.g. right after a revoke in this process. */
  invalidate(accessKey?: string): void {
    if (accessKey === undefined) this.cache.clear();
    else this.cache.delete(accessKey);
  }

  private async lookup(accessKey: string): Promise<CachedKey | null> {
    if (this.now() - this.checkedAt >= this.refreshMs) await this.checkVersion();
    const cached = this.cache.get(accessKey);
    if (cached) return cached;
    const record = await this.keys.find(accessKey);
    if (!record) return null;
    // Unknown keys are not cached: anyone could fill memory with made-up ones.
    const entry = { record, hash: record.secretHash.toLowerCase() };
    this.cache.set(accessKey, entry);
    return entry;
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

/** `[accessKey, secret]` from a Basic `Authorization` value, or why there are none. */
function parseBasic(authorization: string | undefined): [string, string] | VerifyResult {
  if (authorization === undefined) return MISSING;
  let token = plainBasicToken(authorization);
  if (token === null) {
    if (authorization.trim() === '') return MISSING;
    const match = BASIC.exec(authorization);
    if (!match) return MALFORMED;
    token = match[1];
  }
  const decoded = Buffer.from(token, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0 || colon === decoded.length - 1) return MALFORMED;
  return [decoded.slice(0, colon), decoded.slice(colon + 1)];
}

/**
 * The token of the usual `Basic <base64>` (one space, standard alphabet, no
 * trailing blanks) without a regular expression; null for anything else,
 * which BASIC then reads or refuses.
 */
function plainBasicToken(authorization: string): string | null {
  const n = authorization.length;
  if (n <= 6 || !authorization.startsWith('Basic ')) return null;
  for (let i = 6; i < n; i++) {
    const c = authorization.charCodeAt(i);
    const ok =
      (c >= 0x41 && c <= 0x5a) || // A-Z
      (c >= 0x61 && c <= 0x7a) || // a-z
      (c >= 0x30 && c <= 0x39) || // 0-9
      c === 0x2b || // +
      c === 0x2f || // /
      c === 0x3d; // =
    if (!ok) return null;
  }
  return authorization.slice(6);
}

/**
 * Whether two hex digests are equal, with crypto's constant-time compare (the
 * strings are hashes, so even a leak would tell nothing about a secret, but
 * the standard tool costs well under a microsecond here).
 */
function sameDigest(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a, 'latin1'), Buffer.from(b, 'latin1'));
}

/** The secret's hash against the key's (or a dummy one), in constant time. */
function compare(entry: CachedKey | null, accessKey: string, secret: string): VerifyResult {
  const given = digest(secret);
  const expected = entry ? entry.hash : DUMMY_HASH;
  const matches = sameDigest(expected, given);
  if (!entry || !matches) return { ok: false, reason: 'invalid', accessKey };
  // Only someone holding the secret learns that the key was revoked.
  if (entry.record.revokedAt !== null) return { ok: false, reason: 'revoked', accessKey };
  return { ok: true, accessKey, name: entry.record.name };
}
