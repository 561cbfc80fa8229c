// Runs the live-class load test (bench/live.ts, TypeScript: through tsx) and turns its figures
// into rows of the results table.
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export function liveRows(root) {
  execSync(`${resolve(root, 'node_modules/.bin/tsx')} bench/live.ts`, {
    cwd: root,
    stdio: 'inherit',
  });
  const live = JSON.parse(readFileSync(resolve(root, 'bench/.tmp/live.json'), 'utf8'));
  const rows = live.figures.map((f) => ({
    name: `Live class, 30 students × 50 annotations, ${f.scenario}: student write → teacher has it (p50)`,
    unit: 'ms',
    median: f.p50,
    min: f.p50,
    max: f.max,
    runs: 1,
    baselines: { p95_ms: f.p95, max_ms: f.max, received: f.received, duplicates: f.duplicates },
    target: f.scenario.startsWith('baseline') ? '' : 'all 1500 received; p95 ≤ 100 ms to drawn',
  }));
  for (const [records, ms] of Object.entries(live.checkMs))
    rows.push({
      name: `Live class server: bounds check of one update (validate-update), room of ${records} records`,
      unit: 'ms',
      median: ms,
      min: ms,
      max: ms,
      runs: 20,
      baselines: {},
      target: '',
    });
  for (const s of live.skipped) console.log(`live class: skipped ${s}`);
  return rows;
}
