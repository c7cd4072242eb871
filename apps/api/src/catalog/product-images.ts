import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';

/** apps/api/assets/products, from src/catalog (jest) and from dist/catalog (the build) alike. */
export const PRODUCT_IMAGES_DIR = join(__dirname, '..', '..', 'assets', 'products');

/** Where the API serves them (GET /catalog/images/<product id>.<ext>). */
export const PRODUCT_IMAGES_PREFIX = '/catalog/images/';

const IMAGE_TYPES = new Set(['.svg', '.png', '.jpg', '.jpeg', '.webp']);

/**
 * Product id → the image's path on this API, with a content hash as `?v=`: the file can then be cached for a
 * year (`immutable`), and a changed picture gets a new URL. The path is relative to the API, because only the
 * client knows under which address it reaches the API.
 */
export function loadProductImages(dir = PRODUCT_IMAGES_DIR): Map<string, string> {
  const images = new Map<string, string>();
  if (!existsSync(dir)) return images;
  for (const file of readdirSync(dir).sort()) {
    const ext = extname(file).toLowerCase();
    if (!IMAGE_TYPES.has(ext)) continue;
    const id = file.slice(0, -ext.length);
    if (images.has(id)) continue;
    const version = createHash('sha256')
      .update(readFileSync(join(dir, file)))
      .digest('hex')
      .slice(0, 10);
    images.set(id, `${PRODUCT_IMAGES_PREFIX}${encodeURIComponent(file)}?v=${version}`);
  }
  return images;
}
