// Runs a command with the settings of the root `.env` file added to the environment (`pnpm dev` goes through
// here). Variables already set in the shell win over the file, so `API_PORT=3100 pnpm dev` still works with a
// .env present. MINIPAY_ENV_FILE points at another file (the dev-settings check uses a temporary one).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const envFile = resolve(root, process.env.MINIPAY_ENV_FILE || '.env');
if (existsSync(envFile)) {
  process.loadEnvFile(envFile);
  console.log(`minipay: settings from ${envFile} (the shell's own variables take precedence)`);
} else if (process.env.MINIPAY_ENV_FILE) {
  console.error(`minipay: MINIPAY_ENV_FILE=${process.env.MINIPAY_ENV_FILE} does not exist`);
  process.exit(2);
}

// `pnpm dev -- --filter=…` may hand us the `--` itself; it separated pnpm's options from ours, so drop it.
const [command, ...args] = process.argv.slice(2).filter((arg) => arg !== '--');
if (!command) {
  console.error('usage: node scripts/with-env.mjs <command> [args…]');
  process.exit(2);
}
const local = join(root, 'node_modules', '.bin', command);
const child = spawn(existsSync(local) ? local : command, args, { stdio: 'inherit', env: process.env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('error', (error) => {
  console.error(`minipay: cannot run ${command}: ${error.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
