import type { Money } from '@minipay/contracts'
import { getLocale } from '../i18n'

/** ISO 4217 minor-unit exponents that are not 2. Display only: providers keep their own tables. */
const EXPONENTS: Record<string, number> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
}

/**
 * The symbols shoppers here read, whatever the locale: Intl alone writes CNY as "CN¥" in English and TWD as
 * "$" in Traditional Chinese, which is ambiguous next to HK$.
 */
const SYMBOLS: Record<string, string> = {
  CNY: '¥',
  HKD: 'HK$',
  TWD: 'NT$',
  JPY: 'JP¥',
  USD: 'US$',
  EUR: '€',
  GBP: '£',
  SGD: 'S$',
  MOP: 'MOP$',
  KRW: '₩',
}

export function currencyExponent(currency: string): number {
  return EXPONENTS[currency] ?? 2
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/** Minor units as a decimal string, by string arithmetic: 123450 with exponent 2 → "1234.50". */
function toDecimal(value: number, exponent: number, group: (digits: string) => string = (digits) => digits): string {
  const digits = String(Math.abs(Math.trunc(value))).padStart(exponent + 1, '0')
  const major = group(digits.slice(0, digits.length - exponent))
  const minor = exponent > 0 ? `.${digits.slice(digits.length - exponent)}` : ''
  return `${value < 0 ? '-' : ''}${major}${minor}`
}

/**
 * Formats integer minor units with string arithmetic only (no floats, no Intl): the fallback for JS engines
 * without Intl. { value: 123450, currency: 'HKD' } → "HK$1,234.50".
 */
export function formatMoneyPlain({ value, currency }: Money): string {
  const amount = toDecimal(value, currencyExponent(currency), groupThousands)
  const symbol = SYMBOLS[currency]
  return symbol ? `${symbol}${amount}` : `${amount} ${currency}`
}

const formatters = new Map<string, Intl.NumberFormat | null>()

function formatterFor(locale: string, currency: string): Intl.NumberFormat | null {
  const cacheKey = `${locale}|${currency}`
  if (!formatters.has(cacheKey)) {
    let formatter: Intl.NumberFormat | null = null
    try {
      if (typeof Intl !== 'undefined' && typeof Intl.NumberFormat === 'function') {
        const digits = currencyExponent(currency)
        formatter = new Intl.NumberFormat(locale, {
          style: 'currency',
          currency,
          currencyDisplay: 'symbol',
          minimumFractionDigits: digits,
          maximumFractionDigits: digits,
        })
        if (typeof formatter.formatToParts !== 'function') formatter = null
      }
    } catch {
      // No Intl, no data for this locale, or a code Intl does not know: the plain formatter copes.
      formatter = null
    }
    formatters.set(cacheKey, formatter)
  }
  return formatters.get(cacheKey) ?? null
}

/**
 * Money for the shopper's locale: Intl.NumberFormat places the sign, groups the digits and puts the symbol
 * where the locale wants it; the symbol itself is ours (¥, HK$, NT$). Intl gets the amount as a decimal
 * string, which current engines format exactly (no float in between); older ones read it as a number,
 * which is exact for every amount a shop handles.
 */
export function formatMoney(money: Money, locale: string = getLocale()): string {
  const formatter = formatterFor(locale, money.currency)
  if (!formatter || !Number.isSafeInteger(money.value)) return formatMoneyPlain(money)
  const decimal = toDecimal(money.value, currencyExponent(money.currency))
  const symbol = SYMBOLS[money.currency]
  return formatter
    .formatToParts(decimal as unknown as number)
    .map((part) => (part.type === 'currency' && symbol ? symbol : part.value))
    .join('')
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
