import type { Money } from '@minipay/contracts';

/**
 * Decimal places Adyen uses per currency (its "currency codes" table). They are NOT always ISO 4217's:
 * Adyen counts IDR in whole rupiah (0) where ISO says 2, and TWD in cents (2) where other providers use 0
 * (providers.md §7). Only the currencies listed here are accepted: a currency we have not checked is refused
 * rather than guessed, because a wrong exponent charges 100× too much or too little.
 */
const ADYEN_EXPONENTS: Readonly<Record<string, number>> = {
  HKD: 2, TWD: 2, CNY: 2, USD: 2, EUR: 2, GBP: 2, SGD: 2, AUD: 2, MOP: 2,
  JPY: 0, KRW: 0, IDR: 0, VND: 0,
  BHD: 3, KWD: 3, JOD: 3, OMR: 3, TND: 3, IQD: 3, LYD: 3,
};

/** Our Money's exponent: ISO 4217 minor units (contracts: "cents for HKD"). */
const OUR_EXPONENTS: Readonly<Record<string, number>> = {
  HKD: 2, TWD: 2, CNY: 2, USD: 2, EUR: 2, GBP: 2, SGD: 2, AUD: 2, MOP: 2,
  JPY: 0, KRW: 0, IDR: 2, VND: 0,
  BHD: 3, KWD: 3, JOD: 3, OMR: 3, TND: 3, IQD: 3, LYD: 3,
};

export class AdyenCurrencyError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'AdyenCurrencyError';
  }
}

export function adyenExponent(currency: string): number {
  const exponent = ADYEN_EXPONENTS[currency];
  if (exponent === undefined) throw new AdyenCurrencyError(`currency ${currency} is not supported by the Adyen adapter`);
  return exponent;
}

function ourExponent(currency: string): number {
  const exponent = OUR_EXPONENTS[currency];
  if (exponent === undefined) throw new AdyenCurrencyError(`currency ${currency} has no known minor unit`);
  return exponent;
}

/**
 * Our minor units → Adyen's minor units. Exact or refused: IDR 12_345 (123.45 rupiah) cannot be sent to
 * Adyen, which takes whole rupiah, so it throws instead of rounding somebody's money away.
 */
export function toAdyenAmount(money: Money): { value: number; currency: string } {
  const shift = adyenExponent(money.currency) - ourExponent(money.currency);
  if (!Number.isSafeInteger(money.value) || money.value < 0) throw new AdyenCurrencyError(`amount ${money.value} is not a non-negative integer`);
  if (shift >= 0) return { value: money.value * 10 ** shift, currency: money.currency };
  const factor = 10 ** -shift;
  if (money.value % factor !== 0) {
    throw new AdyenCurrencyError(`${money.value} ${money.currency} minor units cannot be expressed in Adyen's ${adyenExponent(money.currency)} decimals`);
  }
  return { value: money.value / factor, currency: money.currency };
}

/** Adyen's minor units → ours (always exact: our exponent is never smaller than Adyen's for a listed currency). */
export function fromAdyenAmount(amount: { value: number; currency: string }): Money {
  const shift = ourExponent(amount.currency) - adyenExponent(amount.currency);
  if (!Number.isSafeInteger(amount.value) || amount.value < 0) throw new AdyenCurrencyError(`amount ${amount.value} is not a non-negative integer`);
  if (shift >= 0) return { value: amount.value * 10 ** shift, currency: amount.currency };
  const factor = 10 ** -shift;
  if (amount.value % factor !== 0) throw new AdyenCurrencyError(`${amount.value} ${amount.currency} (Adyen) has no exact value in our minor units`);
  return { value: amount.value / factor, currency: amount.currency };
}
