import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type YAMLMap } from 'yaml';
import { LEVELS, type Level } from '@vigil/core';
import { parseTaskVars } from '@vigil/evaluation';
import { TestFileError, type ExpectedAlert, type ExpectedAlerts, type TaskUnderTest, type TestCase, type TestFile, type TestInput } from './test-file';
import { relativeOffsetNs, timeNs } from './test-times';

/**
 * Reads a rule-test file (YAML, or JSON, which YAML reads too). Every problem is a TestFileError
 * at the line and column of the offending node, unknown keys included, so that a typo never
 * silently weakens a test.
 */
export function readTestFile(path: string): TestFile {
  const text = readFileSync(path, 'utf8');
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, intAsBigInt: true, prettyErrors: true });
  const reader = new NodeReader(path, text, lines);
  const [first] = document.errors;
  if (first) {
    const position = first.linePos?.[0] ?? { line: 1, col: 1 };
    throw new TestFileError(path, position.line, position.col, first.message.split(' at line ')[0] ?? first.message);
  }
  const root = reader.map(document.contents, 'the file', ['task', 'tests']);
  const shared = root.get('task');
  const tests = root.get('tests');
  if (!isSeq(tests) || tests.items.length === 0) throw reader.error(tests ?? document.contents, '"tests" must be a list of test cases');
  const cases = tests.items.map((item, index) => readCase(reader, item as Node, index, shared));
  return { path, cases };
}

function readCase(reader: NodeReader, node: Node, index: number, shared: Node | undefined): TestCase {
  const fields = reader.map(node, 'a test case', ['name', 'task', 'input', 'expect']);
  const name = fields.has('name') ? reader.string(fields.get('name'), 'name') : `test ${index + 1}`;
  const inputNode = fields.get('input');
  if (!inputNode) throw reader.error(node, 'a test case needs "input"');
  const input = readInput(reader, inputNode);
  const taskNode = fields.get('task') ?? shared;
  if (input.kind === 'serve' && fields.has('task')) throw reader.error(fields.get('task') as Node, 'a case whose input is a vigil serve runs the server\'s task (input.task): it takes no "task" of its own');
  if (input.kind !== 'serve' && !taskNode) throw reader.error(node, 'a test case needs "task" (here or at the top of the file)');
  const expectNode = fields.get('expect');
  if (!expectNode) throw reader.error(node, 'a test case needs "expect"');
  return {
    name,
    line: reader.lineOf(node),
    ...(input.kind === 'serve' || !taskNode ? {} : { task: readTask(reader, taskNode, name) }),
    input,
    expect: readExpect(reader, expectNode, input),
  };
}

function readTask(reader: NodeReader, node: Node, caseName: string): TaskUnderTest {
  const fields = reader.map(node, 'a task', ['tick', 'script', 'name', 'vars', 'dbrp']);
  const tick = fields.get('tick');
  const inline = fields.get('script');
  if ((tick === undefined) === (inline === undefined)) throw reader.error(node, 'a task needs exactly one of "tick" (a .tick file) or "script" (the TICKscript itself)');
  const tickPath = tick === undefined ? undefined : reader.path(tick, 'tick');
  const script = tickPath === undefined ? reader.string(inline, 'script') : reader.readFile(tick as Node, tickPath);
  const defaultName = tickPath === undefined ? caseName.replace(/[^A-Za-z0-9._-]+/g, '_') : (tickPath.split(/[\\/]/).pop() ?? '').replace(/\.tick$/, '');
  const varsNode = fields.get('vars');
  const dbrpNode = fields.get('dbrp');
  const dbrpNodes = dbrpNode === undefined ? [] : isSeq(dbrpNode) ? (dbrpNode.items as Node[]) : [dbrpNode];
  return {
    name: fields.has('name') ? reader.string(fields.get('name'), 'name') : defaultName,
    origin: tickPath ?? `${reader.file}:${reader.lineOf(inline as Node)} (the script of "${caseName}")`,
    script,
    ...(varsNode === undefined ? {} : { vars: readVars(reader, varsNode) }),
    dbrps: dbrpNodes.map((item) => {
      const [database, retentionPolicy, extra] = reader.string(item, 'dbrp').split('.');
      if (!database || !retentionPolicy || extra !== undefined) throw reader.error(item, 'a dbrp is written "database.retention_policy"');
      return { database, retentionPolicy };
    }),
  };
}

