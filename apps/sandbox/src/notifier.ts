import type { FaultRegistry } from './faults';
import type { NotificationRecord, OutboundNotification } from './state';

/** A notification ready to POST: url and body fixed, headers computed per attempt (fresh timestamps). */
export interface RenderedNotification {
  url?: string;
  body: string;
  headers: () => Record<string, string>;
  /** This provider's own retry schedule, when it differs from the sandbox-wide one. */
  retryDelaysMs?: number[];
}

export interface NotifierOptions {
  retryDelaysMs: number[];
  faults: FaultRegistry;
  render: (n: OutboundNotification) => RenderedNotification;
  /** Per-POST timeout: a receiver that hangs counts as a failed attempt. */
  timeoutMs?: number;
  log?: (msg: string, data: Record<string, unknown>) => void;
}

/**
 * Delivers provider notifications the way providers do: POST, retry on anything but 2xx
 * (network errors included) after each configured delay, then give up and record it.
 */
export class Notifier {
  /** Pending waits, so close() can cut them short instead of leaving timers behind. */
  private timers = new Map<NodeJS.Timeout, () => void>();
  private inflight = new Set<Promise<void>>();
  private closed = false;
  /** Bumped by cancelPending(): deliveries of an older generation stop at their next step. */
  private generation = 0;

  constructor(private readonly opts: NotifierOptions) {}

  /** Starts delivery in the background and records progress on `record`. */
  dispatch(n: OutboundNotification, notifications: NotificationRecord[]): NotificationRecord {
    const rendered = this.opts.render(n);
    const record: NotificationRecord = {
      type: n.type,
      url: rendered.url,
      createdAt: new Date().toISOString(),
      attempts: 0,
      delivered: 0,
      outcome: 'pending',
    };
    notifications.push(record);
    if (!rendered.url) {
      record.outcome = 'undeliverable';
      record.lastError = 'no notification URL configured';
      return record;
    }
    const fault = this.opts.faults.takeNotificationFault(n.provider);
    if (fault?.mode === 'drop') {
      record.outcome = 'dropped';
      return record;
    }
    const copies = fault?.mode === 'duplicate' ? Math.max(1, fault.copies) : 1;
    const initialDelay = fault?.mode === 'delay' ? fault.delayMs : 0;
    const run = (async () => {
      const startGen = this.generation;
      if (initialDelay > 0) await this.wait(initialDelay);
      if (startGen !== this.generation) return;
      // Copies go out at the same moment: receivers must cope with concurrent duplicates.
      const gen = this.generation;
      const results = await Promise.all(Array.from({ length: copies }, () => this.deliver(rendered, record, gen)));
      record.outcome = results.some(Boolean) ? 'delivered' : 'failed';
      if (record.outcome === 'failed') this.opts.log?.('notification given up', { type: n.type, attempts: record.attempts });
    })();
    this.track(run);
    return record;
  }

  /** Resolves when every notification started so far has been delivered or given up. */
  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  close(): void {
    this.closed = true;
    this.cancelPending();
  }

  /** Stops every retry and delayed delivery still waiting (used by reset, so old events never leak into a new test). */
  cancelPending(): void {
    this.generation += 1;
    for (const [t, resolve] of this.timers) {
      clearTimeout(t);
      resolve();
    }
    this.timers.clear();
  }

  private async deliver(n: RenderedNotification, record: NotificationRecord, gen: number): Promise<boolean> {
    const delays = n.retryDelaysMs ?? this.opts.retryDelaysMs;
    for (let attempt = 0; attempt <= delays.length; attempt++) {
      if (attempt > 0) await this.wait(delays[attempt - 1]!);
      if (this.closed || gen !== this.generation) return false;
      record.attempts += 1;
      try {
        const res = await fetch(n.url!, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...n.headers() },
          body: n.body,
          signal: AbortSignal.timeout(this.opts.timeoutMs ?? 5000),
        });
        await res.text().catch(() => '');
        record.lastStatus = res.status;
        if (res.ok) {
          record.delivered += 1;
          record.lastError = undefined;
          return true;
        }
        record.lastError = `HTTP ${res.status}`;
      } catch (err) {
        record.lastError = err instanceof Error ? err.message : String(err);
      }
    }
    return false;
  }

  private wait(ms: number): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.set(t, resolve);
    });
  }

  private track(p: Promise<void>): void {
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p));
  }
}
