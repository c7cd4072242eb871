import 'reflect-metadata';
import fastifyCookie from '@fastify/cookie';
import fastifyCors, { type FastifyCorsOptions } from '@fastify/cors';
import fastifyHelmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyRequest, RouteOptions } from 'fastify';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { ErrorEnvelopeFilter } from './common/filters/error-envelope.filter';
import type { AppConfig } from './config/config.schema';

/** JSON only: nothing may load, frame it, or be framed by it. */
const API_CSP = { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] };

/**
 * The Swagger UI page (/docs): its scripts are the bundled swagger-ui-dist files served from /docs/ itself, so
 * scripts come from 'self' only (no inline script, no eval). Its template has inline <style> blocks and a
 * style attribute, hence 'unsafe-inline' for styles alone; images include the data: URIs of its CSS.
 */
const DOCS_CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** Builds the configured API (not listening yet): used by main.ts and by the e2e tests alike. */
export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  // Behind a load balancer, request.ip (rate limits, security events) must be the client's, from X-Forwarded-For
  // as set by the trusted proxies only; without TRUST_PROXY the header is ignored (anyone could forge it).
  const adapter = new FastifyAdapter({ bodyLimit: config.BODY_LIMIT_BYTES, trustProxy: config.TRUST_PROXY as boolean | string | string[] });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(config), adapter, {
    rawBody: true,
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  // Cookies for the merchant console's session (src/console); nothing else reads them.
  await app.register(fastifyCookie as unknown as Parameters<NestFastifyApplication['register']>[0]);
  app.useGlobalFilters(new ErrorEnvelopeFilter());

  const fastify = app.getHttpAdapter().getInstance();
  await app.register(fastifyHelmet, helmetOptions(config));
  // The docs routes (registered below by SwaggerModule) get the docs page's policy instead of the API's.
  fastify.addHook('onRoute', (route: RouteOptions) => {
    if (route.url === '/docs' || route.url.startsWith('/docs/')) {
      route.config = { ...(route.config as object), helmet: { contentSecurityPolicy: { useDefaults: false, directives: DOCS_CSP } } } as RouteOptions['config'];
    }
  });
  await app.register(fastifyCors, corsOptions(config));

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('minipay API')
      .setDescription('WeChat Pay inside a WeChat Mini Program: login, catalog, orders, payments, webhooks. Schemas come from @minipay/contracts.')
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  app.enableShutdownHooks();
  return app;
}

/** nosniff, frame denial, a strict CSP; HSTS only in production (a browser would pin https onto localhost otherwise). */
export function helmetOptions(config: Pick<AppConfig, 'NODE_ENV'>): FastifyHelmetOptions {
  return {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: API_CSP },
    frameguard: { action: 'deny' },
    hsts: config.NODE_ENV === 'production' ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    // The mini program's H5 build and the console read the API cross-origin (CORS decides who may).
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  };
}

/**
 * Only listed origins get a CORS grant (anything else gets no Access-Control-Allow-Origin at all), and only the
 * console's origin may send credentials (cookies): the shop authenticates with a bearer header instead.
 */
export function corsOptions(config: Pick<AppConfig, 'CORS_ORIGINS' | 'CONSOLE_ORIGIN'>): FastifyCorsOptions {
  const allowed = new Set(config.CORS_ORIGINS);
  const base = {
    allowedHeaders: ['authorization', 'content-type', 'idempotency-key', 'x-admin-key'],
    exposedHeaders: ['retry-after', 'idempotent-replayed'],
    maxAge: 600,
  };
  return {
    hook: 'onRequest',
    delegator: (request: FastifyRequest, callback: (error: Error | null, options: FastifyCorsOptions) => void) => {
      const origin = request.headers.origin;
      if (typeof origin !== 'string' || !allowed.has(origin)) return callback(null, { origin: false });
      callback(null, { ...base, origin, credentials: origin === config.CONSOLE_ORIGIN });
    },
  };
}
