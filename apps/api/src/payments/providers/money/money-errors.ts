import { ProviderRejectedError } from '../../../common/errors/provider-errors';

/**
 * A currency or an amount that cannot be converted exactly between our minor units and a provider's unit.
 * Plain (no HTTP meaning): each adapter decides what it means where it happens — refused before a call
 * (CurrencyNotSupportedError), or a provider payload we cannot read (WebhookPayloadError / ProviderRejectedError).
 */
export class MoneyConversionError extends RangeError {
  constructor(
    readonly currency: string,
    message: string,
  ) {
    super(message);
    this.name = 'MoneyConversionError';
  }
}

/**
 * 422 CURRENCY_NOT_SUPPORTED, raised by an adapter BEFORE it calls the provider: the currency is not one the
 * provider takes, or the amount has fractions the provider cannot express (never rounded, never scaled by a
 * guessed exponent). It is a ProviderRejectedError on purpose: callers treat it like a definitive refusal
 * (the attempt or refund is dead, nothing was sent, nothing to query), but the client sees the real reason.
 */
export class CurrencyNotSupportedError extends ProviderRejectedError {
  override readonly code = 'CURRENCY_NOT_SUPPORTED' as const;
  override readonly details: { operation: string; currency: string };

  constructor(operation: string, cause: MoneyConversionError) {
    super(operation, 'CURRENCY_NOT_SUPPORTED', cause.message);
    this.message = cause.message;
    this.details = { operation, currency: cause.currency };
  }
}
