import { formatMoney, sumByCurrency } from './money'

describe('formatMoney', () => {
  it('formats two-decimal currencies from minor units with thousands separators', () => {
    expect(formatMoney({ value: 123450, currency: 'HKD' })).toBe('HK$1,234.50')
    expect(formatMoney({ value: 5, currency: 'CNY' })).toBe('¥0.05')
    expect(formatMoney({ value: 0, currency: 'TWD' })).toBe('NT$0.00')
  })

  it('formats zero-decimal and three-decimal currencies by their ISO 4217 exponent', () => {
    expect(formatMoney({ value: 1500, currency: 'JPY' })).toBe('JP¥1,500')
    expect(formatMoney({ value: 1234, currency: 'BHD' })).toBe('1.234 BHD')
  })

  it('never goes through floating point, even for large amounts', () => {
    expect(formatMoney({ value: 900719925474099, currency: 'HKD' })).toBe('HK$9,007,199,254,740.99')
  })

  it('falls back to the currency code for currencies without a symbol', () => {
    expect(formatMoney({ value: 1999, currency: 'CHF' })).toBe('19.99 CHF')
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
