import fc from 'fast-check';
import { isoExponent, MoneyConversionError } from '../money';
import { fromIntentsAmount, INTENTS_EXPONENTS, intentsExponent, toIntentsAmount, type IntentsAmountUnit } from './intents-currency';

const INTENTS_CURRENCIES = Object.keys(INTENTS_EXPONENTS);
const UNITS: IntentsAmountUnit[] = ['major', 'minor'];

describe('intents currency conversion', () => {
  it.each([
    ['HKD', 2],
    ['CNY', 2],
    ['USD', 2],
    ['MOP', 2],
    ['TWD', 0],
    ['IDR', 0],
    ['JPY', 0],
    ['KRW', 0],
    ['VND', 0],
  ])('the provider counts %s with %i decimals', (currency, exponent) => {
    expect(intentsExponent(currency)).toBe(exponent);
  });

  it.each<[number, string, string, string]>([
    // ours (ISO minor units), currency, wire amount with INTENTS_AMOUNT_UNIT=major, with =minor
    [1250, 'HKD', '12.50', '1250'],
    [5, 'HKD', '0.05', '5'],
    [1200, 'TWD', '12', '12'], // 12.00 TWD: the bug sent "1200", i.e. 100× too much
    [1_500_000, 'IDR', '15000', '15000'], // 15,000.00 rupiah
    [500, 'JPY', '500', '500'],
    [12_000, 'KRW', '12000', '12000'],
    [25_000, 'VND', '25000', '25000'],
  ])('%i %s is "%s" in major units and "%s" in minor units, and back', (value, currency, major, minor) => {
    expect(toIntentsAmount({ value, currency }, 'major')).toBe(major);
    expect(toIntentsAmount({ value, currency }, 'minor')).toBe(minor);
    expect(fromIntentsAmount(major, currency, 'major')).toEqual({ value, currency });
    expect(fromIntentsAmount(minor, currency, 'minor')).toEqual({ value, currency });
  });

  it.each(UNITS)('refuses three-decimal and unknown currencies in %s units instead of defaulting to 2 decimals', (unit) => {
    for (const currency of ['KWD', 'BHD', 'JOD', 'OMR', 'XYZ', 'CLP']) {
      expect(() => toIntentsAmount({ value: 1234, currency }, unit)).toThrow(`currency ${currency} is not supported by the intents provider`);
      expect(() => fromIntentsAmount('1234', currency, unit)).toThrow(MoneyConversionError);
    }
  });

  it.each(UNITS)('refuses fractions the provider cannot hold (TWD 12.50, IDR 123.45) in %s units', (unit) => {
    expect(() => toIntentsAmount({ value: 1250, currency: 'TWD' }, unit)).toThrow(/cannot be expressed exactly/);
    expect(() => toIntentsAmount({ value: 12_345, currency: 'IDR' }, unit)).toThrow(MoneyConversionError);
  });

  it('reads what the provider reports exactly, or refuses it', () => {
    expect(fromIntentsAmount('12.00', 'TWD', 'major')).toEqual({ value: 1200, currency: 'TWD' });
    expect(() => fromIntentsAmount('12.5', 'TWD', 'major')).toThrow(MoneyConversionError);
    expect(() => fromIntentsAmount('12.50', 'HKD', 'minor')).toThrow(MoneyConversionError);
    expect(() => fromIntentsAmount('1.234', 'HKD', 'major')).toThrow(MoneyConversionError);
  });

  it.each(UNITS)('for every currency it accepts (%s units): round trip exact, the real amount never changes', (unit) => {
    fc.assert(
      fc.property(fc.constantFrom(...INTENTS_CURRENCIES), fc.nat({ max: 10 ** 12 }), (currency, value) => {
        const step = 10 ** (isoExponent(currency) - intentsExponent(currency));
        if (value % step !== 0) {
          expect(() => toIntentsAmount({ value, currency }, unit)).toThrow(MoneyConversionError);
          return;
        }
        const wire = toIntentsAmount({ value, currency }, unit);
        expect(fromIntentsAmount(wire, currency, unit)).toEqual({ value, currency });
        // The wire string states the same real amount: major = ours / 10^ISO; minor = that × 10^provider.
        const [whole, fraction = ''] = wire.split('.');
        const wireMinor = unit === 'major' ? BigInt(whole + fraction.padEnd(intentsExponent(currency), '0')) : BigInt(wire);
        expect(wireMinor * 10n ** BigInt(isoExponent(currency))).toBe(BigInt(value) * 10n ** BigInt(intentsExponent(currency)));
      }),
      { numRuns: 2000 },
    );
  });
});
