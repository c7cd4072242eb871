// Preloaded into the server under test with `node --require bench/lib/preload.cjs` (the API itself is not edited).
// SIGWINCH (not SIGUSR2: NestJS's enableShutdownHooks() treats SIGUSR2 as a shutdown signal) toggles a measurement window: the first resets the event-loop-delay histogram (and starts the CPU
// profiler when BENCH_PROFILE_DIR is set), the second appends the window's histogram as one JSON line to
// BENCH_ELD_FILE (and writes the window's .cpuprofile). SIGTERM/SIGINT also flush an open window.
'use strict';
const { monitorEventLoopDelay } = require('node:perf_hooks');
const { appendFileSync, writeFileSync, mkdirSync } = require('node:fs');
const { join } = require('node:path');

const out = process.env.BENCH_ELD_FILE;
const profileDir = process.env.BENCH_PROFILE_DIR;
// Node's histogram records the whole sampling interval (an idle loop reads ≈ RESOLUTION_MS); we subtract it.
const RESOLUTION_MS = 1;
const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
histogram.enable();
let open = false;
let windowIndex = 0;
let session = null;
let openedAt = 0;

const ms = (ns) => Math.max(0, Math.round((ns / 1e6 - RESOLUTION_MS) * 100) / 100);

function startProfile() {
  if (!profileDir) return;
  const inspector = require('node:inspector');
  session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 200 });
  session.post('Profiler.start');
}

function stopProfile(index, done) {
  if (!session) return done(null);
  const s = session;
  session = null;
  s.post('Profiler.stop', (err, result) => {
    let file = null;
    if (!err && result) {
      mkdirSync(profileDir, { recursive: true });
      file = join(profileDir, `window-${index}.cpuprofile`);
      writeFileSync(file, JSON.stringify(result.profile));
    }
    s.disconnect();
    done(file);
  });
}

function closeWindow(done) {
  const index = windowIndex++;
  const stats = {
    window: index,
    seconds: (Date.now() - openedAt) / 1000,
    min: ms(histogram.min),
    mean: ms(histogram.mean),
    p50: ms(histogram.percentile(50)),
    p99: ms(histogram.percentile(99)),
    max: ms(histogram.max),
  };
  open = false;
  stopProfile(index, (file) => {
    stats.profile = file;
    if (out) appendFileSync(out, JSON.stringify(stats) + '\n');
    done();
  });
}

process.on('SIGWINCH', () => {
  if (!open) {
    histogram.reset();
    openedAt = Date.now();
    open = true;
    startProfile();
  } else {
    closeWindow(() => {});
  }
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.prependListener(signal, () => {
    if (open) closeWindow(() => {});
    // Only this listener: keep the default behaviour (exit) instead of swallowing the signal.
    if (process.listenerCount(signal) === 1) process.exit(0);
  });
}
