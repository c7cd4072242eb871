import { formatMajor, intentsExponent, parseMajor } from './money';

describe('money', () => {
  it('parses major-unit strings into minor units without floats', () => {
    expect(parseMajor('12.50', 2)).toEqual({ minor: 1250 });
    expect(parseMajor('0.10', 2)).toEqual({ minor: 10 });
    expect(parseMajor('1', 2)).toEqual({ minor: 100 });
    expect(parseMajor('50', intentsExponent('TWD'))).toEqual({ minor: 50 });
    expect(parseMajor('50.00', intentsExponent('TWD'))).toEqual({ minor: 50 });
  });

  it.each(['0', '0.00', '-1', '1.234', '1e3', 'abc', '01.5', '1.'])('rejects %s', (s) => {
    expect(parseMajor(s, 2)).toHaveProperty('error');
  });

  it('rejects decimals a zero-decimal currency cannot hold', () => {
    expect(parseMajor('50.5', 0)).toHaveProperty('error');
  });

  it('formats minor units back', () => {
    expect(formatMajor(1250, 2)).toBe('12.50');
    expect(formatMajor(5, 2)).toBe('0.05');
    expect(formatMajor(50, 0)).toBe('50');
  });
});
