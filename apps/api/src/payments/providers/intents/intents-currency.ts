import type { Money } from '@minipay/contracts';
import { fromProviderDecimal, fromProviderMinorString, providerExponent, toProviderDecimal, toProviderMinor, type ProviderExponents } from '../money';

/**
 * Decimal places the intents provider uses per currency, and the only currencies it is sent (docs/providers.md §3,
 * §7). They differ from ISO 4217 (ours) for TWD and IDR, which it counts in whole units; three-decimal currencies
 * (KWD, BHD, JOD, …) are not offered by it and are refused, as is anything unlisted — never defaulted to 2.
 */
// prettier-ignore
export const INTENTS_EXPONENTS: ProviderExponents = {
  HKD: 2, CNY: 2, USD: 2, EUR: 2, GBP: 2, SGD: 2, AUD: 2, MOP: 2,
  TWD: 0, JPY: 0, KRW: 0, VND: 0, IDR: 0,
};

/** `INTENTS_AMOUNT_UNIT`: whether the wire `amount` string is in major units ("12.50") or the provider's minor units ("1250"). */
export type IntentsAmountUnit = 'major' | 'minor';

export function intentsExponent(currency: string): number {
  return providerExponent('intents', INTENTS_EXPONENTS, currency);
}

/**
 * Our Money → the wire `amount` string. TWD 1200 (12.00 in ISO minor units) is "12" in either unit; TWD 1250
 * (12.50) cannot be expressed and throws MoneyConversionError.
 */
export function toIntentsAmount(money: Money, unit: IntentsAmountUnit): string {
  const exponent = intentsExponent(money.currency);
  if (unit === 'minor') return String(toProviderMinor(money.currency, money.value, exponent));
  return toProviderDecimal(money.currency, money.value, exponent);
}

/** The wire `amount` string (with its `currency`) → our Money; exact or MoneyConversionError. */
export function fromIntentsAmount(amount: string, currency: string, unit: IntentsAmountUnit): Money {
  const exponent = intentsExponent(currency);
  const value = unit === 'minor' ? fromProviderMinorString(currency, amount, exponent) : fromProviderDecimal(currency, amount, exponent);
  return { value, currency };
}
