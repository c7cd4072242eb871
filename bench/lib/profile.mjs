// Summarises a .cpuprofile: self time by function and by owner (ours / a package / node internals), and the
// inclusive time of our own functions.
import { readFileSync } from 'node:fs';

function ownerOf(url) {
  if (!url) return '(native/vm)';
  if (url.startsWith('node:')) return 'node:internal';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 14).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const m = /\/apps\/(api|sandbox)\/|\/packages\/([^/]+)\//.exec(url);
  if (m) return m[1] ? `ours:apps/${m[1]}` : `ours:packages/${m[2]}`;
  return 'other';
}

export function summarizeProfile(file, top = 15) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map();
  const deltas = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + (deltas[i] ?? 0));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // Samples under the preload's own inspector calls (Profiler.start/stop) are the profiler, not the API.
  const isProfiler = (id) => {
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) if (byId.get(cur).callFrame.url.endsWith('preload.cjs')) return true;
    return false;
  };
  for (const id of [...selfUs.keys()]) if (isProfiler(id)) selfUs.delete(id);
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const idle = [...selfUs.entries()].filter(([id]) => byId.get(id).callFrame.functionName === '(idle)').reduce((a, [, v]) => a + v, 0);
  const busy = total - idle;

  const key = (cf) => `${cf.functionName || '(anonymous)'} ${cf.url ? cf.url.replace(/^.*\/(node_modules|apps|packages)\//, '$1/') : ''}:${cf.lineNumber + 1}`;
  const selfByFn = new Map();
  const selfByOwner = new Map();
  const inclOurs = new Map();
  for (const [id, us] of selfUs) {
    const n = byId.get(id);
    const cf = n.callFrame;
    if (cf.functionName === '(idle)') continue;
    selfByFn.set(key(cf), (selfByFn.get(key(cf)) ?? 0) + us);
    let owner = ['(garbage collector)', '(program)'].includes(cf.functionName) ? cf.functionName : ownerOf(cf.url);
    if (owner === '(native/vm)') {
      // a native frame (socket write, sqlite step, hmac…) is charged to the nearest JavaScript caller's owner
      for (let cur = parent.get(id); cur !== undefined; cur = parent.get(cur)) {
        const url = byId.get(cur).callFrame.url;
        if (url) {
          owner = `${ownerOf(url)} (native)`;
          break;
        }
      }
    }
    selfByOwner.set(owner, (selfByOwner.get(owner) ?? 0) + us);
    // inclusive: charge every distinct "ours" frame on the stack once
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur).callFrame;
      if (!ownerOf(f.url).startsWith('ours:')) continue;
      const k = key(f);
      if (seen.has(k)) continue;
      seen.add(k);
      inclOurs.set(k, (inclOurs.get(k) ?? 0) + us);
    }
  }
  const pct = (us) => Math.round((us / busy) * 1000) / 10;
  const sorted = (m) => [...m.entries()].sort((a, b) => b[1] - a[1]);
  return {
    file,
    wallMs: Math.round(total / 1000),
    busyMs: Math.round(busy / 1000),
    selfByOwner: sorted(selfByOwner)
      .slice(0, top)
      .map(([owner, us]) => ({ owner, ms: Math.round(us / 1000), pct: pct(us) })),
    topSelf: sorted(selfByFn)
      .slice(0, top)
      .map(([fn, us]) => ({ fn, ms: Math.round(us / 1000), pct: pct(us) })),
    oursInclusive: sorted(inclOurs)
      .slice(0, top)
      .map(([fn, us]) => ({ fn, ms: Math.round(us / 1000), pct: pct(us) })),
  };
}
