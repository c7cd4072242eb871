import { AdyenCurrencyError, adyenExponent, fromAdyenAmount, toAdyenAmount } from './adyen-currency';

describe('Adyen currency conversion', () => {
  it.each([
    ['HKD', 2],
    ['TWD', 2],
    ['CNY', 2],
    ['JPY', 0],
    ['KRW', 0],
    ['IDR', 0],
    ['VND', 0],
    ['BHD', 3],
    ['KWD', 3],
    ['JOD', 3],
    ['OMR', 3],
    ['TND', 3],
    ['IQD', 3],
    ['LYD', 3],
  ])('uses Adyen exponent for %s = %i', (currency, exponent) => {
    expect(adyenExponent(currency)).toBe(exponent);
  });

  it.each([
    [{ value: 1250, currency: 'HKD' }, { value: 1250, currency: 'HKD' }],
    [{ value: 1250, currency: 'TWD' }, { value: 1250, currency: 'TWD' }],
    [{ value: 500, currency: 'JPY' }, { value: 500, currency: 'JPY' }],
    [{ value: 1234, currency: 'KWD' }, { value: 1234, currency: 'KWD' }],
    // IDR: ISO 4217 (ours) has 2 decimals, Adyen counts whole rupiah.
    [{ value: 1_500_000, currency: 'IDR' }, { value: 15_000, currency: 'IDR' }],
  ])('converts %j to Adyen %j and back', (ours, adyen) => {
    expect(toAdyenAmount(ours)).toEqual(adyen);
    expect(fromAdyenAmount(adyen)).toEqual(ours);
  });

  it('refuses an amount Adyen cannot express exactly rather than rounding it', () => {
    expect(() => toAdyenAmount({ value: 12_345, currency: 'IDR' })).toThrow(AdyenCurrencyError);
  });

  it('refuses a currency it has no exponent for, and non-integer amounts', () => {
    expect(() => toAdyenAmount({ value: 100, currency: 'XYZ' })).toThrow(AdyenCurrencyError);
    expect(() => toAdyenAmount({ value: 12.5, currency: 'HKD' })).toThrow(AdyenCurrencyError);
    expect(() => fromAdyenAmount({ value: 100, currency: 'ABC' })).toThrow(AdyenCurrencyError);
  });
});
