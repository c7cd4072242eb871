import { z } from 'zod';
import { Money } from './common.js';

/**
 * A product as `GET /catalog/products` shows it: `name` and `description` in the language the request's
 * Accept-Language picked (see CATALOG_LANGUAGES).
 */
export const Product = z.strictObject({
  id: z.string().min(1),
  name: z.string(),
  description: z.string(),
  /** A small picture for lists: an absolute URL, or a path on the API (`/catalog/images/…`) the client resolves against the API's base URL. */
  imageUrl: z.string().nullable(),
  price: Money,
});
export type Product = z.infer<typeof Product>;

export const ProductListResponse = z.strictObject({
  items: z.array(Product),
});
export type ProductListResponse = z.infer<typeof ProductListResponse>;

/** The languages the catalog answers in (Accept-Language); anything else gets the default, `en`. */
export const CATALOG_LANGUAGES = ['en', 'zh-CN', 'zh-TW'] as const;
export type CatalogLanguage = (typeof CATALOG_LANGUAGES)[number];
