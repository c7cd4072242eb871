import type { Money } from '@minipay/contracts'

/** ISO 4217 minor-unit exponents that are not 2. Display only: providers keep their own tables. */
const EXPONENTS: Record<string, number> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0, VND: 0,
  VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
}

const SYMBOLS: Record<string, string> = {
  CNY: '¥', HKD: 'HK$', TWD: 'NT$', JPY: 'JP¥', USD: 'US$', EUR: '€', GBP: '£', SGD: 'S$', MOP: 'MOP$', KRW: '₩',
}

export function currencyExponent(currency: string): number {
  return EXPONENTS[currency] ?? 2
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/**
 * Formats integer minor units with string arithmetic only (no floats, and no Intl, which the mini program's
 * JS engines do not all ship): { value: 123450, currency: 'HKD' } → "HK$1,234.50".
 */
export function formatMoney({ value, currency }: Money): string {
  const exponent = currencyExponent(currency)
  const negative = value < 0
  const digits = String(Math.abs(Math.trunc(value))).padStart(exponent + 1, '0')
  const major = groupThousands(digits.slice(0, digits.length - exponent))
  const minor = exponent > 0 ? `.${digits.slice(digits.length - exponent)}` : ''
  const amount = `${negative ? '-' : ''}${major}${minor}`
  const symbol = SYMBOLS[currency]
  return symbol ? `${symbol}${amount}` : `${amount} ${currency}`
}

/** Multiplies a unit price by a quantity, still in integer minor units. */
export function multiplyMoney(price: Money, quantity: number): Money {
  return { value: price.value * quantity, currency: price.currency }
}

/** Sums amounts per currency, in first-seen order: a cart may hold several currencies, the API refuses to mix them. */
export function sumByCurrency(amounts: readonly Money[]): Money[] {
  const totals = new Map<string, number>()
  for (const { value, currency } of amounts) {
    totals.set(currency, (totals.get(currency) ?? 0) + value)
  }
  return [...totals].map(([currency, value]) => ({ value, currency }))
}
