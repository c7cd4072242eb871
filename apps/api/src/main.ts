import { createApp } from './app.factory';
import { loadConfig, SANDBOX_TEST_SECRETS } from './config/config.schema';

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
  if (config.CONSOLE_BOOTSTRAP_PASSWORD === SANDBOX_TEST_SECRETS.CONSOLE_BOOTSTRAP_PASSWORD) {
    // The published dev placeholder (refused in production), so printing it gives nothing away.
    console.log(
      `merchant console: sign in as ${config.CONSOLE_BOOTSTRAP_USER} / ${config.CONSOLE_BOOTSTRAP_PASSWORD} (dev default; set CONSOLE_BOOTSTRAP_PASSWORD)`,
    );
  }
}

void main();
