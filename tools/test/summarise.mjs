// Adds up vitest JSON reports into the one closing line `npm test` ends with:
// `N passed, N failed` (and `, N skipped` when any were skipped).
//
// usage: node summarise.mjs <label>=<report.json>:<exit code> ... [--extra-failures N]
//
// A file that failed to load (syntax error, missing import) shows in the report as a failed test
// file without failed tests, and a vitest run that exits non-zero for another reason (an
// unhandled error, a crash before writing its report) has no failed test at all: each counts as
// one failure, so the closing line never reads "0 failed" for a run that did not pass.
import { existsSync, readFileSync } from 'node:fs';

const totals = { passed: 0, failed: 0, skipped: 0 };
const notes = [];
let extra = 0;

const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  if (arg === '--extra-failures') {
    extra += Number(args[++i] ?? 0);
    continue;
  }
  const match = /^([^=]+)=(.+):(\d+)$/.exec(arg);
  if (!match) throw new Error(`summarise: bad argument ${arg}`);
  const [, label, file, code] = match;
  addReport(label, file, Number(code));
}
totals.failed += extra;

for (const note of notes) console.log(note);
const skipped = totals.skipped > 0 ? `, ${totals.skipped} skipped` : '';
console.log(`${totals.passed} passed, ${totals.failed} failed${skipped}`);

function addReport(label, file, exitCode) {
  if (!existsSync(file)) {
    notes.push(`${label}: vitest exited ${exitCode} without writing ${file}; counted as 1 failure`);
    totals.failed += 1;
    return;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const passed = report.numPassedTests ?? 0;
  const failed = report.numFailedTests ?? 0;
  const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  const brokenFiles = (report.testResults ?? []).filter(
    (result) => result.status === 'failed' && !(result.assertionResults ?? []).some((test) => test.status === 'failed'),
  );
  for (const broken of brokenFiles) {
    const reason = String(broken.message ?? '').split('\n')[0];
    notes.push(`${label}: ${broken.name} failed to run: ${reason}`);
  }
  let failures = failed + brokenFiles.length;
  if (exitCode !== 0 && failures === 0) {
    notes.push(`${label}: vitest exited ${exitCode} with no failed test (unhandled error?); counted as 1 failure`);
    failures = 1;
  }
  totals.passed += passed;
  totals.failed += failures;
  totals.skipped += skipped;
}
