import fc from 'fast-check';
import { codes } from 'currency-codes';
import { isIsoCurrency, isoExponent } from './iso-4217';
import { MoneyConversionError } from './money-errors';
import { fromProviderDecimal, fromProviderMinor, fromProviderMinorString, providerExponent, toProviderDecimal, toProviderMinor } from './provider-units';

const REAL_CURRENCIES = codes().filter(isIsoCurrency);

/** The real amount a count of minor units stands for, as an exact fraction numerator over 10^4 (BigInt: no float). */
const inTenThousandths = (units: number, exponent: number) => BigInt(units) * 10n ** BigInt(4 - exponent);

describe('our minor units ↔ a provider unit', () => {
  it.each<[string, number, number, number]>([
    // currency, ours (ISO minor units), provider exponent, provider minor units
    ['HKD', 1250, 2, 1250],
    ['TWD', 1200, 0, 12], // 12.00 TWD is "12" to a provider counting whole dollars — not 1200
    ['TWD', 1200, 2, 1200],
    ['IDR', 1_500_000, 0, 15_000], // 15,000.00 rupiah
    ['JPY', 500, 0, 500],
    ['KRW', 12_000, 0, 12_000],
    ['KWD', 1234, 3, 1234],
    ['BHD', 5, 3, 5],
    ['JPY', 5, 2, 500], // a provider with more decimals than ISO: always exact
    ['HKD', 0, 2, 0],
  ])('%s %i ↔ exponent %i: %i', (currency, ours, exponent, theirs) => {
    expect(toProviderMinor(currency, ours, exponent)).toBe(theirs);
    expect(fromProviderMinor(currency, theirs, exponent)).toBe(ours);
  });

  it.each<[string, number, number]>([
    ['TWD', 1250, 0], // 12.50 TWD to a whole-dollar provider
    ['IDR', 12_345, 0],
    ['KWD', 1234, 2], // 1.234 KWD to a two-decimal provider
    ['HKD', 1, 0],
  ])('refuses %s %i for exponent %i instead of rounding', (currency, ours, exponent) => {
    expect(() => toProviderMinor(currency, ours, exponent)).toThrow(MoneyConversionError);
    expect(() => toProviderMinor(currency, ours, exponent)).toThrow(/cannot be expressed exactly/);
  });

  it('refuses fractional, negative and unsafe counts, and unknown currencies', () => {
    expect(() => toProviderMinor('HKD', 12.5, 2)).toThrow(MoneyConversionError);
    expect(() => toProviderMinor('HKD', -1, 2)).toThrow(MoneyConversionError);
    expect(() => fromProviderMinor('HKD', Number.MAX_SAFE_INTEGER + 1, 2)).toThrow(MoneyConversionError);
    expect(() => fromProviderMinor('JPY', Number.MAX_SAFE_INTEGER, 2)).toThrow(MoneyConversionError);
    expect(() => toProviderMinor('XYZ', 100, 2)).toThrow(/not an ISO 4217 currency/);
  });

  it.each<[string, number, number, string]>([
    ['HKD', 1250, 2, '12.50'],
    ['HKD', 5, 2, '0.05'],
    ['TWD', 1200, 0, '12'],
    ['IDR', 1_500_000, 0, '15000'],
    ['JPY', 500, 0, '500'],
    ['KWD', 1234, 3, '1.234'],
  ])('%s %i with exponent %i is the decimal "%s" and back', (currency, ours, exponent, text) => {
    expect(toProviderDecimal(currency, ours, exponent)).toBe(text);
    expect(fromProviderDecimal(currency, text, exponent)).toBe(ours);
  });

  it('reads decimals exactly, trailing zeros aside, and refuses what it cannot read', () => {
    expect(fromProviderDecimal('TWD', '12.00', 0)).toBe(1200);
    expect(fromProviderDecimal('HKD', '0.29', 2)).toBe(29);
    expect(() => fromProviderDecimal('TWD', '12.5', 0)).toThrow(MoneyConversionError);
    expect(() => fromProviderDecimal('HKD', '1e3', 2)).toThrow(MoneyConversionError);
    expect(fromProviderMinorString('TWD', '12', 0)).toBe(1200);
    expect(() => fromProviderMinorString('HKD', '12.50', 2)).toThrow(MoneyConversionError);
    expect(() => fromProviderMinorString('HKD', '-1', 2)).toThrow(MoneyConversionError);
  });

  it('a provider table is the list of what it accepts: anything else is refused, never defaulted', () => {
    const table = { HKD: 2, TWD: 0 };
    expect(providerExponent('demo', table, 'TWD')).toBe(0);
    expect(() => providerExponent('demo', table, 'USD')).toThrow('currency USD is not supported by the demo provider');
    expect(() => providerExponent('demo', table, 'toString')).toThrow(MoneyConversionError);
  });

  describe('properties, for every ISO currency and provider exponents 0–4', () => {
    const case_ = fc.record({
      currency: fc.constantFrom(...REAL_CURRENCIES),
      exponent: fc.integer({ min: 0, max: 4 }),
      units: fc.nat({ max: 10 ** 11 }), // × 10^4 stays a safe integer
    });

    it('converting out is exact or refused, and never changes the real amount', () => {
      fc.assert(
        fc.property(case_, ({ currency, exponent, units }) => {
          const iso = isoExponent(currency);
          let theirs: number;
          try {
            theirs = toProviderMinor(currency, units, exponent);
          } catch (error) {
            // Refused only when the provider really cannot hold that fraction.
            expect(error).toBeInstanceOf(MoneyConversionError);
            expect(exponent).toBeLessThan(iso);
            expect(units % 10 ** (iso - exponent)).not.toBe(0);
            return;
          }
          expect(inTenThousandths(theirs, exponent)).toBe(inTenThousandths(units, iso));
          expect(fromProviderMinor(currency, theirs, exponent)).toBe(units);
        }),
        { numRuns: 2000 },
      );
    });

    it('round trip provider → ours → provider is the identity whenever the provider has no more decimals than ISO', () => {
      fc.assert(
        fc.property(case_, ({ currency, exponent, units }) => {
          fc.pre(exponent <= isoExponent(currency));
          const ours = fromProviderMinor(currency, units, exponent);
          expect(toProviderMinor(currency, ours, exponent)).toBe(units);
          expect(fromProviderDecimal(currency, toProviderDecimal(currency, ours, exponent), exponent)).toBe(ours);
        }),
        { numRuns: 2000 },
      );
    });
  });
});
