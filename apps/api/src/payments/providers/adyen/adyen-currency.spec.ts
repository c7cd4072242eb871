import fc from 'fast-check';
import { isoExponent, MoneyConversionError } from '../money';
import { ADYEN_EXPONENTS, adyenExponent, fromAdyenAmount, toAdyenAmount } from './adyen-currency';

const ADYEN_CURRENCIES = Object.keys(ADYEN_EXPONENTS);

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
    [
      { value: 1250, currency: 'HKD' },
      { value: 1250, currency: 'HKD' },
    ],
    [
      { value: 1250, currency: 'TWD' },
      { value: 1250, currency: 'TWD' },
    ],
    [
      { value: 500, currency: 'JPY' },
      { value: 500, currency: 'JPY' },
    ],
    [
      { value: 12_000, currency: 'KRW' },
      { value: 12_000, currency: 'KRW' },
    ],
    [
      { value: 1234, currency: 'KWD' },
      { value: 1234, currency: 'KWD' },
    ],
    [
      { value: 5, currency: 'BHD' },
      { value: 5, currency: 'BHD' },
    ],
    [
      { value: 990, currency: 'JOD' },
      { value: 990, currency: 'JOD' },
    ],
    // IDR: ISO 4217 (ours) has 2 decimals, Adyen counts whole rupiah.
    [
      { value: 1_500_000, currency: 'IDR' },
      { value: 15_000, currency: 'IDR' },
    ],
  ])('converts %j to Adyen %j and back', (ours, adyen) => {
    expect(toAdyenAmount(ours)).toEqual(adyen);
    expect(fromAdyenAmount(adyen)).toEqual(ours);
  });

  it('refuses an amount Adyen cannot express exactly rather than rounding it', () => {
    expect(() => toAdyenAmount({ value: 12_345, currency: 'IDR' })).toThrow(MoneyConversionError);
    expect(() => toAdyenAmount({ value: 12_345, currency: 'IDR' })).toThrow(/cannot be expressed exactly/);
  });

  it('refuses a currency it has no exponent for, and non-integer amounts', () => {
    expect(() => toAdyenAmount({ value: 100, currency: 'XYZ' })).toThrow('currency XYZ is not supported by the Adyen provider');
    expect(() => toAdyenAmount({ value: 100, currency: 'CLP' })).toThrow(MoneyConversionError); // ISO knows it; we have not checked Adyen's
    expect(() => toAdyenAmount({ value: 12.5, currency: 'HKD' })).toThrow(MoneyConversionError);
    expect(() => fromAdyenAmount({ value: 100, currency: 'ABC' })).toThrow(MoneyConversionError);
  });

  it('for every currency Adyen accepts: the round trip is exact and the real amount never changes', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ADYEN_CURRENCIES), fc.nat({ max: 10 ** 12 }), (currency, adyenValue) => {
        // Anything Adyen can report maps to exactly one amount of ours, and back.
        const ours = fromAdyenAmount({ value: adyenValue, currency });
        expect(toAdyenAmount(ours)).toEqual({ value: adyenValue, currency });
        expect(BigInt(ours.value) * 10n ** BigInt(adyenExponent(currency))).toBe(BigInt(adyenValue) * 10n ** BigInt(isoExponent(currency)));
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.constantFrom(...ADYEN_CURRENCIES), fc.nat({ max: 10 ** 12 }), (currency, value) => {
        // Ours → Adyen: exact, or refused only when Adyen truly lacks the decimals.
        const step = 10 ** (isoExponent(currency) - adyenExponent(currency));
        if (value % step === 0) expect(fromAdyenAmount(toAdyenAmount({ value, currency }))).toEqual({ value, currency });
        else expect(() => toAdyenAmount({ value, currency })).toThrow(MoneyConversionError);
      }),
      { numRuns: 2000 },
    );
  });
});
