import { DomainError } from '../common/errors/domain-error';

/** The errors of webhooks/, by name; the exception filter maps each code to its HTTP status. */
export class WebhookSignatureInvalidError extends DomainError {
  constructor() {
    super('WEBHOOK_SIGNATURE_INVALID', 'The notification signature is invalid');
  }
}

export class WebhookPayloadInvalidError extends DomainError {
  constructor(reason: string) {
    super('WEBHOOK_PAYLOAD_INVALID', reason);
  }
}

/** Stored but not processed yet: the provider should retry (the sweeper will anyway). */
export class WebhookNotProcessedError extends DomainError {
  constructor() {
    super('PROVIDER_UNAVAILABLE', 'The notification was stored but could not be processed yet; retry', { retryable: true });
  }
}
