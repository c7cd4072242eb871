// Figure 1's load generator when wrk is installed (Debian: apt-get install wrk), run as its own process like
// lib/load.mjs and printing the same JSON line. Why not autocannon here: an empty route costs the servers so little
// that autocannon's own per-response work (one JS event loop parsing every response) becomes the bottleneck on
// 2 cores; the API's larger responses (security headers) then cost the GENERATOR more, and the ratio measures
// autocannon. wrk (C, one thread) leaves the server as the bottleneck. Usage: node lib/wrk.mjs '{"url","params":{"path"},"connections","duration"}'
import { spawnSync } from 'node:child_process';

const cfg = JSON.parse(process.argv[2]);
const url = cfg.url + (cfg.params?.path ?? '/');
const wrkArgs = ['-t1', `-c${cfg.connections ?? 50}`, `-d${cfg.duration ?? 5}s`, '--latency', url];
// cfg.cpu: run wrk on that core only (run.mjs pins the server under test to the other one).
const run =
  cfg.cpu === undefined
    ? spawnSync('wrk', wrkArgs, { encoding: 'utf8' })
    : spawnSync('taskset', ['-c', String(cfg.cpu), 'wrk', ...wrkArgs], { encoding: 'utf8' });
if (run.status !== 0) {
  process.stderr.write(run.stderr || run.error?.message || 'wrk failed');
  process.exit(1);
}
const out = run.stdout;
const number = (re) => {
  const m = re.exec(out);
  return m ? Number(m[1]) : 0;
};
// wrk prints latencies as 812.00us / 1.23ms / 2.01s
const ms = (label) => {
  const m = new RegExp(`${label}\\s+([\\d.]+)(us|ms|s)\\b`).exec(out);
  if (!m) return null;
  const v = Number(m[1]);
  return m[2] === 'us' ? v / 1000 : m[2] === 's' ? v * 1000 : v;
};
const total = number(/(\d+) requests in/);
const non2xx = number(/Non-2xx or 3xx responses: (\d+)/);
const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
process.stdout.write(
  JSON.stringify({
    scenario: 'get (wrk)',
    generator: 'wrk',
    connections: cfg.connections ?? 50,
    duration: cfg.duration ?? 5,
    rps: number(/Requests\/sec:\s+([\d.]+)/),
    total,
    latency: { mean: ms('Latency'), p50: ms('50%'), p90: ms('90%'), p99: ms('99%'), max: null },
    codes: { '2xx': total - non2xx, ...(non2xx ? { other: non2xx } : {}) },
    non2xx,
    errors: socket ? Number(socket[1]) + Number(socket[2]) + Number(socket[3]) : 0,
    timeouts: socket ? Number(socket[4]) : 0,
  }) + '\n',
);
