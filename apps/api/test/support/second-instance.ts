import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/config.schema';
import { freePort, type Stack } from './stack';

/** Another API instance on the same database and sandbox (what scaling out looks like). */
export async function startSecondInstance(stack: Stack, overrides: Record<string, string> = {}): Promise<{ url: string; app: NestFastifyApplication }> {
  const port = await freePort();
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(stack.config)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') env[key] = String(value);
  }
  const config = loadConfig({
    ...env,
    ADYEN_HMAC_KEYS: stack.config.ADYEN_HMAC_KEYS.join(','),
    API_PORT: String(port),
    PUBLIC_BASE_URL: stack.apiUrl,
    ...overrides,
  });
  const app = await createApp(config);
  await app.listen({ host: '127.0.0.1', port });
  return { url: `http://127.0.0.1:${port}`, app };
}
