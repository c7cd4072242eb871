import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '@minipay/sandbox';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { loadConfig, type AppConfig } from '../../src/config/config.schema';

/**
 * The real API (Nest on Fastify, listening on a loopback port) against the real sandbox (also listening),
 * on a fresh database: a temp SQLite file, or a fresh PostgreSQL database when TEST_DATABASE_URL is set.
 */
export interface Stack {
  apiUrl: string;
  sandbox: RunningSandbox;
  config: AppConfig;
  app: NestFastifyApplication;
  db: DataSource;
  close(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A database for one suite: its env settings and how to drop it afterwards. */
export async function freshDatabase(): Promise<{ env: Record<string, string>; drop(): Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) {
    const dir = mkdtempSync(join(tmpdir(), 'minipay-e2e-'));
    return { env: { DATA_DIR: dir }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `minipay_e2e_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    drop: async () => {
      const client = new Client({ connectionString: base });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export async function startStack(overrides: Record<string, string> = {}, sandboxOptions: Partial<SandboxOptions> = {}): Promise<Stack> {
  const sandbox = await startSandbox({ port: 0, logger: false, notifyRetryDelaysMs: [50, 100, 200, 400], ...sandboxOptions });
  const database = await freshDatabase();
  const apiPort = await freePort();
  const config = loadConfig({
    API_PORT: String(apiPort),
    SANDBOX_PORT: String(sandbox.port),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    JOBS_ENABLED: 'false',
    PROVIDER_TIMEOUT_MS: '3000',
    PROVIDER_RETRY_BASE_MS: '20',
    ...database.env,
    ...overrides,
  });
  let app: NestFastifyApplication;
  try {
    app = await createApp(config);
    await app.listen({ host: '127.0.0.1', port: apiPort });
  } catch (error) {
    await sandbox.close();
    await database.drop();
    throw error;
  }
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  sandbox.setAdyenWebhookUrl(`${apiUrl}/webhooks/adyen`);
  return {
    apiUrl,
    sandbox,
    config,
    app,
    db: app.get(DataSource),
    async close() {
      await sandbox.notificationsIdle().catch(() => undefined);
      await app.close();
      await sandbox.close();
      await database.drop();
    },
  };
}
