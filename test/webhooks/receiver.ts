// A real webhook receiver on 127.0.0.1 for the tests: it verifies every request with the
// `standardwebhooks` package (the way a customer would), records what arrived, and answers as told:
// 204, 500, 410, or never (a receiver that hangs).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export type Mode = 'ok' | 'fail' | 'gone' | 'hang';

export interface Arrival {
  id: string;
  type: string;
  /** The parsed body: {type, timestamp, data}. */
  body: { type: string; timestamp: string; data: Record<string, unknown> };
  /** Verified with every secret given: which ones accepted it. */
  verifiedWith: string[];
  at: number;
  headers: IncomingMessage['headers'];
}

export class Receiver {
  readonly arrivals: Arrival[] = [];
  /** Requests that failed verification with every secret (must stay empty). */
  readonly unverified: string[] = [];
  mode: Mode = 'ok';
  secrets: string[] = [];
  private server: Server | null = null;
  port = 0;
  private waiters: (() => void)[] = [];

  get url(): string {
    return `http://127.0.0.1:${this.port}/hook`;
  }

  /** Listens on `port` (0: any free port). */
  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (this.mode === 'hang') return; // never answers
        const payload = Buffer.concat(chunks).toString('utf8');
        const verifiedWith = this.secrets.filter((s) => {
          try {
            new Webhook(s).verify(payload, req.headers as Record<string, string>);
            return true;
          } catch {
            return false;
          }
        });
        if (verifiedWith.length === 0) {
          this.unverified.push(payload);
          res.writeHead(400).end('bad signature');
          return;
        }
        if (this.mode === 'fail') {
          res.writeHead(500).end('down for maintenance');
          return;
        }
        if (this.mode === 'gone') {
          res.writeHead(410).end();
          return;
        }
        const body = JSON.parse(payload) as Arrival['body'];
        this.arrivals.push({
          id: String(req.headers['webhook-id']),
          type: body.type,
          body,
          verifiedWith,
          at: performance.now(),
          headers: req.headers,
        });
        res.writeHead(204).end();
        for (const w of this.waiters.splice(0)) w();
      });
    });
    await new Promise<void>((resolve, reject) => {
      this.server?.once('error', reject);
      this.server?.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** The distinct webhook-ids received. */
  ids(): Set<string> {
    return new Set(this.arrivals.map((a) => a.id));
  }

  /** Resolves once `done()` holds, checked after every arrival (the test's own timeout bounds it). */
  async until(done: () => boolean): Promise<void> {
    while (!done()) await new Promise<void>((r) => this.waiters.push(r));
  }

  async stop(): Promise<void> {
    const s = this.server;
    if (!s) return;
    this.server = null;
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }
}
