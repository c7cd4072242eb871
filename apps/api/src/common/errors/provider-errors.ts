import { DomainError } from './domain-error';

/** The provider did not answer in time: the outcome is unknown and must be settled by a query. */
export class ProviderTimeoutError extends DomainError {
  constructor(operation: string) {
    super('PROVIDER_TIMEOUT', `The payment provider did not answer "${operation}" in time; retry shortly`, { details: { operation }, retryable: true });
  }
}

/** Network failure or 5xx after the bounded retries. */
export class ProviderUnavailableError extends DomainError {
  constructor(operation: string, status?: number) {
    super('PROVIDER_UNAVAILABLE', `The payment provider is unavailable for "${operation}"; retry shortly`, { details: { operation, status }, retryable: true });
  }
}

/** The provider answered with a definitive refusal (4xx or a business error code). Not retried. */
export class ProviderRejectedError extends DomainError {
  constructor(
    operation: string,
    readonly providerCode: string | number,
    providerMessage: string,
    readonly httpStatus?: number,
  ) {
    super('PROVIDER_REJECTED', `The payment provider rejected "${operation}": ${providerMessage}`, { details: { operation, providerCode } });
  }
}