/** Vars as `kapacitor define -vars` takes them: inline, or the path of a JSON file. */
function readVars(reader: NodeReader, node: Node) {
  const text = isScalar(node) ? reader.readFile(node, reader.path(node, 'vars')) : JSON.stringify(node.toJSON(), (_key, value: unknown) => (typeof value === 'bigint' ? Number(value) : value));
  try {
    return parseTaskVars(text);
  } catch (error) {
    throw reader.error(node, `vars: ${(error as Error).message}`);
  }
}

function readInput(reader: NodeReader, node: Node): TestInput {
  const fields = reader.map(node, 'an input', ['points', 'file', 'precision', 'serve', 'task', 'start', 'stop']);
  const kinds = ['points', 'file', 'serve'].filter((key) => fields.has(key));
  if (kinds.length !== 1) throw reader.error(node, 'an input needs exactly one of "points" (inline line protocol), "file" (a .lp file) or "serve" (a vigil serve URL)');
  const startNode = fields.get('start');
  const startNs = startNode === undefined ? undefined : reader.time(startNode, 'start', undefined);
  const only = (allowed: readonly string[], kind: string): void => {
    for (const key of fields.keys()) if (!allowed.includes(key)) throw reader.error(fields.get(key) as Node, `"${key}" does not go with "${kind}"`);
  };
  if (fields.has('points')) {
    only(['points', 'start'], 'points');
    return { kind: 'inline', lines: reader.string(fields.get('points'), 'points'), startNs: startNs ?? 0n };
  }
  if (fields.has('file')) {
    only(['file', 'precision', 'start'], 'file');
    const precision = fields.has('precision') ? reader.string(fields.get('precision'), 'precision') : 'ns';
    if (precision !== 'ns' && precision !== 'us' && precision !== 'ms' && precision !== 's') throw reader.error(fields.get('precision') as Node, 'precision must be one of ns, us, ms, s');
    return { kind: 'file', path: reader.path(fields.get('file') as Node, 'file'), precision, ...(startNs === undefined ? {} : { startNs }) };
  }
  only(['serve', 'task', 'start', 'stop'], 'serve');
  const url = reader.string(fields.get('serve'), 'serve');
  if (!URL.canParse(url)) throw reader.error(fields.get('serve') as Node, 'serve must be a URL such as http://127.0.0.1:9100');
  for (const key of ['task', 'start', 'stop']) if (!fields.has(key)) throw reader.error(node, `an input from a vigil serve needs "task", "start" and "stop" (missing "${key}")`);
  reader.time(fields.get('stop') as Node, 'stop', undefined);
  return { kind: 'serve', url, task: reader.string(fields.get('task'), 'task'), start: reader.string(startNode, 'start'), stop: reader.string(fields.get('stop'), 'stop'), startNs: startNs ?? 0n };
}

function readExpect(reader: NodeReader, node: Node, input: TestInput): ExpectedAlerts {
  // A bare list is the common case: exactly these alerts, in the order they are sent.
  const fields = isSeq(node) ? new Map<string, Node | undefined>([['alerts', node]]) : reader.map(node, 'expect', ['match', 'order', 'alerts']);
  const match = fields.has('match') ? reader.string(fields.get('match'), 'match') : 'exact';
  if (match !== 'exact' && match !== 'contains') throw reader.error(fields.get('match') as Node, 'match must be "exact" or "contains"');
  const order = fields.has('order') ? reader.string(fields.get('order'), 'order') : 'sent';
  if (order !== 'sent' && order !== 'per-id') throw reader.error(fields.get('order') as Node, 'order must be "sent" or "per-id"');
  const alerts = fields.get('alerts');
  if (!isSeq(alerts)) throw reader.error(alerts ?? node, '"alerts" must be a list (an empty list [] expects no alert)');
  return { match, order, alerts: alerts.items.map((item) => readAlert(reader, item as Node, input)) };
}

