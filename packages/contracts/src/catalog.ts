import { z } from 'zod';
import { Money } from './common.js';

export const Product = z.strictObject({
  id: z.string().min(1),
  name: z.string(),
  description: z.string(),
  imageUrl: z.string().nullable(),
  price: Money,
});
export type Product = z.infer<typeof Product>;

export const ProductListResponse = z.strictObject({
  items: z.array(Product),
});
export type ProductListResponse = z.infer<typeof ProductListResponse>;
