import { createHash } from 'node:crypto';
import type { ProviderReply } from '../provider-call';
import type { SandboxState } from '../state';
import { adyenError } from './errors';

/**
 * Adyen's Idempotency-Key: the same key with the same request replays the stored reply (no second
 * payment); the same key with a different request is rejected. The fingerprint covers the operation
 * and the body, not the API version or path prefix, which a client may change between retries.
 */
export function withIdempotency(state: SandboxState, key: string | undefined, operation: string, body: unknown, handler: () => ProviderReply): ProviderReply {
  if (!key) return handler();
  const fingerprint = createHash('sha256')
    .update(operation)
    .update('\0')
    .update(JSON.stringify(body ?? null))
    .digest('hex');
  const stored = state.adyenIdempotency.get(key);
  if (stored) {
    if (stored.fingerprint !== fingerprint) {
      return adyenError(422, '704', 'Idempotency key was already used with a different request');
    }
    return { status: stored.status, body: stored.body };
  }
  const result = handler();
  // Server errors are not stored, so a retry with the same key gets another chance.
  if (result.status < 500) state.adyenIdempotency.set(key, { fingerprint, status: result.status, body: result.body });
  return result;
}
