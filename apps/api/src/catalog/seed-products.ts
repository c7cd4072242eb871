import type { Product } from './product.entity';

/** The small HKD catalog a fresh database starts with. */
export const SEED_PRODUCTS: readonly Product[] = [
  {
    id: 'oolong-tea',
    name: 'Tieguanyin Oolong Tea',
    description: 'Roasted oolong, 100 g tin',
    imageUrl: null,
    priceValue: 6800,
    currency: 'HKD',
    active: true,
    sortOrder: 1,
  },
  {
    id: 'egg-tart-box',
    name: 'Egg Tarts (box of 6)',
    description: 'Flaky pastry, baked this morning',
    imageUrl: null,
    priceValue: 4200,
    currency: 'HKD',
    active: true,
    sortOrder: 2,
  },
  {
    id: 'pineapple-bun',
    name: 'Pineapple Bun',
    description: 'With a slab of cold butter',
    imageUrl: null,
    priceValue: 1550,
    currency: 'HKD',
    active: true,
    sortOrder: 3,
  },
  {
    id: 'milk-tea-bottle',
    name: 'Hong Kong Milk Tea',
    description: 'Silk-stocking milk tea, 500 ml',
    imageUrl: null,
    priceValue: 2800,
    currency: 'HKD',
    active: true,
    sortOrder: 4,
  },
];

/** Prices in fen for a CNY catalog (WeChat Pay direct takes CNY only). */
const CNY_PRICES: Readonly<Record<string, number>> = { 'oolong-tea': 6200, 'egg-tart-box': 3900, 'pineapple-bun': 1400, 'milk-tea-bottle': 2600 };

/** The seed catalog priced in `currency` (CATALOG_CURRENCY; CNY by default with PAYMENT_PROVIDER=wechatpay). */
export function seedProducts(currency: 'HKD' | 'CNY'): Product[] {
  if (currency === 'HKD') return [...SEED_PRODUCTS];
  return SEED_PRODUCTS.map((p) => ({ ...p, currency, priceValue: CNY_PRICES[p.id] ?? p.priceValue }));
}
