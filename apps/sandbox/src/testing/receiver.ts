import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  json: any;
}

/** A real local HTTP endpoint that records what the sandbox notifies, answering with the queued statuses. */
export class Receiver {
  readonly received: ReceivedRequest[] = [];
  /** Statuses for the next replies, in order; afterwards `defaultStatus`. */
  statuses: number[] = [];
  defaultStatus = 200;
  private server!: Server;
  private waiters: { n: number; resolve: () => void }[] = [];

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        this.received.push({ path: req.url ?? '', headers: req.headers, rawBody: raw, json: safeJson(raw) });
        const status = this.statuses.shift() ?? this.defaultStatus;
        res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? '[accepted]' : 'nope');
        this.waiters = this.waiters.filter((w) => (this.received.length >= w.n ? (w.resolve(), false) : true));
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  /** Resolves once `n` requests in total have arrived (rejects after `timeoutMs`). */
  waitFor(n: number, timeoutMs = 3000): Promise<void> {
    if (this.received.length >= n) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`expected ${n} requests, got ${this.received.length}`)), timeoutMs);
      this.waiters.push({ n, resolve: () => (clearTimeout(t), resolve()) });
    });
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
