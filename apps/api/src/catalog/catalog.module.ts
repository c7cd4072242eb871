import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { CatalogController } from './catalog.controller';
import { CatalogService } from './catalog.service';
import { PRODUCT_IMAGES_DIR, PRODUCT_IMAGES_PREFIX } from './product-images';
import { Product } from './product.entity';

@Module({
  imports: [TypeOrmModule.forFeature([Product])],
  controllers: [CatalogController],
  providers: [CatalogService],
  exports: [CatalogService],
})
export class CatalogModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  /**
   * Product pictures are static files: @fastify/static serves them with ETag / Last-Modified, and since every
   * URL the catalog hands out carries the file's content hash, clients may keep them for a year.
   * Registered here (before the server is ready) so the catalog owns its routes.
   */
  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (!adapter || adapter.getType() !== 'fastify') return;
    const fastify = adapter.getInstance<FastifyInstance>();
    void fastify.register(fastifyStatic, {
      root: PRODUCT_IMAGES_DIR,
      prefix: PRODUCT_IMAGES_PREFIX,
      // Swagger's UI registers @fastify/static too; only one plugin may decorate the reply.
      decorateReply: false,
      index: false,
      list: false,
      dotfiles: 'deny',
      wildcard: false,
      cacheControl: true,
      maxAge: '365d',
      immutable: true,
      setHeaders(reply) {
        // An SVG is a document: never let it run script or be sniffed as something else.
        reply.header('X-Content-Type-Options', 'nosniff');
        reply.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
        reply.header('Cross-Origin-Resource-Policy', 'cross-origin');
      },
    });
  }
}
