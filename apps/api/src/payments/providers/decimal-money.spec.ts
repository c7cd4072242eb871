import { decimalToMinor, minorToDecimal } from './decimal-money';

describe('decimal money conversion', () => {
  it.each<[number, number, string]>([
    [1250, 2, '12.50'],
    [1, 2, '0.01'],
    [0, 2, '0.00'],
    [100, 0, '100'],
    [123456789, 3, '123456.789'],
    [19, 2, '0.19'],
  ])('%i minor units with %i decimals ↔ "%s"', (minor, exponent, text) => {
    expect(minorToDecimal(minor, exponent)).toBe(text);
    expect(decimalToMinor(text, exponent)).toBe(minor);
  });

  it('avoids the float trap (0.29 * 100 = 28.999999999999996)', () => {
    expect(decimalToMinor('0.29', 2)).toBe(29);
    expect(decimalToMinor('1.1', 2)).toBe(110);
  });

  it.each(['', '1.234', '-1', '1e3', '12,50', 'abc', '.5'])('rejects "%s" for a 2-decimal currency', (text) => {
    expect(() => decimalToMinor(text, 2)).toThrow(RangeError);
  });

  it('accepts trailing zeros beyond the exponent', () => {
    expect(decimalToMinor('12.500', 2)).toBe(1250);
  });

  it('rejects fractional or negative minor units', () => {
    expect(() => minorToDecimal(1.5, 2)).toThrow(RangeError);
    expect(() => minorToDecimal(-1, 2)).toThrow(RangeError);
  });
});