function readAlert(reader: NodeReader, node: Node, input: TestInput): ExpectedAlert {
  const fields = reader.map(node, 'an expected alert', ['at', 'id', 'level', 'message', 'previousLevel']);
  for (const key of ['id', 'level']) if (!fields.has(key)) throw reader.error(node, `an expected alert needs "${key}"`);
  const at = fields.get('at');
  const base = input.kind === 'file' && input.startNs === undefined ? 'first point' : input.startNs;
  return {
    id: reader.string(fields.get('id'), 'id'),
    level: reader.level(fields.get('level') as Node, 'level'),
    ...(at === undefined ? {} : { at: String(isScalar(at) ? at.value : ''), atNs: reader.time(at, 'at', base), ...(base === 'first point' && isRelative(at) ? { atFromFirstPoint: true } : {}) }),
    ...(fields.has('message') ? { message: reader.string(fields.get('message'), 'message') } : {}),
    ...(fields.has('previousLevel') ? { previousLevel: reader.level(fields.get('previousLevel') as Node, 'previousLevel') } : {}),
    line: reader.lineOf(node),
  };
}

function isRelative(node: Node): boolean {
  return isScalar(node) && typeof node.value === 'string' && node.value.startsWith('+');
}

/** Reads typed values out of YAML nodes, failing at the node's position. */
class NodeReader {
  constructor(
    readonly file: string,
    private readonly text: string,
    private readonly lines: LineCounter,
  ) {}

  error(node: Node | null | undefined, reason: string): TestFileError {
    const offset = node?.range?.[0] ?? 0;
    const { line, col } = this.lines.linePos(offset);
    return new TestFileError(this.file, line, col, reason);
  }

  lineOf(node: Node): number {
    return this.lines.linePos(node.range?.[0] ?? 0).line;
  }

  map(node: Node | null | undefined | unknown, what: string, keys: readonly string[]): Map<string, Node | undefined> {
    if (!isMap(node)) throw this.error(node as Node, `${what} must be a mapping of ${keys.map((key) => `"${key}"`).join(', ')}`);
    const fields = new Map<string, Node | undefined>();
    for (const pair of (node as YAMLMap).items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!keys.includes(key)) throw this.error(pair.key as Node, `unknown key "${key}" in ${what} (known: ${keys.join(', ')})`);
      if (pair.value === null || (isScalar(pair.value) && pair.value.value === null)) throw this.error(pair.key as Node, `"${key}" has no value`);
      fields.set(key, pair.value as Node);
    }
    return fields;
  }

  string(node: Node | null | undefined, what: string): string {
    if (!isScalar(node) || (typeof node.value !== 'string' && typeof node.value !== 'bigint' && typeof node.value !== 'number')) throw this.error(node, `${what} must be a string`);
    return String(node.value);
  }

  level(node: Node, what: string): Level {
    const text = this.string(node, what);
    if (!(LEVELS as readonly string[]).includes(text)) throw this.error(node, `${what} must be one of ${LEVELS.join(', ')} (got "${text}")`);
    return text as Level;
  }

  /** A time: RFC 3339, integer ns since the epoch, or `+30s` after `base`. */
  time(node: Node, what: string, base: bigint | 'first point' | undefined): bigint {
    // `+30` is an integer to YAML; here it is an offset without its unit, refused below.
    const text = isScalar(node) && typeof node.value === 'bigint' ? this.text.slice(node.range?.[0], node.range?.[1]).trim() : this.string(node, what);
    if (text.startsWith('+')) {
      const offset = relativeOffsetNs(text);
      if (offset === undefined) throw this.error(node, `${what}: "${text}" is not a duration such as +30s, +1m30s or +250ms`);
      if (base === undefined) throw this.error(node, `${what} cannot be relative here: write RFC 3339`);
      // For a .lp file without "start", the runner adds the first point's time (atFromFirstPoint).
      return base === 'first point' ? offset : base + offset;
    }
    const ns = timeNs(text.replace(/_/g, ''));
    if (ns === undefined) throw this.error(node, `${what}: "${text}" is not an RFC 3339 time, an integer of ns, or +DURATION`);
    return ns;
  }

  path(node: Node, what: string): string {
    return resolve(dirname(this.file), this.string(node, what));
  }

  readFile(node: Node, path: string): string {
    try {
      return readFileSync(path, 'utf8');
    } catch (error) {
      throw this.error(node, `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
}
