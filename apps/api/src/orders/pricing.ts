import type { Money, OrderLine, OrderLineRequest } from '@minipay/contracts';
import { DomainError } from '../common/errors/domain-error';
import { MixedCurrenciesError, ProductNotFoundError, ProductUnavailableError } from './order-errors';

export interface PricedProduct {
  id: string;
  name: string;
  priceValue: number;
  currency: string;
  active: boolean;
}

export interface PricedOrder {
  lines: OrderLine[];
  total: Money;
}

/**
 * Prices an order from the catalog alone: the client sends product ids and quantities, never amounts.
 * Integer arithmetic on minor units only; an order is in exactly one currency.
 */
export function priceOrder(requested: readonly OrderLineRequest[], catalog: ReadonlyMap<string, PricedProduct>): PricedOrder {
  if (requested.length === 0) throw new DomainError('VALIDATION_FAILED', 'An order needs at least one item');
  const lines: OrderLine[] = requested.map(({ productId, quantity }) => {
    const product = catalog.get(productId);
    if (!product) throw new ProductNotFoundError(productId);
    if (!product.active) throw new ProductUnavailableError(productId);
    const lineTotal = product.priceValue * quantity;
    return {
      productId,
      name: product.name,
      quantity,
      unitPrice: { value: product.priceValue, currency: product.currency },
      lineTotal: { value: lineTotal, currency: product.currency },
    };
  });
  const currency = lines[0].unitPrice.currency;
  if (lines.some((line) => line.unitPrice.currency !== currency)) {
    throw new MixedCurrenciesError();
  }
  const value = lines.reduce((sum, line) => sum + line.lineTotal.value, 0);
  if (!Number.isSafeInteger(value)) throw new DomainError('VALIDATION_FAILED', 'The order total is too large');
  return { lines, total: { value, currency } };
}
