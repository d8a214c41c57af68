import { hash, timingSafeEqual } from 'node:crypto';
import type { Role } from '../domain/orders/types.js';
import type { ApiKeyRecord, KeyStore } from '../store/store.js';

export type VerifyFailure = 'missing' | 'malformed' | 'invalid' | 'revoked';

export type VerifyResult =
  /** `account` and `role` say whose orders the key works on and what it may do (orders.md §1). */
  | { ok: true; accessKey: string; name: string; account: string; role: Role }
  /**
   * `accessKey` is set only when that key exists, for logs: a claimed key that
   * does not exist may be a secret typed in the wrong field, and is never
   * logged. Never tell the client more than `reason`.
   */
  | { ok: false; reason: VerifyFailure; accessKey?: string };

export interface KeyVerifierOptions {
  /**
   * How long the loaded keys are trusted before the store's key version is
   * asked again; a key created or revoked by another process is seen within
   * this time.
   */
  refreshMs?: number;
  /** Clock, for tests. */
  now?: () => number;
  /** Where losing and regaining the key store is reported, once each. */
  log?: VerifierLogger;
}

/** The slice of a pino logger the verifier uses. */
export interface VerifierLogger {
  info(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
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

/** A loaded record with its stored hash in digest()'s form. */
interface CachedKey {
  record: ApiKeyRecord;
  hash: string;
}

type VerifyRefusal = Extract<VerifyResult, { ok: false }>;

const MISSING: VerifyRefusal = { ok: false, reason: 'missing' };
const MALFORMED: VerifyRefusal = { ok: false, reason: 'malformed' };
const BASIC = /^Basic[ \t]+([A-Za-z0-9+/=_-]+)[ \t]*$/i;

/**
 * Checks `accessKey:secret` pairs against the stored hashes. Every key is
 * held in memory (there are few), reloaded whole whenever the store's key
 * version moves (any create or revoke, from any process), checked at most
 * every `refreshMs`. So an unknown access key and a known one with a wrong
 * secret take the same path: a map look-up and one constant-time compare
 * (against a dummy hash when the key is unknown), never a store query of
 * their own that would tell them apart by time. `invalidate()` reloads at the
 * next check, for revocations made in this process. Secrets are never kept
 * or logged; only their hashes are compared.
 */
export class KeyVerifier {
  private keys = new Map<string, CachedKey>();
  private readonly refreshMs: number;
  private readonly now: () => number;
  private knownVersion: number | null = null;
  private checkedAt = Number.NEGATIVE_INFINITY;
  private checking: Promise<void> | null = null;
  private readonly log: VerifierLogger | undefined;
  /** Whether a key list was ever loaded: only then can an unreachable store be ridden out. */
  private loaded = false;
  /** Whether the last refresh failed (so that only the change is logged, not every retry). */
  private unreachable = false;

  constructor(
    private readonly store: KeyStore,
    options: KeyVerifierOptions = {},
  ) {
    this.refreshMs = options.refreshMs ?? 2000;
    this.now = options.now ?? Date.now;
    this.log = options.log;
  }

  /** Verifies an `Authorization` header value (Basic scheme). */
  async verifyHeader(authorization: string | undefined): Promise<VerifyResult> {
    const parsed = parseBasicAuth(authorization);
    if (!Array.isArray(parsed)) return parsed;
    return this.verify(parsed[0], parsed[1]);
  }

  /**
   * verifyHeader without waiting, when the loaded keys are fresh (or the
   * header is unusable); `undefined` means "call verifyHeader". The same
   * comparison either way.
   */
  verifyHeaderNow(authorization: string | undefined): VerifyResult | undefined {
    const parsed = parseBasicAuth(authorization);
    if (!Array.isArray(parsed)) return parsed;
    return this.verifyNow(parsed[0], parsed[1]);
  }

  /** verify without waiting, when the loaded keys are fresh; else `undefined`. */
  verifyNow(accessKey: string, secret: string): VerifyResult | undefined {
    if (this.now() - this.checkedAt >= this.refreshMs) return undefined;
    return compare(this.keys.get(accessKey), accessKey, secret);
  }

  async verify(accessKey: string, secret: string): Promise<VerifyResult> {
    if (this.now() - this.checkedAt >= this.refreshMs) await this.refreshOrKeep();
    return compare(this.keys.get(accessKey), accessKey, secret);
  }

  /**
   * A store's `keys` note (a key created or revoked, in any process): reloads
   * now, so that a revoked key is refused from the next request on. Never
   * throws; the version polling stays as the fallback.
   */
  changed(): void {
    // A check in flight may have read the keys before this change: let it
    // land, then reload again.
    const inFlight = this.checking ?? Promise.resolve();
    this.invalidate();
    inFlight
      .catch(() => {})
      .then(() => {
        this.invalidate();
        return this.refreshOrKeep();
      })
      .catch(() => {});
  }

  /**
   * refresh(), except that a store that cannot be reached (a database
   * restarting) does not fail requests once keys were loaded: they are
   * answered from the keys held, every one of them, and the store is asked
   * again after `refreshMs`. Logged once when it goes, once when it is back.
   * Before the first load there is nothing to answer from: that throws.
   */
  private async refreshOrKeep(): Promise<void> {
    try {
      await this.refresh();
      if (this.unreachable) {
        this.unreachable = false;
        this.log?.info({ keys: this.keys.size }, 'API keys checked against the store again');
      }
    } catch (err) {
      if (!this.loaded) throw err;
      this.checkedAt = this.now(); // retried after refreshMs, not by every request
      if (!this.unreachable) {
        this.unreachable = true;
        this.log?.error(
          { err, keys: this.keys.size },
          'cannot check API keys against the store; answering from the keys already loaded until it is back',
        );
      }
    }
  }

  /**
   * Reloads every key at the next check, e.g. right after a revoke in this
   * process. `accessKey` is accepted for callers that name the key they
   * changed; the reload is whole either way.
   */
  invalidate(_accessKey?: string): void {
    this.knownVersion = null;
    this.checkedAt = Number.NEGATIVE_INFINITY;
  }

  private refresh(): Promise<void> {
    // Concurrent requests share one version query (and one reload).
    this.checking ??= (async () => {
      try {
        const version = await this.store.version();
        if (version !== this.knownVersion) {
          const keys = new Map<string, CachedKey>();
          for (const record of await this.store.list()) {
            keys.set(record.accessKey, { record, hash: record.secretHash.toLowerCase() });
          }
          this.keys = keys;
          this.knownVersion = version;
          this.loaded = true;
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
export function parseBasicAuth(authorization: string | undefined): [string, string] | VerifyRefusal {
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
function compare(entry: CachedKey | undefined, accessKey: string, secret: string): VerifyResult {
  const given = digest(secret);
  if (entry === undefined) {
    sameDigest(DUMMY_HASH, given);
    return { ok: false, reason: 'invalid' };
  }
  if (!sameDigest(entry.hash, given)) return { ok: false, reason: 'invalid', accessKey };
  // Only someone holding the secret learns that the key was revoked.
  if (entry.record.revokedAt !== null) return { ok: false, reason: 'revoked', accessKey };
  const { name, account, role } = entry.record;
  return { ok: true, accessKey, name, account, role };
}
