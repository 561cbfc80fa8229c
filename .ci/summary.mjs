// Sums Vitest and Playwright JSON reports, and the fresh-clone check, into the final
// "N passed, N failed" line.
// A runner that did not produce a report (e.g. the type check failed first) counts as a failure.
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
const notes = [];

const unit = 'reports/unit.json';
if (existsSync(unit)) {
  const r = JSON.parse(readFileSync(unit, 'utf8'));
  passed += r.numPassedTests ?? 0;
  failed += r.numFailedTests ?? 0;
  if (!r.success && !r.numFailedTests) {
    failed += 1;
    notes.push('unit run failed outside tests');
  }
} else {
  failed += 1;
  notes.push('no unit report (check or unit run did not complete)');
}

const e2e = 'reports/e2e.json';
if (existsSync(e2e)) {
  const r = JSON.parse(readFileSync(e2e, 'utf8'));
  const s = r.stats ?? {};
  passed += (s.expected ?? 0) + (s.flaky ?? 0);
  failed += s.unexpected ?? 0;
  if ((r.errors ?? []).length) {
    failed += r.errors.length;
    notes.push('e2e run reported errors');
  }
} else {
  failed += 1;
  notes.push('no e2e report (build or e2e run did not complete)');
}

// The fresh-clone check (unit tests with ../shared hidden) counts as one check.
const fresh = 'reports/fresh-clone.json';
if (existsSync(fresh)) {
  const r = JSON.parse(readFileSync(fresh, 'utf8'));
  passed += r.passed;
  failed += r.failed;
  if (r.failed) notes.push(`fresh-clone check: ${r.problems.join('; ')}`);
} else {
  failed += 1;
  notes.push('no fresh-clone report (the run without ../shared did not complete)');
}

for (const n of notes) console.log(`note: ${n}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
