// Proves scripts/audit-prod.mjs's verdicts on saved `pnpm audit --json` outputs: a known-critical vulnerability
// fails CI, none passes, and an unreachable audit service (this registry answers 405) only warns.
// Prints "audit-verdicts: N passed, M failed" (counted by .ci/run).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const script = join(dirname(fileURLToPath(import.meta.url)), 'audit-prod.mjs');
const work = mkdtempSync(join(tmpdir(), 'minipay-audit-'));
let passed = 0;
let failed = 0;

function verdict(name, output, expectedCode, expectedText) {
  const file = join(work, `${passed + failed}.json`);
  writeFileSync(file, output);
  const run = spawnSync(process.execPath, [script, '--output', file], { encoding: 'utf8' });
  const ok = run.status === expectedCode && expectedText.test(run.stdout);
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${ok ? '' : `: exit ${run.status}, output ${JSON.stringify(run.stdout)}`}`);
}

const report = (critical, advisories = {}) =>
  JSON.stringify({ advisories, metadata: { vulnerabilities: { info: 0, low: 1, moderate: 0, high: 2, critical } } });

verdict(
  'a known-critical vulnerability in the production tree fails',
  report(1, {
    1: { module_name: 'evil-lib', vulnerable_versions: '<2.0.0', severity: 'critical', title: 'Remote code execution', url: 'https://example.com/advisory/1' },
  }),
  1,
  /critical: evil-lib <2\.0\.0 — Remote code execution[\s\S]*1 known-critical/,
);
verdict('high and lower severities pass', report(0), 0, /no known-critical vulnerability/);
verdict(
  'an unreachable audit service warns and passes',
  '{"error":{"code":"ERR_PNPM_AUDIT_BAD_RESPONSE","message":"The audit endpoint (at https://registry.npmjs.org/-/npm/v1/security/audits) responded with 405"}}',
  0,
  /^WARNING: dependency audit skipped/,
);
verdict('an empty answer warns and passes', '', 0, /^WARNING: dependency audit skipped/);

rmSync(work, { recursive: true, force: true });
console.log(`audit-verdicts: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
