import type { Money } from '@minipay/contracts';
import { fromProviderMinor, providerExponent, toProviderMinor, type ProviderExponents } from '../money';

/**
 * Decimal places Adyen uses per currency (its "currency codes" table, docs/providers.md §4 and §7). They are NOT
 * always ISO 4217's: Adyen counts IDR in whole rupiah (0) where ISO says 2. Only the currencies listed here are
 * accepted: a currency we have not checked is refused rather than guessed, because a wrong exponent charges 100×
 * too much or too little. Our side of every conversion is the one ISO table (`../money/iso-4217`).
 */
// prettier-ignore
export const ADYEN_EXPONENTS: ProviderExponents = {
  HKD: 2, TWD: 2, CNY: 2, USD: 2, EUR: 2, GBP: 2, SGD: 2, AUD: 2, MOP: 2,
  JPY: 0, KRW: 0, IDR: 0, VND: 0,
  BHD: 3, KWD: 3, JOD: 3, OMR: 3, TND: 3, IQD: 3, LYD: 3,
};

export function adyenExponent(currency: string): number {
  return providerExponent('Adyen', ADYEN_EXPONENTS, currency);
}

/**
 * Our minor units → Adyen's minor units. Exact or MoneyConversionError: IDR 12_345 (123.45 rupiah) cannot be sent
 * to Adyen, which takes whole rupiah, so it throws instead of rounding somebody's money away.
 */
export function toAdyenAmount(money: Money): { value: number; currency: string } {
  return { value: toProviderMinor(money.currency, money.value, adyenExponent(money.currency)), currency: money.currency };
}

/** Adyen's minor units → ours (exact for every listed currency: ISO never has fewer decimals than Adyen there). */
export function fromAdyenAmount(amount: { value: number; currency: string }): Money {
  return { value: fromProviderMinor(amount.currency, amount.value, adyenExponent(amount.currency)), currency: amount.currency };
}
