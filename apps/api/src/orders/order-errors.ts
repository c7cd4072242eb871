import { DomainError } from '../common/errors/domain-error';

/** The errors of orders/, by name; the exception filter maps each code to its HTTP status. */
export class OrderNotFoundError extends DomainError {
  constructor() {
    super('ORDER_NOT_FOUND', 'No such order');
  }
}

export class OrderAlreadyPaidError extends DomainError {
  constructor() {
    super('ORDER_ALREADY_PAID', 'This order is already paid');
  }
}

export class OrderClosedError extends DomainError {
  constructor(why: 'closed' | 'expired') {
    super('ORDER_CLOSED', why === 'closed' ? 'This order was closed; place a new order' : 'This order expired unpaid; place a new order');
  }
}

/** A mismatched or second payment waits for an operator: no further payment is taken meanwhile. */
export class OrderInReviewError extends DomainError {
  constructor() {
    super('ORDER_IN_REVIEW', 'A payment of this order is being checked; no further payment is possible until it is');
  }
}

/** Payable in a moment: another request is creating or closing an attempt. */
export class OrderBusyError extends DomainError {
  constructor(message: string) {
    super('ORDER_NOT_PAYABLE', message, { retryable: true });
  }
}

export class IdempotencyKeyReusedError extends DomainError {
  constructor(what: string) {
    super('IDEMPOTENCY_KEY_REUSED', `This Idempotency-Key was used with a different ${what}`);
  }
}

export class ProductNotFoundError extends DomainError {
  constructor(productId: string) {
    super('PRODUCT_NOT_FOUND', `Unknown product "${productId}"`, { details: { productId } });
  }
}

export class ProductUnavailableError extends DomainError {
  constructor(productId: string) {
    super('PRODUCT_UNAVAILABLE', `Product "${productId}" is not for sale`, { details: { productId } });
  }
}

export class MixedCurrenciesError extends DomainError {
  constructor() {
    super('MIXED_CURRENCIES', 'All items of an order must be priced in one currency');
  }
}
