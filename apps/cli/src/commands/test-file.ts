import type { Level } from '@vigil/core';
import type { TaskVars } from '@vigil/evaluation';

/**
 * A rule-test file as `vigil test` runs it (docs/rule-tests.md): test cases, each a task, an
 * input and the alerts it must send. Paths inside it are relative to the file.
 */
export interface TestFile {
  readonly path: string;
  readonly cases: readonly TestCase[];
}

export interface TestCase {
  readonly name: string;
  /** Where the case starts in its file, for reports. */
  readonly line: number;
  readonly task?: TaskUnderTest;
  readonly input: TestInput;
  readonly expect: ExpectedAlerts;
}

/** A local script (a .tick file or inline text) with vars and dbrps as `kapacitor define` takes them. */
export interface TaskUnderTest {
  readonly name: string;
  /** Where the script came from, for its errors: the .tick path, or `<test file>#<case>`. */
  readonly origin: string;
  readonly script: string;
  readonly vars?: TaskVars;
  readonly dbrps: readonly { readonly database: string; readonly retentionPolicy: string }[];
}

export type TestInput = InlineInput | FileInput | ServeInput;

/** Inline line protocol; a time written `+30s` is that long after `startNs`. */
export interface InlineInput {
  readonly kind: 'inline';
  readonly lines: string;
  readonly startNs: bigint;
}

export interface FileInput {
  readonly kind: 'file';
  readonly path: string;
  readonly precision: 'ns' | 'us' | 'ms' | 's';
  /** The base of relative `at` times; the first point's time when the file does not say. */
  readonly startNs?: bigint;
}

/** Real history: a running vigil serve backtests its task over [start, stop) of its point log. */
export interface ServeInput {
  readonly kind: 'serve';
  readonly url: string;
  readonly task: string;
  readonly start: string;
  readonly stop: string;
  readonly startNs: bigint;
}

/** `exact`: the alerts sent are the list; `contains`: the list is among them, others allowed. */
export type MatchMode = 'exact' | 'contains';
/** `sent`: one order over all alerts as sent; `per-id`: the order only within each alert id. */
export type OrderMode = 'sent' | 'per-id';

export interface ExpectedAlerts {
  readonly match: MatchMode;
  readonly order: OrderMode;
  readonly alerts: readonly ExpectedAlert[];
}

/** One expected alert event: id and level always, the rest only when given. */
export interface ExpectedAlert {
  readonly id: string;
  readonly level: Level;
  /** The event time in ns, resolved against the input's start for `+30s`. */
  readonly atNs?: bigint;
  /** atNs is an offset from the first point's time (a .lp file input without "start"). */
  readonly atFromFirstPoint?: boolean;
  /** As written in the file, for reports. */
  readonly at?: string;
  readonly message?: string;
  readonly previousLevel?: Level;
  /** Line in the test file, for reports. */
  readonly line: number;
}

/** A test file that cannot be run: says where (1-based line and column) and why. */
export class TestFileError extends Error {
  constructor(
    readonly path: string,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`${path}:${line}:${column}: ${reason}`);
    this.name = 'TestFileError';
  }
}
