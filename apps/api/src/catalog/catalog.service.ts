import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Product as ProductDto } from '@minipay/contracts';
import { Repository } from 'typeorm';
import { AppSettings } from '../config/app-config';
import { loadProductImages } from './product-images';
import { DEFAULT_CATALOG_LANGUAGE, translateProduct, type CatalogLanguage } from './product-translations';
import { Product } from './product.entity';
import { seedProducts } from './seed-products';

@Injectable()
export class CatalogService implements OnApplicationBootstrap {
  private readonly logger = new Logger(CatalogService.name);

  /** The catalog is read on every order; it changes rarely, so instances keep it for a few seconds. */
  private snapshot: { loadedAt: number; rows: Promise<Product[]> } | null = null;

  /** Product id → image path, from apps/api/assets/products (read once: the files ship with the build). */
  private readonly images = loadProductImages();

  constructor(
    @InjectRepository(Product) private readonly products: Repository<Product>,
    private readonly settings: AppSettings,
  ) {}

  /** Seeds the catalog on the first start of a fresh database. Safe when several instances start at once. */
  async onApplicationBootstrap(): Promise<void> {
    if ((await this.products.count()) > 0) return;
    const seed = seedProducts(this.settings.values.CATALOG_CURRENCY);
    await this.products.createQueryBuilder().insert().values(seed).orIgnore().execute();
    this.logger.log(`seeded ${seed.length} products in ${this.settings.values.CATALOG_CURRENCY}`);
  }

  /** Active products, named and described in `language` where a translation exists. */
  async list(language: CatalogLanguage = DEFAULT_CATALOG_LANGUAGE): Promise<ProductDto[]> {
    return (await this.all()).filter((row) => row.active).map((row) => toDto(row, language, this.images.get(row.id) ?? null));
  }

  /** The products of an order request, keyed by id (unknown ids are simply absent). */
  async findByIds(ids: readonly string[]): Promise<Map<string, Product>> {
    const wanted = new Set(ids);
    return new Map((await this.all()).filter((row) => wanted.has(row.id)).map((row) => [row.id, row]));
  }

  private all(): Promise<Product[]> {
    const now = Date.now();
    if (!this.snapshot || now - this.snapshot.loadedAt > this.settings.values.CATALOG_CACHE_MS) {
      const rows = this.products.find({ order: { sortOrder: 'ASC', id: 'ASC' } });
      this.snapshot = { loadedAt: now, rows };
      rows.catch(() => {
        this.snapshot = null;
      });
    }
    return this.snapshot.rows;
  }
}

function toDto(row: Product, language: CatalogLanguage, bundledImage: string | null): ProductDto {
  const { name, description } = translateProduct(row, language);
  return {
    id: row.id,
    name,
    description,
    // A URL set on the product wins; otherwise the picture shipped in assets/products, if there is one.
    imageUrl: row.imageUrl ?? bundledImage,
    price: { value: row.priceValue, currency: row.currency },
  };
}
