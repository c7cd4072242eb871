import { createHmac, timingSafeEqual } from 'node:crypto';
import { WebhookVerificationError } from '../payment-provider';

export const SIGNATURE_HEADER = 'x-signature';
export const TIMESTAMP_HEADER = 'x-timestamp';

type Headers = Record<string, string | string[] | undefined>;

/**
 * (ours, docs/providers.md §3) `x-signature` = base64 HMAC-SHA256(secret, `${x-timestamp}.${rawBody}`), with a
 * replay window on the timestamp. A pure function over the RAW bytes: re-serialised JSON would not verify.
 */
export function verifyIntentsSignature(rawBody: Buffer, headers: Headers, secret: string, toleranceSeconds: number, now = new Date()): void {
  const timestamp = single(headers[TIMESTAMP_HEADER]);
  const signature = single(headers[SIGNATURE_HEADER]);
  if (!timestamp) throw new WebhookVerificationError(`missing ${TIMESTAMP_HEADER} header`);
  if (!signature) throw new WebhookVerificationError(`missing ${SIGNATURE_HEADER} header`);
  if (!/^\d{1,12}$/.test(timestamp)) throw new WebhookVerificationError('malformed timestamp');
  const ageSeconds = Math.abs(Math.floor(now.getTime() / 1000) - Number(timestamp));
  if (ageSeconds > toleranceSeconds) throw new WebhookVerificationError('timestamp outside the replay window');
  const expected = signIntentsPayload(secret, timestamp, rawBody);
  const given = Buffer.from(signature, 'utf8');
  const wanted = Buffer.from(expected, 'utf8');
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) throw new WebhookVerificationError('signature mismatch');
}

export function signIntentsPayload(secret: string, timestamp: string, rawBody: Buffer | string): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('base64');
}

/** Test helper (like stripe's generateTestHeaderString): headers that verify for this body. */
export function intentsTestHeaders(secret: string, rawBody: string, timestampSeconds = Math.floor(Date.now() / 1000)): Record<string, string> {
  const timestamp = String(timestampSeconds);
  return { [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: signIntentsPayload(secret, timestamp, rawBody) };
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? (value.length === 1 ? value[0] : undefined) : value;
}
