import pg from 'pg';
import type { StoreChange, StoreStatus } from '../store.js';
import { clientConfig } from './connection.js';
import type { PostgresTarget } from './url.js';

/** Backoff between reconnection attempts of the listening connection. */
const FIRST_RETRY_MS = 250;
const LAST_RETRY_MS = 5_000;

/**
 * LISTEN on the schema's channel, on a connection of its own (a pooled one
 * would be handed to queries). Every import commit notifies `data`, every key
 * change `keys`. When the connection drops, `changes` is `polling` (callers
 * keep polling as the fallback) while it reconnects with backoff; once back,
 * listeners hear `data` and `keys` once, since a note may have been missed.
 */
export class ChangeListener {
  changes: StoreStatus['changes'] = 'polling';
  private readonly listeners = new Set<(change: StoreChange) => void>();
  private client: pg.Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private retryMs = FIRST_RETRY_MS;
  /** Set when the connection was lost or never made: notes may have been missed. */
  private missed = false;
  private stopped = false;

  constructor(
    private readonly target: PostgresTarget,
    private readonly channel: string,
  ) {}

  subscribe(listener: (change: StoreChange) => void): () => void {
    this.listeners.add(listener);
    if (this.listeners.size === 1 && !this.client && !this.timer) void this.connect();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  stop(): void {
    this.stopped = this.listeners.size === 0;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const client = this.client;
    this.client = null;
    this.changes = 'polling';
    client?.end().catch(() => {});
  }

  close(): void {
    this.listeners.clear();
    this.stop();
  }

  private async connect(): Promise<void> {
    this.stopped = false;
    const client = new pg.Client(clientConfig(this.target));
    this.client = client;
    const lost = () => {
      if (this.client !== client) return; // already replaced or stopped
      this.client = null;
      this.changes = 'polling';
      this.missed = true;
      client.end().catch(() => {});
      this.retry();
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', (note) => {
      if (note.channel === this.channel && (note.payload === 'data' || note.payload === 'keys')) {
        this.emit(note.payload);
      }
    });
    try {
      await client.connect();
      await client.query(`LISTEN "${this.channel}"`);
    } catch {
      lost();
      return;
    }
    if (this.client !== client) return;
    this.changes = 'notified';
    this.retryMs = FIRST_RETRY_MS;
    if (this.missed) {
      this.missed = false;
      this.emit('data');
      this.emit('keys');
    }
  }

  private retry(): void {
    if (this.stopped || this.listeners.size === 0 || this.timer) return;
    const wait = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, LAST_RETRY_MS);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.connect();
    }, wait);
    this.timer.unref();
  }

  private emit(change: StoreChange): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(change);
      } catch {
        // A listener's failure is its own; the others still hear the note.
      }
    }
  }
}
