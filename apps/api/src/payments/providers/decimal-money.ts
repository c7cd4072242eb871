/**
 * Minor units ↔ decimal strings without floating point (yuan→fen float errors are a classic bug).
 * `exponent` is the number of decimal places the provider uses for the currency.
 */
export function minorToDecimal(value: number, exponent: number): string {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`not a minor-unit amount: ${value}`);
  if (exponent === 0) return String(value);
  const digits = String(value).padStart(exponent + 1, '0');
  return `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

export function decimalToMinor(text: string, exponent: number): number {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) throw new RangeError(`not a decimal amount: "${text}"`);
  const [, whole, fraction = ''] = match;
  if (fraction.replace(/0+$/, '').length > exponent) throw new RangeError(`"${text}" has more than ${exponent} decimals`);
  const value = Number(whole + fraction.padEnd(exponent, '0').slice(0, exponent));
  if (!Number.isSafeInteger(value)) throw new RangeError(`amount too large: "${text}"`);
  return value;
}
