import { DomainError } from '../common/errors/domain-error';
import { PricedProduct, priceOrder } from './pricing';

const catalog = new Map<string, PricedProduct>([
  ['tea', { id: 'tea', name: 'Tea', priceValue: 6800, currency: 'HKD', active: true }],
  ['bun', { id: 'bun', name: 'Bun', priceValue: 1550, currency: 'HKD', active: true }],
  ['retired', { id: 'retired', name: 'Old', priceValue: 100, currency: 'HKD', active: false }],
  ['yen', { id: 'yen', name: 'Mochi', priceValue: 500, currency: 'JPY', active: true }],
]);

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as DomainError).code;
  }
  return undefined;
}

describe('priceOrder', () => {
  it('prices each line from the catalog and sums in integer minor units', () => {
    const priced = priceOrder(
      [
        { productId: 'tea', quantity: 2 },
        { productId: 'bun', quantity: 3 },
      ],
      catalog,
    );
    expect(priced.total).toEqual({ value: 2 * 6800 + 3 * 1550, currency: 'HKD' });
    expect(priced.lines[1]).toEqual({
      productId: 'bun',
      name: 'Bun',
      quantity: 3,
      unitPrice: { value: 1550, currency: 'HKD' },
      lineTotal: { value: 4650, currency: 'HKD' },
    });
  });

  it('never produces fractional amounts (no float arithmetic)', () => {
    const priced = priceOrder([{ productId: 'bun', quantity: 7 }], catalog);
    expect(Number.isInteger(priced.total.value)).toBe(true);
    expect(priced.total.value).toBe(10850);
  });

  it('rejects an unknown product', () => {
    expect(codeOf(() => priceOrder([{ productId: 'nope', quantity: 1 }], catalog))).toBe('PRODUCT_NOT_FOUND');
  });

  it('rejects a product that is no longer for sale', () => {
    expect(codeOf(() => priceOrder([{ productId: 'retired', quantity: 1 }], catalog))).toBe('PRODUCT_UNAVAILABLE');
  });

  it('rejects an order mixing currencies', () => {
    expect(
      codeOf(() =>
        priceOrder(
          [
            { productId: 'tea', quantity: 1 },
            { productId: 'yen', quantity: 1 },
          ],
          catalog,
        ),
      ),
    ).toBe('MIXED_CURRENCIES');
  });

  it('rejects an empty order', () => {
    expect(codeOf(() => priceOrder([], catalog))).toBe('VALIDATION_FAILED');
  });
});
