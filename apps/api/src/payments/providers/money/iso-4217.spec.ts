import { codes } from 'currency-codes';
import { ADYEN_EXPONENTS } from '../adyen/adyen-currency';
import { INTENTS_EXPONENTS } from '../intents/intents-currency';
import { ISO_4217_EDITION, isIsoCurrency, isoExponent } from './iso-4217';
import { MoneyConversionError } from './money-errors';

describe('ISO 4217 exponents (our minor units)', () => {
  it.each([
    ['HKD', 2],
    ['CNY', 2],
    ['USD', 2],
    ['TWD', 2],
    ['IDR', 2],
    ['MOP', 2],
    ['JPY', 0],
    ['KRW', 0],
    ['VND', 0],
    ['CLP', 0],
    ['ISK', 0],
    ['KWD', 3],
    ['BHD', 3],
    ['JOD', 3],
    ['OMR', 3],
    ['TND', 3],
    ['IQD', 3],
    ['LYD', 3],
    ['CLF', 4],
  ])('%s has %i decimals', (currency, exponent) => {
    expect(isoExponent(currency)).toBe(exponent);
  });

  it.each(['XYZ', 'hkd', 'Hkd', '', 'HK', 'HKDD', 'XAU', 'XAG', 'XTS', 'XXX', 'XDR', '__proto__', 'constructor'])(
    'refuses %j instead of defaulting to two decimals',
    (currency) => {
      expect(() => isoExponent(currency)).toThrow(MoneyConversionError);
      expect(isIsoCurrency(currency)).toBe(false);
    },
  );

  it('comes from a dated edition of the ISO list', () => {
    expect(ISO_4217_EDITION).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('knows every currency an adapter accepts (no provider table names a code ISO does not have)', () => {
    for (const currency of [...Object.keys(ADYEN_EXPONENTS), ...Object.keys(INTENTS_EXPONENTS)]) expect(isIsoCurrency(currency)).toBe(true);
  });

  it('gives every listed real currency an exponent between 0 and 4', () => {
    const real = codes().filter(isIsoCurrency);
    expect(real.length).toBeGreaterThan(150);
    for (const currency of real) expect([0, 2, 3, 4]).toContain(isoExponent(currency));
  });
});
