/**
 * Currency exponents differ by provider (docs/providers.md §7): Adyen uses 2 for TWD, the intents provider 0.
 * Each provider picks its own table; money is integer minor units everywhere else.
 */
const ZERO_DECIMAL_COMMON = ['JPY', 'KRW', 'IDR', 'VND', 'CLP', 'ISK', 'UGX', 'XAF', 'XOF', 'PYG'];
const THREE_DECIMAL = ['BHD', 'KWD', 'JOD', 'OMR', 'TND', 'IQD', 'LYD'];

export function adyenExponent(currency: string): number {
  if (THREE_DECIMAL.includes(currency)) return 3;
  if (ZERO_DECIMAL_COMMON.includes(currency)) return 0;
  return 2;
}

export function intentsExponent(currency: string): number {
  if (THREE_DECIMAL.includes(currency)) return 3;
  if (currency === 'TWD' || ZERO_DECIMAL_COMMON.includes(currency)) return 0;
  return 2;
}

const DECIMAL = /^(0|[1-9]\d{0,15})(\.(\d{1,2}))?$/;

/**
 * Parses a major-unit decimal string ("12.50") into minor units without floats.
 * Returns an error message instead when the string is not a positive amount the currency can hold.
 */
export function parseMajor(amount: string, exponent: number): { minor: number } | { error: string } {
  const m = DECIMAL.exec(amount);
  if (!m) return { error: 'amount must be a positive decimal string with at most 2 decimals' };
  const whole = m[1]!;
  const frac = m[3] ?? '';
  // Decimals beyond the currency's exponent are only acceptable as trailing zeros ("50.00" TWD).
  if (frac.length > exponent && /[1-9]/.test(frac.slice(exponent))) {
    return { error: `amount has more decimals than the currency allows (${exponent})` };
  }
  const fracPadded = (frac + '000').slice(0, exponent);
  const minor = Number(whole) * 10 ** exponent + (exponent ? Number(fracPadded) : 0);
  if (!Number.isSafeInteger(minor) || minor <= 0) return { error: 'amount must be greater than 0' };
  return { minor };
}

export function formatMajor(minor: number, exponent: number): string {
  if (exponent === 0) return String(minor);
  const s = String(Math.abs(minor)).padStart(exponent + 1, '0');
  return `${minor < 0 ? '-' : ''}${s.slice(0, -exponent)}.${s.slice(-exponent)}`;
}
