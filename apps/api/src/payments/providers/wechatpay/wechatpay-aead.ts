import { createCipheriv, createDecipheriv } from 'node:crypto';

/**
 * AEAD_AES_256_GCM as WeChat Pay v3 uses it for notification resources and platform certificates: key = the
 * 32-byte APIv3 key, a 12-byte nonce (sent as a string), associated_data as AAD, and `ciphertext` = base64 of the
 * encrypted bytes followed by the 16-byte tag (docs/providers.md, WeChat Pay v3). The tag is always checked.
 */

const TAG_BYTES = 16;

export interface EncryptedResource {
  ciphertext: string;
  nonce: string;
  associated_data?: string | null;
}

export class AeadDecryptionError extends Error {
  constructor(reason: string) {
    super(`AEAD_AES_256_GCM decryption failed: ${reason}`);
    this.name = 'AeadDecryptionError';
  }
}

function keyBytes(apiV3Key: string): Buffer {
  const key = Buffer.from(apiV3Key, 'utf8');
  if (key.length !== 32) throw new AeadDecryptionError('the APIv3 key must be 32 bytes');
  return key;
}

export function decryptResource(apiV3Key: string, resource: EncryptedResource): string {
  const key = keyBytes(apiV3Key);
  const data = Buffer.from(resource.ciphertext, 'base64');
  if (data.length <= TAG_BYTES) throw new AeadDecryptionError('ciphertext shorter than the tag');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(resource.nonce, 'utf8'), { authTagLength: TAG_BYTES });
  decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
  decipher.setAAD(Buffer.from(resource.associated_data ?? '', 'utf8'));
  try {
    return Buffer.concat([decipher.update(data.subarray(0, data.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    // final() throws when the tag does not match: tampered ciphertext, wrong key, nonce or associated_data.
    throw new AeadDecryptionError('authentication tag mismatch');
  }
}

/** The inverse, for tests and fixtures. */
export function encryptResource(apiV3Key: string, plaintext: string, nonce: string, associatedData = ''): EncryptedResource {
  const cipher = createCipheriv('aes-256-gcm', keyBytes(apiV3Key), Buffer.from(nonce, 'utf8'), { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return { ciphertext: Buffer.concat([body, cipher.getAuthTag()]).toString('base64'), nonce, associated_data: associatedData };
}
