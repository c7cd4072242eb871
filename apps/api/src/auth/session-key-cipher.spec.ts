import { SessionKeyCipher } from './session-key-cipher';

const key = (fill: number) => Buffer.alloc(32, fill).toString('base64');
const sessionKey = 'tiihtNczf5v6AKRyjwEUhQ==';

describe('SessionKeyCipher', () => {
  const cipher = new SessionKeyCipher([`k1:${key(1)}`]);

  it('round-trips, with the key id in the stored value and nothing of the plaintext', () => {
    const stored = cipher.encrypt(sessionKey, 'openid-1');
    expect(stored).toMatch(/^v1\.k1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(stored).not.toContain(sessionKey);
    expect(stored.length).toBeLessThanOrEqual(128); // fits users.session_key
    expect(cipher.decrypt(stored, 'openid-1')).toBe(sessionKey);
  });

  it('uses a fresh IV each time', () => {
    expect(cipher.encrypt(sessionKey, 'o')).not.toBe(cipher.encrypt(sessionKey, 'o'));
  });

  it('refuses a tampered value or one moved to another user', () => {
    const stored = cipher.encrypt(sessionKey, 'openid-1');
    const parts = stored.split('.');
    const flipped = Buffer.from(parts[3], 'base64url');
    flipped[0] ^= 1;
    parts[3] = flipped.toString('base64url');
    expect(() => cipher.decrypt(parts.join('.'), 'openid-1')).toThrow();
    expect(() => cipher.decrypt(stored, 'openid-2')).toThrow();
    expect(() => cipher.decrypt(sessionKey, 'openid-1')).toThrow(/not an encrypted session_key/);
  });

  it('rotates: a new first key encrypts, the old one still decrypts until it is removed', () => {
    const before = new SessionKeyCipher([`old:${key(1)}`]);
    const stored = before.encrypt(sessionKey, 'openid-1');

    const during = new SessionKeyCipher([`new:${key(2)}`, `old:${key(1)}`]);
    expect(during.decrypt(stored, 'openid-1')).toBe(sessionKey);
    expect(during.needsRotation(stored)).toBe(true);
    const rewritten = during.encrypt(during.decrypt(stored, 'openid-1'), 'openid-1');
    expect(SessionKeyCipher.keyId(rewritten)).toBe('new');
    expect(during.needsRotation(rewritten)).toBe(false);

    const after = new SessionKeyCipher([`new:${key(2)}`]);
    expect(after.decrypt(rewritten, 'openid-1')).toBe(sessionKey);
    expect(() => after.decrypt(stored, 'openid-1')).toThrow(/key id "old", which is not configured/);
  });

  it('refuses a key id reused with a different key (authentication fails)', () => {
    const stored = new SessionKeyCipher([`k1:${key(1)}`]).encrypt(sessionKey, 'o');
    expect(() => new SessionKeyCipher([`k1:${key(3)}`]).decrypt(stored, 'o')).toThrow();
  });
});
