import { SessionTokens } from './session-token';

describe('SessionTokens', () => {
  const tokens = new SessionTokens('a-session-secret-of-at-least-32-chars!', 3600);
  const now = Date.parse('2026-11-25T12:00:00Z');

  it('issues a token that verifies to the user id', () => {
    const { token, expiresIn } = tokens.issue('user-1', now);
    expect(expiresIn).toBe(3600);
    expect(tokens.verify(token, now + 1000)?.sub).toBe('user-1');
  });

  it('rejects an expired token', () => {
    const { token } = tokens.issue('user-1', now);
    expect(tokens.verify(token, now + 3600 * 1000)).toBeNull();
  });

  it('rejects a token whose claims were altered', () => {
    const { token } = tokens.issue('user-1', now);
    const [, signature] = token.split('.');
    const forged = `${Buffer.from(JSON.stringify({ sub: 'user-2', exp: 9999999999 })).toString('base64url')}.${signature}`;
    expect(tokens.verify(forged, now)).toBeNull();
  });

  it('rejects a token signed with another secret', () => {
    const other = new SessionTokens('another-session-secret-of-32-chars!!', 3600);
    expect(tokens.verify(other.issue('user-1', now).token, now)).toBeNull();
  });

  it.each(['', 'abc', 'a.b.c', '..'])('rejects garbage %j', (token) => {
    expect(tokens.verify(token, now)).toBeNull();
  });
});
