// Checks the unit run made with ../shared hidden (MARGINALIA_SHARED pointing to a missing
// folder), as on a fresh clone: every test must run and pass, except in *.shared.test.ts, whose
// whole point is a file in ../shared. Reads Vitest's JSON report (path as the first argument);
// writes reports/fresh-clone.json ({ passed, failed, problems }) for .ci/summary.mjs; exits 1 on
// any problem.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';

const reportPath = process.argv[2] ?? 'reports/unit-no-shared.json';
const problems = [];
if (!existsSync(reportPath))
  problems.push(`no report at ${reportPath} (the unit run did not finish)`);
else {
  const r = JSON.parse(readFileSync(reportPath, 'utf8'));
  let ran = 0;
  for (const file of r.testResults ?? []) {
    const name = relative(process.cwd(), file.name);
    const shared = name.endsWith('.shared.test.ts');
    if (file.status === 'failed' && !(file.assertionResults ?? []).length)
      problems.push(`${name}: failed to run (${(file.message ?? '').split('\n')[0]})`);
    for (const t of file.assertionResults ?? []) {
      if (t.status === 'passed') ran++;
      else if (t.status === 'failed') problems.push(`${name}: failed: ${t.fullName}`);
      else if (!shared) problems.push(`${name}: ${t.status} without ../shared: ${t.fullName}`);
    }
  }
  if (ran === 0) problems.push('no test ran');
  console.log(`fresh-clone check: ${ran} tests ran without ../shared`);
}
for (const p of problems) console.log(`fresh-clone check: ${p}`);
const ok = problems.length === 0;
console.log(`fresh-clone check: ${ok ? 'passed' : 'FAILED'}`);
writeFileSync(
  'reports/fresh-clone.json',
  JSON.stringify({ passed: ok ? 1 : 0, failed: ok ? 0 : 1, problems }),
);
process.exit(ok ? 0 : 1);
