// CI's dependency audit: fails on a known-critical vulnerability in the production dependency tree, and only
// warns when the registry's audit service cannot be reached (an offline CI run must not be red for that).
// Usage: node scripts/audit-prod.mjs   (runs `pnpm audit --prod --json` through npx)
//        node scripts/audit-prod.mjs --output FILE   (judges a saved `pnpm audit --json` output instead; used by
//        scripts/audit-prod.test.mjs to prove each verdict)
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const saved = process.argv.indexOf('--output');
const result =
  saved > 0
    ? { stdout: readFileSync(process.argv[saved + 1], 'utf8'), stderr: '' }
    : spawnSync('npx', ['--yes', 'pnpm@12.21.0', 'audit', '--prod', '--json'], { encoding: 'utf8', timeout: 120_000 });
const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
let report = null;
try {
  report = JSON.parse(result.stdout);
} catch {
  // not a report: the audit service did not answer (or answered something else)
}
const critical = report?.metadata?.vulnerabilities?.critical;
if (typeof critical !== 'number') {
  const reason = /ERR_PNPM_AUDIT[A-Z_]*|responded with \d+|ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN/.exec(output)?.[0] ?? 'no audit report';
  console.log(`WARNING: dependency audit skipped, the registry's audit service could not be used (${reason})`);
  process.exit(0);
}
if (critical > 0) {
  const advisories = Object.values(report.advisories ?? {}).filter((a) => a.severity === 'critical');
  for (const a of advisories) console.log(`critical: ${a.module_name} ${a.vulnerable_versions} — ${a.title} (${a.url})`);
  console.log(`dependency audit: ${critical} known-critical vulnerabilities in production dependencies`);
  process.exit(1);
}
console.log(`dependency audit: no known-critical vulnerability in production dependencies (${JSON.stringify(report.metadata.vulnerabilities)})`);
