// The API's session token format (apps/api/src/auth/session-token.ts), re-implemented for the bench:
// `base64url(JSON claims).base64url(HMAC-SHA256(secret, payload))`, claims { sub, exp (s since epoch) }.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The API's default (sandbox) SESSION_SECRET; the twin uses the same one. */
export const DEFAULT_SESSION_SECRET = 'dev-only-session-secret-change-me-0001';

const sign = (key, payload) => createHmac('sha256', key).update(payload).digest('base64url');

export function issueToken(secret, userId, ttlSeconds = 7200, nowMs = Date.now()) {
  const payload = Buffer.from(JSON.stringify({ sub: userId, exp: Math.floor(nowMs / 1000) + ttlSeconds })).toString('base64url');
  return `${payload}.${sign(Buffer.from(secret, 'utf8'), payload)}`;
}

/** Same checks as SessionTokens.verify: shape, constant-time signature, JSON claims, types, expiry. */
export function tokenVerifier(secret) {
  const key = Buffer.from(secret, 'utf8');
  return (token, nowMs = Date.now()) => {
    const [payload, signature, ...rest] = token.split('.');
    if (!payload || !signature || rest.length > 0) return null;
    const expected = Buffer.from(sign(key, payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    let claims;
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return null;
    }
    if (typeof claims?.sub !== 'string' || typeof claims.exp !== 'number') return null;
    if (claims.exp * 1000 <= nowMs) return null;
    return claims;
  };
}
