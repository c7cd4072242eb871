import { formatMoney, formatMoneyPlain, sumByCurrency } from './money'
import { setLocale } from '../i18n'

describe('formatMoney', () => {
  it.each(['en-US', 'zh-CN', 'zh-TW'] as const)('writes ¥, HK$ and NT$ with grouping and minor units in %s', (locale) => {
    setLocale(locale)
    expect(formatMoney({ value: 123450, currency: 'HKD' })).toBe('HK$1,234.50')
    expect(formatMoney({ value: 5, currency: 'CNY' })).toBe('¥0.05')
    expect(formatMoney({ value: 0, currency: 'TWD' })).toBe('NT$0.00')
    expect(formatMoney({ value: -2550, currency: 'CNY' })).toBe('-¥25.50')
  })

  it('formats zero-decimal and three-decimal currencies by their ISO 4217 exponent, the way the locale writes them', () => {
    expect(formatMoney({ value: 1500, currency: 'JPY' }, 'en-US')).toBe('JP¥1,500')
    expect(formatMoney({ value: 1234, currency: 'BHD' }, 'en-US')).toBe('BHD\u00a01.234')
    expect(formatMoney({ value: 1999, currency: 'EUR' }, 'en-US')).toBe('€19.99')
  })

  it('follows the locale for currencies without a symbol of ours', () => {
    expect(formatMoney({ value: 1999, currency: 'CHF' }, 'en-US')).toBe('CHF\u00a019.99')
    expect(formatMoney({ value: 1999, currency: 'CHF' }, 'zh-CN')).toBe('CHF\u00a019.99')
  })

  it('never goes through floating point, even for large amounts', () => {
    expect(formatMoney({ value: 900719925474099, currency: 'HKD' }, 'en-US')).toBe('HK$9,007,199,254,740.99')
    expect(formatMoney({ value: 100000000000001, currency: 'CNY' }, 'zh-CN')).toBe('¥1,000,000,000,000.01')
  })

  it('falls back to string arithmetic without Intl', () => {
    const intl = globalThis.Intl
    try {
      // @ts-expect-error simulating a JS engine without Intl
      delete globalThis.Intl
      expect(formatMoney({ value: 123450, currency: 'HKD' }, 'xx-NOINTL')).toBe('HK$1,234.50')
    } finally {
      globalThis.Intl = intl
    }
    expect(formatMoneyPlain({ value: 1234, currency: 'BHD' })).toBe('1.234 BHD')
    expect(formatMoneyPlain({ value: 1999, currency: 'CHF' })).toBe('19.99 CHF')
  })
})

describe('sumByCurrency', () => {
  it('adds amounts per currency in first-seen order', () => {
    expect(
      sumByCurrency([
        { value: 100, currency: 'HKD' },
        { value: 5, currency: 'JPY' },
        { value: 250, currency: 'HKD' },
      ]),
    ).toEqual([
      { value: 350, currency: 'HKD' },
      { value: 5, currency: 'JPY' },
    ])
  })
})
