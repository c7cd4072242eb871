/** Money conversions shared by every adapter (docs/providers.md §6, §7). */
export { ISO_4217_EDITION, isIsoCurrency, isoExponent } from './iso-4217';
export { CurrencyNotSupportedError, MoneyConversionError } from './money-errors';
export {
  fromProviderDecimal,
  fromProviderMinor,
  fromProviderMinorString,
  providerExponent,
  toProviderDecimal,
  toProviderMinor,
  type ProviderExponents,
} from './provider-units';
