import type { Money } from '@minipay/contracts';

/** The currency's minor-unit exponent (ISO 4217) as the browser's ICU data knows it: HKD 2, JPY 0, KWD 3. */
export function exponentOf(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** Minor units → "HK$12.50", "¥1,250", in the currency's own number of decimals. */
export function formatMoney(money: Money): string {
  const exponent = exponentOf(money.currency);
  return new Intl.NumberFormat('en', { style: 'currency', currency: money.currency, minimumFractionDigits: exponent, maximumFractionDigits: exponent }).format(
    money.value / 10 ** exponent,
  );
}

/** A typed major amount (e.g. 12.5) → minor units (1250), rounded to the currency's exponent. */
export function toMinor(major: number, currency: string): number {
  return Math.round(major * 10 ** exponentOf(currency));
}

export function toMajor(minor: number, currency: string): number {
  return minor / 10 ** exponentOf(currency);
}
