// What every A/B script shares (ab-create, ab-freeze, ab-reload, ab-scroll): two builds served
// side by side in one browser, each on its own origin (so its own IndexedDB) seeded with
// W-book + A10k, and turns alternated so both builds meet the same load on a shared machine.
import { resolve } from 'node:path';
import { launchBrowser, startServer } from './harness.mjs';
import { freshApp, seedAnnotations, store } from './app.mjs';
import { workloads } from './workloads.mjs';

const here = resolve(import.meta.dirname, '..');

/** The workloads, read once from this checkout. */
export const W = workloads(here);

/**
 * The builds named on the command line: `this` (`AB_ROOT`, default this checkout) and, when
 * argv[2] is given, `other`; and the count of turns (argv[3], else `turns`). Each root's dist/
 * must be built beforehand.
 */
export function abArgs(turns) {
  const roots = [['this', resolve(process.env.AB_ROOT ?? here)]];
  if (process.argv[2]) roots.push(['other', resolve(process.argv[2])]);
  return { roots, turns: Number(process.argv[3] ?? turns) };
}

/**
 * Serves each root, opens a fresh app on its origin and stores W-book with A10k (`id`), then
 * `prepare(build)` (extra seeding, warm-up) for each; runs `body(builds)` and closes everything,
 * whatever happens. A build is `{ name, root, context, page, id, runs: [] }` plus what `prepare`
 * adds to it.
 */
export async function withBuilds(roots, prepare, body) {
  const browser = await launchBrowser();
  const builds = [];
  const servers = [];
  try {
    for (const [name, root] of roots) {
      const server = await startServer(root);
      servers.push(server);
      const { context, page } = await freshApp(browser, server.origin);
      const id = await store(page, 'kjv-10000.txt', W.book.text);
      await seedAnnotations(page, id, 10000, 2);
      const build = { name, root, context, page, id, runs: [] };
      await prepare(build);
      builds.push(build);
    }
    return await body(builds);
  } finally {
    for (const b of builds) await b.context.close();
    for (const s of servers) s.close();
    await browser.close();
  }
}

/** The builds in turn `k`'s order: reversed every other turn, so neither always goes first. */
export const inTurn = (builds, k) => (k % 2 ? [...builds].reverse() : builds);
