import { createApp } from './app.factory';
import { loadConfig } from './config/config.schema';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    // Refuse to start, naming every missing or invalid variable.
    console.error((error as Error).message);
    process.exit(1);
  }
  const app = await createApp(config);
  await app.listen({ host: config.API_HOST, port: config.API_PORT });
  const url = await app.getUrl();
  const database = config.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `SQLite in ${config.DATA_DIR}`;
  const limits = config.REDIS_URL ? 'shared in Redis' : 'in memory';
  console.log(
    `minipay API listening on ${url.replace('[::1]', 'localhost')}  (docs: ${url}/docs, provider: ${config.PAYMENT_PROVIDER}, database: ${database}, rate limits: ${limits})`,
  );
}

void main();
