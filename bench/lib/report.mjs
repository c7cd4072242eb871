// What run.mjs and growth.mjs share: rounding, a JSON client for setting up, the API's production-stack env, and
// the result rows with their console table and Markdown table.

/** Two decimals (two significant digits below 0.1); null for NaN/Infinity (a figure that could not be computed). */
export const r2 = (x) => (Number.isFinite(x) ? (Math.abs(x) < 0.1 ? Number(x.toPrecision(2)) : Math.round(x * 100) / 100) : null);
export const r0 = (x) => (Number.isFinite(x) ? Math.round(x) : null);

/** A JSON request that must succeed (set-up calls: logins, sandbox controls); the body of the answer, or null. */
export async function json(method, url, body, headers = {}) {
  const res = await fetch(url, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url} → ${res.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}

/**
 * The API as `main.ts` builds it ("production stack"): NODE_ENV left at its default (production refuses the sandbox
 * placeholder secrets), request logging on at info; jobs off (no sweep competing for the CPU); rate limits raised so
 * throttling does not shape the load.
 */
export function apiEnv(extra) {
  return {
    LOG_LEVEL: 'info',
    JOBS_ENABLED: 'false',
    THROTTLE_LOGIN_PER_MINUTE: '1000000',
    THROTTLE_ORDERS_PER_MINUTE: '1000000',
    THROTTLE_PAY_PER_MINUTE: '1000000',
    ...extra,
  };
}

/** One result row; `pass` undefined = context (no target). */
export function resultRow(figure, metric, value, target, pass, note = '') {
  return { figure, metric, value, target: target ?? '', status: pass === undefined ? '' : pass ? 'PASS' : 'FAIL', note };
}

const HEAD = ['figure', 'metric', 'value', 'target', 'result', 'detail'];
const cells = (r) => [r.figure, r.metric, r.value ?? 'n/a', r.target, r.status, r.note].map(String);

/** The rows as an aligned plain-text table (printed at the end of a run). */
export function textTable(rows) {
  const lines = rows.map(cells);
  const w = HEAD.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cs) => cs.map((c, i) => c.padEnd(w[i])).join('  ');
  return [fmt(HEAD), w.map((n) => '-'.repeat(n)).join('  '), ...lines.map(fmt)].join('\n');
}

/** The rows as Markdown table lines (for RESULTS.md). */
export function markdownTable(rows) {
  return [`| ${HEAD.join(' | ')} |`, `|${HEAD.map(() => '---|').join('')}`, ...rows.map((r) => `| ${cells(r).join(' | ')} |`)];
}
