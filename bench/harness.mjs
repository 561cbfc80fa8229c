// The benchmark's harness: a static server for the production build and the baseline pages,
// headless Chromium, and the figures' statistics (each figure is the median of several runs
// after a warm-up). Used by run.mjs and the scenario modules.
import { chromium } from '@playwright/test';
import { createServer } from 'node:http';
import { readFileSync, existsSync, statSync } from 'node:fs';
import { resolve, extname, join } from 'node:path';

/** Timed runs per figure (after one warm-up), `BENCH_RUNS`, default 5. */
export const RUNS = Number(process.env.BENCH_RUNS ?? 5);

const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.txt': 'text/plain',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.png': 'image/png',
};

/** Serves dist/ (the app) and bench/.tmp/pages/ (under /bench/) on a free loopback port. */
export async function startServer(root) {
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const base = url.pathname.startsWith('/bench/')
      ? resolve(root, 'bench/.tmp/pages')
      : resolve(root, 'dist');
    let file = join(base, url.pathname.replace(/^\/bench\//, '/'));
    if (!file.startsWith(base) || !existsSync(file) || statSync(file).isDirectory())
      file = join(base, 'index.html');
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, close: () => server.close() };
}

/** Debian's Chromium (or `$CHROMIUM_PATH`), with the flags the figures need. */
export function launchBrowser() {
  const executablePath =
    process.env.CHROMIUM_PATH ||
    (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
  return chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--enable-precise-memory-info',
      '--js-flags=--expose-gc',
    ],
  });
}

/** Median, min and max of the samples. */
export const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], min: s[0], max: s[s.length - 1], runs: s.length };
};

/** A `record(name, unit, samples, baselines, target)` that logs each figure and collects it in
 * `results`, in the order recorded (the order of RESULTS.md). Returns the figure's row. */
export function createRecorder() {
  const results = [];
  const record = (name, unit, samples, baselines = {}, target = '') => {
    const r = { name, unit, ...stats(samples), baselines, target };
    results.push(r);
    console.log(
      `${name}: ${r.median.toFixed(1)} ${unit} (min ${r.min.toFixed(1)}, max ${r.max.toFixed(1)})`,
      Object.keys(baselines).length ? JSON.stringify(baselines) : '',
    );
    return r;
  };
  return { results, record };
}

/** Runs `fn` once to warm up, then `n` times; the `n` results. */
export async function repeat(n, fn) {
  await fn(); // warm-up
  const out = [];
  for (let i = 0; i < n; i++) out.push(await fn());
  return out;
}

/** Prints the `top` functions with the most self time in a CDP CPU profile. */
export function printProfile(profile, top = 25) {
  const dt = new Map();
  const { samples, timeDeltas, nodes } = profile;
  const byId = new Map(nodes.map((n) => [n.id, n]));
  samples.forEach((id, k) => dt.set(id, (dt.get(id) ?? 0) + timeDeltas[k] / 1000));
  const self = new Map();
  for (const [id, ms] of dt) {
    const f = byId.get(id).callFrame;
    const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + ms);
  }
  const best = [...self].sort((a, b) => b[1] - a[1]).slice(0, top);
  for (const [k, ms] of best) console.log(`profile ${ms.toFixed(0).padStart(7)} ms  ${k}`);
}
