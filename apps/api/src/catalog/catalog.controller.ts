import { Controller, Get } from '@nestjs/common';
import { ProductListResponse } from '@minipay/contracts';
import { ApiContract } from '../common/docs/api-contract';
import { CatalogService } from './catalog.service';

@Controller('catalog')
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  @Get('products')
  @ApiContract({ tag: 'catalog', summary: 'Products for sale, priced in minor units', response: ProductListResponse, errors: [] })
  async products(): Promise<ProductListResponse> {
    return { items: await this.catalog.list() };
  }
}
