/**
 * Decimal places this provider uses per currency. Providers disagree (Adyen uses 2 for TWD, this one 0 —
 * see providers.md §7), so the table belongs to the adapter. Unlisted currencies use 2.
 */
const INTENTS_EXPONENTS: Readonly<Record<string, number>> = {
  HKD: 2, CNY: 2, USD: 2, EUR: 2, GBP: 2, SGD: 2, AUD: 2, MOP: 2,
  TWD: 0, JPY: 0, KRW: 0, VND: 0, IDR: 0,
};

export function intentsExponent(currency: string): number {
  return INTENTS_EXPONENTS[currency] ?? 2;
}
