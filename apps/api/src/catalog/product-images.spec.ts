import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PRODUCT_IMAGES_DIR, loadProductImages } from './product-images';
import { SEED_PRODUCTS } from './seed-products';

describe('product images', () => {
  it('ships a small picture for every seeded product', () => {
    const images = loadProductImages();
    for (const product of SEED_PRODUCTS) {
      const url = images.get(product.id);
      expect(url).toMatch(new RegExp(`^/catalog/images/${product.id}\\.(svg|png)\\?v=[0-9a-f]{10}$`));
      const file = join(PRODUCT_IMAGES_DIR, url!.slice('/catalog/images/'.length).split('?')[0]!);
      // Sized for a list thumbnail: a few KB, not a photo.
      expect(statSync(file).size).toBeLessThan(8 * 1024);
    }
  });

  it('versions each URL by content, so a changed picture gets a new URL', () => {
    const dir = mkdtempSync(join(tmpdir(), 'images-'));
    try {
      writeFileSync(join(dir, 'tea.svg'), '<svg/>');
      writeFileSync(join(dir, 'notes.txt'), 'not an image');
      const before = loadProductImages(dir).get('tea');
      writeFileSync(join(dir, 'tea.svg'), '<svg></svg>');
      const after = loadProductImages(dir).get('tea');
      expect(before).not.toBe(after);
      expect(loadProductImages(dir).has('notes')).toBe(false);
      expect(loadProductImages(join(dir, 'missing')).size).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
