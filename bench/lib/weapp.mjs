// Size of the production weapp build: the main package (everything outside subpackage roots, no source maps)
// and the vendors.js share of it.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

function walk(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

export function weappSize(dir) {
  if (!existsSync(join(dir, 'app.json'))) return null;
  const app = JSON.parse(readFileSync(join(dir, 'app.json'), 'utf8'));
  const roots = [...(app.subPackages ?? []), ...(app.subpackages ?? [])].map((s) => s.root.replace(/\/?$/, '/'));
  let mainBytes = 0;
  let subBytes = 0;
  let vendorsBytes = 0;
  const files = walk(dir).filter((f) => !f.endsWith('.map'));
  for (const f of files) {
    const rel = relative(dir, f);
    const size = statSync(f).size;
    if (roots.some((r) => rel.startsWith(r))) subBytes += size;
    else {
      mainBytes += size;
      if (/(^|\/)vendors\.js$/.test(rel)) vendorsBytes += size;
    }
  }
  return { mainBytes, subBytes, vendorsBytes, subPackageRoots: roots, files: files.length };
}
