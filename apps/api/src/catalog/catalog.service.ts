import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Product as ProductDto } from '@minipay/contracts';
import { In, Repository } from 'typeorm';
import { Product } from './product.entity';
import { SEED_PRODUCTS } from './seed-products';

@Injectable()
export class CatalogService implements OnApplicationBootstrap {
  private readonly logger = new Logger(CatalogService.name);

  constructor(@InjectRepository(Product) private readonly products: Repository<Product>) {}

  /** Seeds the catalog on the first start of a fresh database. Safe when several instances start at once. */
  async onApplicationBootstrap(): Promise<void> {
    if ((await this.products.count()) > 0) return;
    await this.products.createQueryBuilder().insert().values([...SEED_PRODUCTS]).orIgnore().execute();
    this.logger.log(`seeded ${SEED_PRODUCTS.length} products`);
  }

  async list(): Promise<ProductDto[]> {
    const rows = await this.products.find({ where: { active: true }, order: { sortOrder: 'ASC', id: 'ASC' } });
    return rows.map(toDto);
  }

  /** The products of an order request, keyed by id (unknown ids are simply absent). */
  async findByIds(ids: readonly string[]): Promise<Map<string, Product>> {
    const rows = await this.products.findBy({ id: In([...ids]) });
    return new Map(rows.map((row) => [row.id, row]));
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
