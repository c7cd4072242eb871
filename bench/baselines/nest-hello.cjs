// Baseline: the smallest NestJS-on-Fastify app, same @nestjs/* versions as apps/api, plain JS.
// Decorators are applied by hand (they are ordinary functions), so no TypeScript or transpiler is needed.
'use strict';
require('reflect-metadata');
const { Controller, Get, Module } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { FastifyAdapter } = require('@nestjs/platform-fastify');

class HealthController {
  live() {
    return { status: 'ok' };
  }
}
Get('live')(HealthController.prototype, 'live', Object.getOwnPropertyDescriptor(HealthController.prototype, 'live'));
Controller('health')(HealthController);

class AppModule {}
Module({ controllers: [HealthController] })(AppModule);

async function main() {
  const app = await NestFactory.create(AppModule, new FastifyAdapter(), { logger: false });
  app.enableShutdownHooks();
  const port = Number(process.env.PORT ?? 0);
  await app.listen({ host: '127.0.0.1', port });
  console.log(`nest-hello listening on ${port}`);
}
void main();
