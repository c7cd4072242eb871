import { DomainError } from '../common/errors/domain-error';

/** The errors of payments/, by name; the exception filter maps each code to its HTTP status. */
export class PaymentNotFoundError extends DomainError {
  constructor(message = 'This order has no payment with that id') {
    super('PAYMENT_NOT_FOUND', message);
  }
}
