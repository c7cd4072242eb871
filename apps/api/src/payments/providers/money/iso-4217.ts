import { code as isoCurrency, publishDate } from 'currency-codes';
import { MoneyConversionError } from './money-errors';

/**
 * THE table of our minor units: ISO 4217's exponent ("minor unit") per currency, from the `currency-codes`
 * package (ISO's list one; its `publishDate` says which edition). Every adapter converts from and to this; no
 * other table of "our" decimals exists (docs/providers.md §7).
 *
 * ISO lists precious metals, SDRs, the test code and "no currency" (XAU, XAG, XPD, XPT, XBA–XBD, XDR, XSU, XUA,
 * XTS, XXX) with minor unit "N.A."; the package reports them as 0. They are not money a shopper pays with, so
 * they are refused here rather than treated as zero-decimal currencies.
 */
const NOT_A_MINOR_UNIT = new Set(['XAU', 'XAG', 'XPD', 'XPT', 'XBA', 'XBB', 'XBC', 'XBD', 'XDR', 'XSU', 'XUA', 'XTS', 'XXX']);

export const ISO_4217_EDITION: string = publishDate;

/** ISO 4217 exponent of `currency` (HKD 2, JPY 0, KWD 3, IDR 2, TWD 2); an unknown code throws, never defaults. */
export function isoExponent(currency: string): number {
  // The package upper-cases its input; our codes are exactly three upper-case letters (contracts CurrencyCode).
  const record = /^[A-Z]{3}$/.test(currency) && !NOT_A_MINOR_UNIT.has(currency) ? isoCurrency(currency) : undefined;
  if (!record || !Number.isInteger(record.digits) || record.digits < 0) {
    throw new MoneyConversionError(currency, `${currency} is not an ISO 4217 currency with a minor unit`);
  }
  return record.digits;
}

/** Whether `currency` has an ISO 4217 minor unit (so it can be an order's currency at all). */
export function isIsoCurrency(currency: string): boolean {
  try {
    isoExponent(currency);
    return true;
  } catch {
    return false;
  }
}
