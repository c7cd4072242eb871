// Builds the contracts twice, as ESM (for the mini program's bundler) and as CommonJS (for the API and jest),
// and marks each output folder with its module type so Node picks the right loader.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
rmSync('dist', { recursive: true, force: true });
for (const [format, type] of [
  ['esm', 'module'],
  ['cjs', 'commonjs'],
]) {
  console.log(`contracts: building ${format}`);
  execFileSync(process.execPath, [tsc, '-p', `tsconfig.${format}.json`], { stdio: 'inherit' });
  mkdirSync(`dist/${format}`, { recursive: true });
  writeFileSync(`dist/${format}/package.json`, JSON.stringify({ type }) + '\n');
}
