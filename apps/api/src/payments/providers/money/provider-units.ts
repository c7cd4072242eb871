import { decimalToMinor, minorToDecimal } from '../decimal-money';
import { isoExponent } from './iso-4217';
import { MoneyConversionError } from './money-errors';

/**
 * Conversions between OUR minor units (ISO 4217, `isoExponent`) and a provider's unit for the same currency.
 * A provider may count a currency with fewer or more decimals than ISO (docs/providers.md §7: Adyen counts IDR in
 * whole rupiah, the intents provider TWD and IDR in whole units). Every conversion is exact or throws
 * MoneyConversionError: an amount is never rounded and never scaled by a guessed exponent.
 *
 * Usage from an adapter: keep the provider's own table of accepted currencies and their exponents
 * (`providerExponent`), then `toProviderMinor` / `toProviderDecimal` on the way out and `fromProviderMinor` /
 * `fromProviderDecimal` on the way in.
 */

/** A provider's accepted currencies and the decimals it counts them in. */
export type ProviderExponents = Readonly<Record<string, number>>;

/** The provider's exponent for `currency`; a currency missing from its table is refused, never defaulted. */
export function providerExponent(provider: string, table: ProviderExponents, currency: string): number {
  const exponent = Object.hasOwn(table, currency) ? table[currency] : undefined;
  if (exponent === undefined) throw new MoneyConversionError(currency, `currency ${currency} is not supported by the ${provider} provider`);
  return exponent;
}

function assertCount(currency: string, value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new MoneyConversionError(currency, `${what} ${value} ${currency} is not a non-negative integer`);
}

/** Our minor units → the provider's minor units (its exponent). Exact or MoneyConversionError. */
export function toProviderMinor(currency: string, minorUnits: number, providerExponentValue: number): number {
  assertCount(currency, minorUnits, 'amount');
  return shift(currency, minorUnits, isoExponent(currency), providerExponentValue, 'our minor units', 'the provider');
}

/** The provider's minor units → ours. Exact or MoneyConversionError. */
export function fromProviderMinor(currency: string, providerMinorUnits: number, providerExponentValue: number): number {
  assertCount(currency, providerMinorUnits, 'provider amount');
  return shift(currency, providerMinorUnits, providerExponentValue, isoExponent(currency), "the provider's units", 'our minor units');
}

/** Our minor units → a major-unit decimal string with the provider's decimals ("12.50"; TWD 1200 → "12"). */
export function toProviderDecimal(currency: string, minorUnits: number, providerExponentValue: number): string {
  return minorToDecimal(toProviderMinor(currency, minorUnits, providerExponentValue), providerExponentValue);
}

/** A provider's major-unit decimal string → our minor units. More decimals than the provider uses are refused (trailing zeros aside). */
export function fromProviderDecimal(currency: string, text: string, providerExponentValue: number): number {
  let providerMinor: number;
  try {
    providerMinor = decimalToMinor(text, providerExponentValue);
  } catch (error) {
    throw new MoneyConversionError(currency, `provider amount "${text}" ${currency}: ${(error as Error).message}`);
  }
  return fromProviderMinor(currency, providerMinor, providerExponentValue);
}

/** A provider's minor-unit integer string ("1250") → our minor units. */
export function fromProviderMinorString(currency: string, text: string, providerExponentValue: number): number {
  if (!/^\d{1,16}$/.test(text.trim())) throw new MoneyConversionError(currency, `provider amount "${text}" ${currency} is not an integer count of minor units`);
  return fromProviderMinor(currency, Number(text.trim()), providerExponentValue);
}

function shift(currency: string, value: number, fromExponent: number, toExponent: number, fromName: string, toName: string): number {
  if (toExponent >= fromExponent) {
    const scaled = value * 10 ** (toExponent - fromExponent);
    if (!Number.isSafeInteger(scaled)) throw new MoneyConversionError(currency, `${value} ${currency} is too large to convert`);
    return scaled;
  }
  const factor = 10 ** (fromExponent - toExponent);
  if (value % factor !== 0) {
    throw new MoneyConversionError(
      currency,
      `${value} ${currency} in ${fromName} (${fromExponent} decimals) cannot be expressed exactly in ${toName} (${toExponent} decimals)`,
    );
  }
  return value / factor;
}
