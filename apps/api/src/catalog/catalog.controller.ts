import { Controller, Get, Headers, Res } from '@nestjs/common';
import { ProductListResponse } from '@minipay/contracts';
import type { FastifyReply } from 'fastify';
import { ApiContract } from '../common/docs/api-contract';
import { CatalogService } from './catalog.service';
import { negotiateLanguage } from './product-translations';

@Controller('catalog')
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  @Get('products')
  @ApiContract({
    tag: 'catalog',
    summary: 'Products for sale, priced in minor units; names and descriptions in the Accept-Language (en, zh-CN, zh-TW; default en)',
    response: ProductListResponse,
    errors: [],
  })
  async products(
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProductListResponse> {
    const language = negotiateLanguage(acceptLanguage);
    // Caches must keep one copy per language.
    reply.header('Content-Language', language);
    // Appended: CORS has already said the answer varies by Origin.
    const vary = reply.getHeader('vary');
    reply.header('Vary', vary ? `${String(vary)}, Accept-Language` : 'Accept-Language');
    return { items: await this.catalog.list(language) };
  }
}
