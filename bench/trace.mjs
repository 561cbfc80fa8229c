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
    const onMain = events.filter((e) => e.pid === main?.pid && e.tid === main?.tid);
    const out = onMain.filter((e) => e.ph === 'X');
    // The page's `performance.mark`s, by name (the last of each), in the trace's clock.
    out.marks = new Map(
      onMain.filter((e) => String(e.cat).includes('user_timing')).map((e) => [e.name, e.ts]),
    );
    return out;
  };
}

const hasWork = (events, t) =>
  events.some((e) => e.pid === t.pid && e.tid === t.tid && e.name === 'RunTask');

/** Prints the main thread's time per event name (self time, nested events subtracted) and the
 * `top` longest tasks, each with its largest child events. `from` and `until`: names of
 * `performance.mark`s made during the trace; only the tasks between them count, each printed
 * with its start after the mark `zero` (default `from`). `profile`: a CPU profile taken during
 * the trace (`profileOf`; same clock), whose samples in each long task name the JS it ran, and,
 * with `window` (two mark names), in all of that window. */
export function printTrace(
  events,
  { top = 8, label = 'trace', from, until, zero, profile, window, phases } = {},
) {
  const mark = (name) => (name !== undefined ? events.marks?.get(name) : undefined);
  const [t1, tz] = [mark(until), mark(zero ?? from)];
  const t0 = mark(from);
  const within = events.filter((e) => (t0 ?? -Infinity) <= e.ts && e.ts <= (t1 ?? Infinity));
  const sorted = [...within].sort((a, b) => a.ts - b.ts || b.dur - a.dur);
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
  if (phases) {
    // Wall and busy time (the main thread's tasks, clipped) between consecutive marks.
    const at = phases.map(mark).filter((t) => t !== undefined);
    const order = [...at].sort((a, b) => a - b);
    const line = order.slice(1).map((end, i) => {
      const start = order[i];
      const inside = tasks.filter((t) => t.ts >= start && t.ts < end);
      const b = inside.reduce((s, t) => s + t.dur, 0);
      // Thread time: what of it the thread ran on a core (the rest it waited: for a core, or
      // blocked in a call).
      const cpu = inside.reduce((s, t) => s + (t.tdur ?? t.dur), 0);
      const name = phases.find((p) => mark(p) === end);
      const ms = (x) => (x / 1000).toFixed(0);
      return `${name} +${ms(end - start)} (busy ${ms(b)}, on a core ${ms(cpu)})`;
    });
    console.log(`  ${label} phases: ${line.join(', ')}`);
  }
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
    const at = tz !== undefined ? ` at ${((t.ts - tz) / 1000).toFixed(0)}` : '';
    console.log(
      `  ${label} task ${(t.dur / 1000).toFixed(1)} ms${at} (self times): ${parts.join(', ')}`,
    );
    if (profile) printSamples(profile, t.ts, t.ts + t.dur, `  ${label}   `);
  }
  if (profile && window) {
    const [w0, w1] = [mark(window[0]), mark(window[1])];
    console.log(`${label}: the JS sampled from ${window[0]} to ${window[1]}:`);
    printSamples(profile, w0, w1, `  ${label} `, 30, 50, '\n    ');
  }
}

/** The JS a CPU profile sampled between `from` and `to` (µs, the trace's clock): the functions
 * with the most self time, and the app's own frames (`/assets/`) with the most inclusive time. */
function printSamples(profile, from, to, prefix, nSelf = 6, nIncl = 10, sep = ', ') {
  const byId = profile.byId ?? (profile.byId = new Map(profile.nodes.map((n) => [n.id, n])));
  if (!profile.parent) {
    profile.parent = new Map();
    for (const n of profile.nodes) for (const c of n.children ?? []) profile.parent.set(c, n.id);
  }
  const keyOf = (f) =>
    `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
  const [self, incl] = [new Map(), new Map()];
  let t = profile.startTime;
  profile.samples.forEach((id, k) => {
    t += profile.timeDeltas[k];
    if (t < from || t > to) return;
    const ms = (profile.timeDeltas[k + 1] ?? 0) / 1000;
    const f = byId.get(id).callFrame;
    self.set(keyOf(f), (self.get(keyOf(f)) ?? 0) + ms);
    const seen = new Set();
    for (let n = id; n !== undefined; n = profile.parent.get(n)) {
      const cf = byId.get(n).callFrame;
      const key = keyOf(cf);
      if (!cf.url.includes('/assets/') || seen.has(key)) continue;
      seen.add(key);
      incl.set(key, (incl.get(key) ?? 0) + ms);
    }
  });
  const top = (m, n) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, ms]) => `${k} ${ms.toFixed(1)}`)
      .join(sep);
  console.log(`${prefix}JS self: ${sep === ', ' ? '' : sep}${top(self, nSelf)}`);
  console.log(`${prefix}app inclusive: ${sep === ', ' ? '' : sep}${top(incl, nIncl)}`);
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
