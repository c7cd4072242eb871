import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { RouteOptions } from 'fastify';
import type { HelmetOptions } from 'helmet';
import { AppModule } from './app.module';
import { ErrorEnvelopeFilter } from './common/filters/error-envelope.filter';
import { registerCors } from './common/http/cors';
import { securityHeadersHook } from './common/http/security-headers';
import type { AppConfig } from './config/config.schema';
import { createAppLogger, RequestLogController } from './config/logger-options';
import { PinoNestLogger } from './config/nest-logger';
import { livenessDocument, registerLiveness } from './health/liveness';

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
  const log = createAppLogger(config);
  const adapter = new FastifyAdapter({
    bodyLimit: config.BODY_LIMIT_BYTES,
    // Behind a load balancer, request.ip (rate limits, security events) must be the client's, from X-Forwarded-For
    // as set by the trusted proxies only; without TRUST_PROXY the header is ignored (anyone could forge it).
    trustProxy: config.TRUST_PROXY as boolean | string | string[],
    // Fastify's own pino logger and request logging (one line per completed request, see RequestLogController).
    loggerInstance: log.logger,
    logController: new RequestLogController(log.requests),
    // No Express-style middleware anywhere (no Nest middleware, no app.use()), so @fastify/middie and its
    // per-request hook are not registered at all.
    skipMiddie: true,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(config), adapter, {
    rawBody: true,
    bufferLogs: true,
  });
  app.useLogger(new PinoNestLogger(log.logger));
  app.useGlobalFilters(new ErrorEnvelopeFilter());

  const fastify = app.getHttpAdapter().getInstance();
  // helmet's headers on every response (404s and errors included), computed once: see security-headers.ts.
  fastify.addHook('onRequest', securityHeadersHook(helmetOptions(config)));
  // The docs routes (registered below by SwaggerModule) get the docs page's headers instead: a route hook, which
  // runs after the instance's, overwrites the CSP and adds the document-only headers.
  const docsHook = securityHeadersHook(docsHelmetOptions(config));
  fastify.addHook('onRoute', (route: RouteOptions) => {
    if (route.url === '/docs' || route.url.startsWith('/docs/')) {
      route.onRequest = [...(route.onRequest === undefined ? [] : Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest]), docsHook];
    }
  });
  registerCors(fastify, config);
  // After helmet and CORS: liveness is a plain Fastify route, but their hooks (and the request id) still apply.
  registerLiveness(fastify, log.logger);
  // Lines still queued in the asynchronous log destination are written before close() returns.
  fastify.addHook('onClose', (_instance, done) => {
    log.flush();
    done();
  });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('minipay API')
      .setDescription('WeChat Pay inside a WeChat Mini Program: login, catalog, orders, payments, webhooks. Schemas come from @minipay/contracts.')
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  document.paths = { ...document.paths, ...livenessDocument() };
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  app.enableShutdownHooks();
  return app;
}

/**
 * JSON responses: nosniff, frame denial, a deny-all CSP; HSTS only in production (a browser would pin https onto
 * localhost otherwise). helmet's other defaults act on HTML documents only (opener isolation, origin-keyed agent
 * clusters, referrers sent by links, DNS prefetch of links, IE8 downloads, Flash/Acrobat policy files, the legacy
 * XSS auditor) and are off here, as in OWASP's REST Security Cheat Sheet ("Security Headers"): a JSON reply is never
 * a document, and every response carries their bytes. The /docs page, which is a document, gets them all.
 */
export function helmetOptions(config: Pick<AppConfig, 'NODE_ENV'>): HelmetOptions {
  return {
    contentSecurityPolicy: { useDefaults: false, directives: API_CSP },
    frameguard: { action: 'deny' },
    hsts: config.NODE_ENV === 'production' ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    // The mini program's H5 build and the console read the API cross-origin (CORS decides who may).
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    crossOriginOpenerPolicy: false,
    originAgentCluster: false,
    referrerPolicy: false,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
  };
}

/** The Swagger UI page (/docs), an HTML document: every helmet default, under the page's own CSP. */
export function docsHelmetOptions(config: Pick<AppConfig, 'NODE_ENV'>): HelmetOptions {
  return {
    contentSecurityPolicy: { useDefaults: false, directives: DOCS_CSP },
    frameguard: { action: 'deny' },
    hsts: config.NODE_ENV === 'production' ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  };
}
