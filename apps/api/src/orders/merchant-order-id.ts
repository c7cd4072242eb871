import { randomInt } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base32: no I, L, O, U

/**
 * `MP` + yyMMdd + 12 random base32 characters: 20 characters, leaving room for the `-n` attempt suffix
 * within the providers' 32-character limit, and sortable by day for support staff.
 */
export function newMerchantOrderId(now = new Date()): string {
  const day = now.toISOString().slice(2, 10).replace(/-/g, '');
  let random = '';
  for (let i = 0; i < 12; i++) random += ALPHABET[randomInt(ALPHABET.length)];
  return `MP${day}${random}`;
}
