import type { ResolvedOptions } from './config';
import { FaultRegistry } from './faults';
import { Notifier, type RenderedNotification } from './notifier';
import { paySignKeys, signIntentsNotification, type PaySignKeys } from './intents/signing';
import { SandboxState, type OutboundNotification } from './state';
import { wechatpayKeys, type WechatpayKeys } from './wechatpay/wechatpay-keys';
import { wechatpaySignatureHeaders } from './wechatpay/crypto';

/** Shared by every route module: one per sandbox instance, so parallel sandboxes never share state. */
export interface SandboxContext {
  options: ResolvedOptions;
  state: SandboxState;
  faults: FaultRegistry;
  notifier: Notifier;
  keys: PaySignKeys;
  wechatpayKeys: WechatpayKeys;
  /** Runs `fn` later unless the sandbox is reset or closed first. */
  later(ms: number, fn: () => void): void;
  /** Forgets state, faults, pending timers and pending notifications. */
  reset(): void;
  close(): void;
}

export function createContext(options: ResolvedOptions): SandboxContext {
  const state = new SandboxState();
  const faults = new FaultRegistry();
  const timers = new Set<NodeJS.Timeout>();
  const wpKeys = wechatpayKeys(options);

  const render = (n: OutboundNotification): RenderedNotification => {
    const body = JSON.stringify(n.body);
    if (n.provider === 'intents') {
      const secret = options.credentials.intentsWebhookSecret;
      // Signed per POST so retries carry a fresh timestamp inside the receiver's replay window.
      return { url: n.url, body, headers: () => signIntentsNotification(secret, body) };
    }
    if (n.provider === 'wechatpay') {
      // Signed per POST (fresh timestamp and nonce) with the platform key of the configured mode.
      return { url: n.url, body, headers: () => wechatpaySignatureHeaders(wpKeys.signer(), body), retryDelaysMs: options.wechatpayNotifyRetryDelaysMs };
    }
    // Adyen signs each item (hmacSignature inside the body), not the request.
    return { url: options.adyenWebhookUrl, body, headers: () => ({}) };
  };

  const notifier = new Notifier({ retryDelaysMs: options.notifyRetryDelaysMs, faults, render });

  const clearTimers = () => {
    for (const t of timers) clearTimeout(t);
    timers.clear();
  };

  return {
    options,
    state,
    faults,
    notifier,
    keys: paySignKeys(),
    wechatpayKeys: wpKeys,
    later(ms, fn) {
      const t = setTimeout(() => {
        timers.delete(t);
        fn();
      }, ms);
      timers.add(t);
    },
    reset() {
      clearTimers();
      notifier.cancelPending();
      faults.clear();
      state.reset();
    },
    close() {
      clearTimers();
      notifier.close();
    },
  };
}
