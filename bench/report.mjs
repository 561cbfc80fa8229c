// Renders bench/results.json as the human table in bench/RESULTS.md, followed by the written
// analysis in bench/notes.md.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
const fmt = (n) =>
  typeof n === 'number' ? (Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(1)) : String(n);

export function report(out) {
  const rows = out.results.map((r) => {
    const base = Object.entries(r.baselines ?? {})
      .map(([k, v]) => `${k} ${fmt(v)}`)
      .join(', ');
    const ratios = r.ratios
      ? Object.entries(r.ratios)
          .map(([k, v]) => (k.endsWith('_ms') ? `${k} ${fmt(v)}` : `${fmt(v)}× ${k}`))
          .join(', ')
      : '';
    return `| ${r.name} | ${fmt(r.median)} ${r.unit} | ${fmt(r.min)}–${fmt(r.max)} | ${r.runs} | ${base} | ${ratios} | ${r.target ?? ''} |`;
  });
  return [
    '# Benchmark results',
    '',
    `Generated ${out.generated} on ${out.machine}; ${out.runs} runs per figure after a warm-up (fewer for the heaviest), median shown.`,
    'Baselines are measured in the same run, so ratios survive a noisy machine. Run with `npm run bench`.',
    ...(out.reruns ?? []).map(
      (r) =>
        `Partial rerun ${r.at} (\`BENCH_ONLY=${r.only ?? 'a10k'}\`, load average ${r.load} at its end): its ${r.rows} rows replace those of the full run; compare them only with each other.`,
    ),
    '',
    ...Object.entries(out.workloads).map(([k, v]) => `- **${k}**: ${v}`),
    '',
    '| Metric | Median | Spread | Runs | Baselines (same run) | Ratio | Target |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
    existsSync(resolve(import.meta.dirname, 'notes.md'))
      ? readFileSync(resolve(import.meta.dirname, 'notes.md'), 'utf8')
      : '',
  ].join('\n');
}
