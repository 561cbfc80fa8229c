// Bundle size and opening documents: the initial JS/CSS (gzip), and each workload opened to
// selectable and to fully laid out, against the floor and naive baselines of the same run.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { RUNS, repeat, stats } from './harness.mjs';
import { baseline, openTimed } from './app.mjs';

/** Initial JS and CSS of the production build, gzip. */
export function bundleSizes({ root, record }) {
  const html = readFileSync(resolve(root, 'dist/index.html'), 'utf8');
  const assets = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.(?:js|css))"/g)].map(
    (m) => m[1],
  );
  const gz = (ext) =>
    assets
      .filter((a) => a.endsWith(ext))
      .reduce((n, a) => n + gzipSync(readFileSync(resolve(root, 'dist', a))).length, 0) / 1024;
  record('Initial JS (gzip)', 'kB', [gz('.js')], {}, '≤ 110 kB');
  record('Initial CSS (gzip)', 'kB', [gz('.css')]);
}

/** Opens W-seed, W-book and W-verses (stored as `ids`), against the baselines. */
export async function openScenarios({ context, page, origin, W, ids, record }) {
  for (const [label, id, wl, target] of [
    ['W-seed', ids.seed, W.seed, ''],
    ['W-book', ids.book, W.book, '≤ 1.0× floor and ≤ 0.4× naive'],
    ['W-verses', ids.verses, W.verses, '≤ 1.2× floor'],
  ]) {
    const bp = await context.newPage();
    const floor = stats(
      await repeat(RUNS, () => baseline(bp, origin, 'floor', wl.paragraphs)),
    ).median;
    const naive =
      label === 'W-verses'
        ? undefined
        : stats(await repeat(Math.min(RUNS, 3), () => baseline(bp, origin, 'naive', wl.paragraphs)))
            .median;
    await bp.close();
    const runs = await repeat(RUNS, () => openTimed(page, id));
    const b = { floor_ms: floor, ...(naive ? { naive_ms: naive } : {}) };
    const sel = record(
      `Open ${label} to selectable`,
      'ms',
      runs.map((r) => r.selectable),
      b,
      target,
    );
    sel.ratios = { floor: sel.median / floor, ...(naive ? { naive: sel.median / naive } : {}) };
    const full = record(
      `Open ${label} fully laid out`,
      'ms',
      runs.map((r) => r.complete),
      b,
    );
    full.ratios = { floor: full.median / floor, ...(naive ? { naive: full.median / naive } : {}) };
  }
}
