import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Product as ProductDto } from '@minipay/contracts';
import { Repository } from 'typeorm';
import { AppSettings } from '../config/app-config';
import { Product } from './product.entity';
import { seedProducts } from './seed-products';

@Injectable()
export class CatalogService implements OnApplicationBootstrap {
  private readonly logger = new Logger(CatalogService.name);

  /** The catalog is read on every order; it changes rarely, so instances keep it for a few seconds. */
  private snapshot: { loadedAt: number; rows: Promise<Product[]> } | null = null;

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

  async list(): Promise<ProductDto[]> {
    return (await this.all()).filter((row) => row.active).map(toDto);
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

function toDto(row: Product): ProductDto {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    imageUrl: row.imageUrl,
    price: { value: row.priceValue, currency: row.currency },
  };
}
