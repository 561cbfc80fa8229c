// A Chromium trace of the page's main thread through CDP (`devtools.timeline`), summarised: the
// time per event name (Layout, UpdateLayoutTree, Paint, FunctionCall…) and the longest tasks
// with what ran in them. Used by the probes (ab-create.mjs) to attribute a figure's time.

const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute',
  'blink.user_timing',
  'blink',
].join(',');

/** Starts tracing `page`; the returned `stop()` resolves to the main thread's complete events. */
export async function startTrace(context, page) {
  const cdp = await context.newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  await cdp.send('Tracing.start', {
    traceConfig: {
      includedCategories: CATEGORIES.split(','),
      recordMode: 'recordAsMuchAsPossible',
    },
    transferMode: 'ReportEvents',
  });
  return async () => {
    const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
    await cdp.send('Tracing.end');
    await done;
    await cdp.detach();
    const names = events.filter((e) => e.name === 'thread_name');
    const main = names.find((e) => e.args?.name === 'CrRendererMain' && hasWork(events, e));
    return events.filter((e) => e.pid === main?.pid && e.tid === main?.tid && e.ph === 'X');
  };
}

const hasWork = (events, t) =>
  events.some((e) => e.pid === t.pid && e.tid === t.tid && e.name === 'RunTask');

/** Prints the main thread's time per event name (self time, nested events subtracted) and the
 * `top` longest tasks, each with its largest child events. */
export function printTrace(events, { top = 8, label = 'trace' } = {}) {
  const sorted = [...events].sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const self = new Map();
  const stack = [];
  for (const e of sorted) {
    while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop();
    const parent = stack.at(-1);
    if (parent) parent.childDur = (parent.childDur ?? 0) + (e.dur ?? 0);
    e.parent = parent;
    stack.push(e);
  }
  for (const e of sorted)
    if (e.name !== 'RunTask' && e.parent)
      self.set(e.name, (self.get(e.name) ?? 0) + ((e.dur ?? 0) - (e.childDur ?? 0)) / 1000);
  const tasks = sorted.filter((e) => e.name === 'RunTask');
  const busy = tasks.reduce((s, t) => s + t.dur / 1000, 0);
  console.log(`${label}: ${tasks.length} tasks, ${busy.toFixed(1)} ms busy`);
  for (const [n, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 14))
    console.log(`  ${label} self ${ms.toFixed(1).padStart(8)} ms  ${n}`);
  const selfOf = (e) => ((e.dur ?? 0) - (e.childDur ?? 0)) / 1000;
  const taskOf = (e) => {
    let t = e;
    while (t.parent) t = t.parent;
    return t;
  };
  const inTask = new Map();
  for (const e of sorted) {
    if (e.name === 'RunTask') continue;
    const t = taskOf(e);
    if (!inTask.has(t)) inTask.set(t, new Map());
    const m = inTask.get(t);
    const k = e.name + detail(e);
    m.set(k, (m.get(k) ?? 0) + selfOf(e));
  }
  for (const t of [...tasks].sort((a, b) => b.dur - a.dur).slice(0, top)) {
    const parts = [...(inTask.get(t) ?? [])]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6)
      .map(([k, ms]) => `${k} ${ms.toFixed(1)}`);
    console.log(
      `  ${label} task ${(t.dur / 1000).toFixed(1)} ms (self times): ${parts.join(', ')}`,
    );
  }
}

const detail = (e) => {
  const d = e.args?.data ?? e.args?.beginData ?? {};
  if (d.functionName || d.url)
    return `(${d.functionName || ''} ${String(d.url ?? '')
      .split('/')
      .pop()}:${d.lineNumber ?? ''})`;
  if (d.type) return `(${d.type})`;
  return '';
};

/** The `top` functions of the app's own files (`/assets/`) with the most time including their
 * callees, in a CPU profile (`Profiler.stop`'s). */
export function printInclusive(profile, top) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  profile.samples.forEach((id, k) =>
    self.set(id, (self.get(id) ?? 0) + profile.timeDeltas[k] / 1000),
  );
  const total = new Map();
  const visit = (n, seen) => {
    const f = n.callFrame;
    const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
    let ms = self.get(n.id) ?? 0;
    for (const c of n.children ?? []) ms += visit(byId.get(c), new Set([...seen, key]));
    if (f.url.includes('/assets/') && !seen.has(key)) total.set(key, (total.get(key) ?? 0) + ms);
    return ms;
  };
  visit(profile.nodes[0], new Set());
  for (const [k, ms] of [...total].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`inclusive ${ms.toFixed(0).padStart(7)} ms  ${k}`);
}

/** A CPU profile (`Profiler.stop`'s) of `fn()` on `page`, sampled every `interval` µs. */
export async function profileOf(context, page, interval, fn) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval });
  await cdp.send('Profiler.start');
  try {
    await fn();
    return (await cdp.send('Profiler.stop')).profile;
  } finally {
    await cdp.detach();
  }
}
