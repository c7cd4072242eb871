import { createHmac, timingSafeEqual } from 'node:crypto';

export interface SessionClaims {
  /** Our user id (not the openid). */
  sub: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

/**
 * Our own session token: `base64url(claims).base64url(HMAC-SHA256(secret, claims))`. Stateless, so any API
 * instance can verify it; it carries no WeChat data (the session_key stays in the database).
 */
export class SessionTokens {
  private readonly key: Buffer;

  constructor(
    secret: string,
    private readonly ttlSeconds: number,
  ) {
    this.key = Buffer.from(secret, 'utf8');
  }

  issue(userId: string, nowMs = Date.now()): { token: string; expiresIn: number } {
    const claims: SessionClaims = { sub: userId, exp: Math.floor(nowMs / 1000) + this.ttlSeconds };
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return { token: `${payload}.${this.sign(payload)}`, expiresIn: this.ttlSeconds };
  }

  /** The claims of a valid, unexpired token; null for anything else. */
  verify(token: string, nowMs = Date.now()): SessionClaims | null {
    const [payload, signature, ...rest] = token.split('.');
    if (!payload || !signature || rest.length > 0) return null;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    let claims: SessionClaims;
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return null;
    }
    if (typeof claims?.sub !== 'string' || typeof claims.exp !== 'number') return null;
    if (claims.exp * 1000 <= nowMs) return null;
    return claims;
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}
