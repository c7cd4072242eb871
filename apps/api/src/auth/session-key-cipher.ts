import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * WeChat's session_key at rest: AES-256-GCM with a key from SESSION_KEY_ENCRYPTION_KEYS (`kid:base64key`, the first
 * encrypts, every one decrypts, so keys rotate without downtime). Stored as `v1.<kid>.<iv>.<ciphertext>.<tag>`
 * (base64url parts); the user's openid is bound as associated data, so a value copied onto another user's row
 * does not decrypt.
 */
export class SessionKeyCipher {
  private readonly keys: Map<string, Buffer>;
  private readonly primaryKid: string;

  /** The key id new values are encrypted under. */
  get primaryKeyId(): string {
    return this.primaryKid;
  }

  constructor(entries: readonly string[]) {
    if (entries.length === 0) throw new Error('SessionKeyCipher needs at least one key');
    this.keys = new Map(
      entries.map((entry) => {
        const at = entry.indexOf(':');
        const key = Buffer.from(entry.slice(at + 1), 'base64');
        if (at < 1 || key.length !== 32) throw new Error('each session_key encryption key must be kid:base64(32 bytes)');
        return [entry.slice(0, at), key];
      }),
    );
    this.primaryKid = entries[0].slice(0, entries[0].indexOf(':'));
  }

  encrypt(plaintext: string, openid: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.primaryKid)!, iv);
    cipher.setAAD(Buffer.from(openid, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', this.primaryKid, iv.toString('base64url'), ciphertext.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
  }

  /** The session_key; throws when the value was altered, belongs to another openid, or its key id is no longer configured. */
  decrypt(stored: string, openid: string): string {
    const [version, kid, iv, ciphertext, tag, ...rest] = stored.split('.');
    if (version !== 'v1' || !kid || !iv || !ciphertext || !tag || rest.length > 0) throw new Error('not an encrypted session_key');
    const key = this.keys.get(kid);
    if (!key) throw new Error(`session_key encrypted with key id "${kid}", which is not configured`);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(openid, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** The key id a stored value was encrypted with (null if it is not an encrypted value). */
  static keyId(stored: string): string | null {
    const parts = stored.split('.');
    return parts.length === 5 && parts[0] === 'v1' ? parts[1] : null;
  }

  /** True when the value should be re-encrypted under the current primary key. */
  needsRotation(stored: string): boolean {
    return SessionKeyCipher.keyId(stored) !== this.primaryKid;
  }
}
