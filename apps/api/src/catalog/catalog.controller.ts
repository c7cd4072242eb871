import { Controller, Get, Headers, Res } from '@nestjs/common';
import { ProductListResponse } from '@minipay/contracts';
import { ApiHeader } from '@nestjs/swagger';
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
  @ApiHeader({
    name: 'Accept-Language',
    required: false,
    description: 'en (default), zh-CN (zh, zh-Hans, zh-SG), zh-TW (zh-Hant, zh-HK, zh-MO); q-values honoured',
  })
  async products(
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProductListResponse> {
    const language = negotiateLanguage(acceptLanguage);
    reply.header('Content-Language', language);
    // Caches keep one copy per language; appended, because CORS has already said the answer varies by Origin.
    const vary = reply.getHeader('vary');
    reply.header('Vary', vary ? `${String(vary)}, Accept-Language` : 'Accept-Language');
    return { items: await this.catalog.list(language) };
  }
}
