// A/B of "scroll W-book + A10k top to bottom" on a shared machine:
// `node bench/ab-scroll.mjs [<other-root>] [rounds]` serves this checkout's dist/ (and another
// checkout's dist/), seeds W-book + A10k in each and alternates full scrolls (each on a freshly
// opened document, so every section is laid out for the first time). Prints per build the
// longest task of each scroll and the frames over 50 ms; `AB_TRACE=1` adds a `devtools.timeline`
// trace of one scroll each (bench/trace.mjs), with what ran in the longest tasks; `AB_LOAF=1` the
// long animation frames of each scroll with the scripts in them (each callback's time and its
// forced layout, the frame's rendering); `AB_PROFILE=1` a CPU profile of one scroll each (the
// app's functions by inclusive time; build with `--minify false` for names).
import { loadavg } from 'node:os';
import { stats } from './harness.mjs';
import { openTimed } from './app.mjs';
import { printInclusive, printTrace, profileOf, startTrace } from './trace.mjs';
import { abArgs, inTurn, withBuilds } from './ab-builds.mjs';

const { roots, turns: rounds } = abArgs(3);

/** Opens the document afresh, then scrolls it top to bottom a screen per frame. */
async function scroll(page, id) {
  await openTimed(page, id);
  await page.evaluate(() => window.__marginalia.app.editor.whenDrawn?.());
  return page.evaluate(async () => {
    const tasks = [];
    const obs = new PerformanceObserver((l) =>
      l.getEntries().forEach((e) => tasks.push([e.duration, window.scrollY])),
    );
    obs.observe({ type: 'longtask', buffered: false });
    // Long animation frames, with the scripts that ran in each (AB_LOAF=1: where a slow frame's
    // time went — its scripts, their forced layouts, and the frame's own style and layout).
    const frames = [];
    const loaf = new PerformanceObserver((l) =>
      l.getEntries().forEach((e) => {
        if (e.duration < 50) return;
        const end = e.startTime + e.duration;
        frames.push({
          ms: Math.round(e.duration),
          y: window.scrollY,
          render: Math.round(end - e.renderStart),
          layout: Math.round(end - e.styleAndLayoutStart),
          scripts: e.scripts.map(
            (s) =>
              `${s.invoker} ${s.sourceFunctionName || ''} ${Math.round(s.duration)} ms` +
              ` (forced layout ${Math.round(s.forcedStyleAndLayoutDuration)})`,
          ),
        });
      }),
    );
    loaf.observe({ type: 'long-animation-frame', buffered: false });
    window.scrollTo(0, 0);
    let last = performance.now();
    let slow = 0;
    while (window.scrollY + innerHeight < document.body.scrollHeight - 10) {
      window.scrollBy(0, innerHeight * 0.9);
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now();
      if (now - last > 50) slow++;
      last = now;
    }
    await new Promise((r) => setTimeout(r, 100));
    obs.disconnect();
    loaf.disconnect();
    const dbg = globalThis.__dbg ?? [];
    globalThis.__dbg = [];
    tasks.sort((a, b) => b[0] - a[0]);
    return {
      longest: tasks[0]?.[0] ?? 0,
      slow,
      top: tasks.slice(0, 5).map((t) => t.map(Math.round)),
      frames: frames.sort((a, b) => b.ms - a.ms).slice(0, 5),
      dbg,
    };
  });
}

const builds = await withBuilds(
  roots,
  () => {},
  async (builds) => {
    for (let k = 0; k < rounds; k++)
      for (const b of inTurn(builds, k)) {
        const r = await scroll(b.page, b.id);
        b.runs.push(r);
        console.log(
          `${b.name}: longest ${r.longest} ms, ${r.slow} slow frames, top [ms, scrollY] ${JSON.stringify(r.top)}, load ${loadavg()[0].toFixed(1)}`,
        );
        if (process.env.AB_LOAF)
          for (const f of r.frames) console.log(`  long frame ${JSON.stringify(f)}`);
        if (process.env.AB_LOAF) for (const f of r.dbg) console.log(`  check ${JSON.stringify(f)}`);
      }
    if (process.env.AB_TRACE)
      for (const b of builds) {
        await openTimed(b.page, b.id);
        const stop = await startTrace(b.context, b.page);
        const r = await scroll(b.page, b.id);
        printTrace(await stop(), {
          label: `${b.name} scroll trace (longest ${r.longest})`,
          top: 6,
        });
      }
    if (process.env.AB_PROFILE)
      for (const b of builds) {
        let r;
        const profile = await profileOf(b.context, b.page, 250, async () => {
          r = await scroll(b.page, b.id);
        });
        console.log(`${b.name} scroll profile (longest ${r.longest}, ${r.slow} slow frames):`);
        printInclusive(profile, 40);
      }
    return builds;
  },
);
for (const b of builds)
  console.log(
    `${b.name} (${b.root}): longest task median ${stats(b.runs.map((r) => r.longest)).median} ms, runs ${b.runs.map((r) => r.longest)}`,
  );
