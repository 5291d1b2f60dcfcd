import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs, UsageError, type OptionSpec } from '../args/parse-args';
import type { CommandHelp } from '../args/command-help';
import type { CommandIo } from './command-io';
import { ScriptFileError } from './script-errors';
import { TestFileError, type TestFile } from './test-file';
import { readTestFile } from './test-file.reader';
import { compareAlerts } from './test-matcher';
import { differenceLines } from './test-report';
import { CaseRunError, resolvedAlerts, runCase } from './test-run';

export const TEST_OPTIONS: readonly OptionSpec[] = [];

export const TEST_HELP: CommandHelp = {
  usage: 'test FILE|FOLDER ...',
  summary: 'Run rule tests (docs/rule-tests.md): each case runs a task over its input (inline points, a .lp file, or a time range of a running vigil serve, with VIGIL_TOKEN for a server with credentials) and compares the alerts it sends with the expected ones. A folder means every *.test.yaml, *.test.yml and *.test.json below it. Prints PASS or FAIL per case with the differences; exit 0 when every case passes, 1 when any fails or cannot run, 2 for a test file that cannot be read (with file:line:column).',
  options: TEST_OPTIONS,
};

const TEST_FILE = /\.test\.(ya?ml|json)$/;

/** `vigil test`: promtool's `test rules` for TICKscript tasks. */
export async function runTest(argv: readonly string[], io: CommandIo): Promise<number> {
  const { positionals } = parseArgs(argv, TEST_OPTIONS);
  if (positionals.length === 0) throw new UsageError('test needs at least one test file or folder');
  const paths = positionals.flatMap((path) => (statSync(path).isDirectory() ? testFilesIn(path) : [path]));
  if (paths.length === 0) throw new UsageError(`no *.test.yaml, *.test.yml or *.test.json files in ${positionals.join(', ')}`);

  // Every file is read before any case runs: a broken file is exit 2 with nothing run.
  const files: TestFile[] = [];
  const broken: string[] = [];
  for (const path of paths) {
    try {
      files.push(readTestFile(path));
    } catch (error) {
      if (!(error instanceof TestFileError)) throw error;
      broken.push(error.message);
    }
  }
  if (broken.length > 0) {
    for (const message of broken) io.stderr(`${message}\n`);
    return 2;
  }

  let passed = 0;
  let failed = 0;
  let badFile = false;
  for (const file of files) {
    io.stdout(`${file.path}\n`);
    for (const testCase of file.cases) {
      try {
        const run = await runCase(file, testCase);
        const differences = compareAlerts(resolvedAlerts(testCase, run.firstPointNs), run.sent);
        const counts = `${testCase.expect.alerts.length} expected, ${run.sent.length} sent`;
        if (differences.length === 0) {
          passed++;
          io.stdout(`  PASS  ${testCase.name} (${counts})\n`);
        } else {
          failed++;
          io.stdout(`  FAIL  ${testCase.name} (${counts})\n${differenceLines(differences).map((line) => `        ${line}\n`).join('')}`);
        }
      } catch (error) {
        failed++;
        if (error instanceof ScriptFileError || error instanceof TestFileError) badFile = true;
        const reason = error instanceof ScriptFileError ? error.format() : error instanceof TestFileError || error instanceof CaseRunError ? error.message : undefined;
        if (reason === undefined) throw error;
        io.stdout(`  ERROR ${testCase.name}\n        ${reason.split('\n').join('\n        ')}\n`);
      }
    }
  }
  io.stdout(`${passed} passed, ${failed} failed\n`);
  if (badFile) return 2;
  return failed > 0 ? 1 : 0;
}

/** The test files below a folder, in name order, so that runs print the same. */
function testFilesIn(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : testFilesIn(path);
      return TEST_FILE.test(entry.name) ? [path] : [];
    });
}
