import { PROVIDER_HEALTH } from '../../test/fixtures';
import { printExpr } from '../parser/expr-printer';
import type { TickValue } from '../pipeline';
import { checkTickScript, compileTickScript } from './compile-tick-script';
import { compileError, describeCalls, lambdaExprs, node } from '../../test/compile-test-helpers';

function lambdaText(value: TickValue | undefined): string {
  if (value?.type !== 'lambda') throw new Error(`not a lambda: ${value?.type}`);
  return printExpr(value.expr);
}

describe('compileTickScript: the seed provider-health task', () => {
  const { pipeline, program } = compileTickScript(PROVIDER_HEALTH);

  it('names the nodes as Kapacitor does, in creation order', () => {
    expect(pipeline.nodes.map((n) => [n.id, n.type, n.name])).toEqual([
      [0, 'stream', 'stream0'],
      [1, 'from', 'from1'],
      [2, 'stateCount', 'state_count2'],
      [3, 'alert', 'alert3'],
    ]);
    expect(pipeline.nodes.map((n) => [n.parents, n.children])).toEqual([
      [[], [1]],
      [[0], [2]],
      [[1], [3]],
      [[2], []],
    ]);
  });

  it('keeps the dbrp and the program', () => {
    expect(pipeline.dbrps).toEqual([{ database: 'vigil', retentionPolicy: 'autogen' }]);
    expect(program.statements).toHaveLength(4);
  });

  it('records the properties in script order, with the handler options nested', () => {
    expect(describeCalls(node(pipeline, 'from1').properties)).toEqual([
      "measurement('performance_influx')",
      "groupBy('nome_recurso', 'nome_provedor')",
    ]);
    expect(describeCalls(node(pipeline, 'state_count2').properties)).toEqual(["as('consecutive_error')"]);
    expect(describeCalls(node(pipeline, 'alert3').properties)).toEqual([
      `id('status_provedor_{{ index .Tags "nome_recurso" }}{{ index .Tags "nome_provedor" }}')`,
      "message('{{ .ID }} is {{ .Level }}')",
      `details('The past {{ index .Fields "consecutive_error" }} requests for "nome_recurso": {{ index .Tags "nome_recurso" }} and "nome_provedor": {{ index .Tags "nome_provedor" }} were considered to change to this level alert.')`,
      'info(lambda)',
      'crit(lambda)',
      'stateChangesOnly()',
      'noRecoveries()',
      "post('http://fakebroker:8080/kapacitor/alert')",
      "  .header('Content-Type', 'application/json')",
    ]);
  });

  it('replaces vars inside lambdas by their values', () => {
    const alert = node(pipeline, 'alert3');
    expect(lambdaText(alert.properties.find((call) => call.name === 'crit')?.args[0])).toBe('(>= "consecutive_error" 2)');
    expect(lambdaText(node(pipeline, 'state_count2').args[0])).toBe('(== "sucesso" 0)');
    expect(lambdaExprs(pipeline).filter((expr) => expr.kind === 'Identifier')).toEqual([]);
  });

  it('lets task vars override var defaults', () => {
    const overridden = compileTickScript(PROVIDER_HEALTH, { vars: { consecutive_errors: { type: 'int', value: 5 } } }).pipeline;
    const crit = node(overridden, 'alert3').properties.find((call) => call.name === 'crit');
    expect(lambdaText(crit?.args[0])).toBe('(>= "consecutive_error" 5)');
  });
});

describe('compileTickScript: variables', () => {
  const script = (decls: string, body = '.crit(lambda: "v" > limit)') => `${decls}\nstream|from()|alert()${body}`;
  const crit = (source: string, vars?: Parameters<typeof compileTickScript>[1]) =>
    lambdaText(node(compileTickScript(source, vars).pipeline, 'alert2').properties[0]?.args[0]);

  it('inlines ints, floats, strings, bools, durations, regexes and lambdas', () => {
    expect(crit(script('var limit = 10'))).toBe('(> "v" 10)');
    expect(crit(script('var limit = 2.5'))).toBe('(> "v" 2.5)');
    expect(crit(script("var host = 'web'", '.crit(lambda: "host" == host)'))).toBe("(== \"host\" 'web')");
    expect(crit(script('var on = TRUE', '.crit(lambda: "up" == on)'))).toBe('(== "up" TRUE)');
    expect(crit(script('var d = 5m * 2', '.crit(lambda: "elapsed" > d)'))).toBe('(> "elapsed" 10m)');
    expect(crit(script('var re = /^web/', '.crit(lambda: "host" =~ re)'))).toBe('(=~ "host" /^web/)');
    expect(crit(script('var high = lambda: "v" > 90\nvar up = lambda: "up" == TRUE', '.crit(lambda: high AND up)'))).toBe(
      '(AND (> "v" 90) (== "up" TRUE))',
    );
  });

  it('passes vars as arguments and spreads a list var into the arguments', () => {
    const { pipeline } = compileTickScript("var p = 1m\nvar tags = ['host', 'region']\nstream|from().groupBy(tags)|window().period(p).every(p / 2)");
    expect(describeCalls(node(pipeline, 'from1').properties)).toEqual(["groupBy('host', 'region')"]);
    expect(describeCalls(node(pipeline, 'window2').properties)).toEqual(['period(60000000000ns)', 'every(30000000000ns)']);
  });

  it('lets a var hold a node and continue the pipeline from it', () => {
    const { pipeline } = compileTickScript("var data = stream|from().measurement('cpu')\ndata|log()\ndata|httpOut('cpu')");
    expect(pipeline.nodes.map((n) => n.name)).toEqual(['stream0', 'from1', 'log2', 'http_out3']);
    expect(node(pipeline, 'from1').children).toEqual([2, 3]);
  });

  it('evaluates operators outside lambdas at compile time, keeping durations', () => {
    const { pipeline } = compileTickScript(
      "var n = 7 / 2\nvar f = 1.5 * 2.0\nvar d = 2 * 30s + 1m\nvar s = 'a' + 'b'\nvar neg = -1m\n" +
        'stream|from()|eval(lambda: n, lambda: f, lambda: d, lambda: s, lambda: neg).as(\'n\', \'f\', \'d\', \'s\', \'neg\')',
    );
    expect(node(pipeline, 'eval2').args.map(lambdaText)).toEqual(['3', '3.0', '2m', "'ab'", '-1m']);
  });

  it('rejects int and float mixed in arithmetic, as Kapacitor does', () => {
    const error = compileError('var x = 1 + 2.0\nstream|from()');
    expect(error.message).toBe('invalid operation: int 1 + float 2.0: int and float do not mix in arithmetic (write 2.0 instead of 2)');
    expect([error.line, error.column]).toEqual([1, 11]);
  });

  it('rejects redefining a var', () => {
    const error = compileError('var x = 1\nvar x = 2\nstream|from()');
    expect(error.message).toBe('attempted to redefine x: vars are immutable');
    expect(error.line).toBe(2);
    expect(compileError('var stream = 1').message).toBe('attempted to redefine stream: vars are immutable');
  });

  it('rejects undefined vars, suggesting a close name', () => {
    const error = compileError('var limit = 10\nstream|from()|alert().crit(lambda: "v" > limt)');
    expect(error.message).toBe('undefined variable limt (did you mean limit?)');
    expect([error.line, error.column]).toEqual([2, 42]);
    expect(compileError('stream|from()|default().field(\'x\', true)').message).toContain('booleans are written TRUE');
  });
});

describe('compileTickScript: task vars', () => {
  const templated = "var limit int\nvar field string\nvar crit lambda\nvar every duration\nvar tags list\n" +
    'stream|from().groupBy(tags)|window().every(every).period(every)|mean(field)|alert().crit(crit).warn(lambda: "mean" > limit)';
  const vars = {
    limit: { type: 'int', value: 10 },
    field: { type: 'string', value: 'usage' },
    crit: { type: 'lambda', value: '"mean" > limit * 2' },
    every: { type: 'duration', value: '30s' },
    tags: { type: 'list', value: [{ type: 'string', value: 'host' }, { type: 'star' }] },
  };

  it('fills typed declarations from task vars', () => {
    const { pipeline } = compileTickScript(templated, { vars });
    expect(describeCalls(node(pipeline, 'from1').properties)).toEqual(["groupBy('host', *)"]);
    expect(describeCalls(node(pipeline, 'window2').properties)).toEqual(['every(30000000000ns)', 'period(30000000000ns)']);
    expect(node(pipeline, 'mean3').args).toEqual([{ type: 'string', value: 'usage' }]);
    const alert = node(pipeline, 'alert4');
    expect(alert.properties.map((call) => lambdaText(call.args[0]))).toEqual(['(> "mean" (* 10 2))', '(> "mean" 10)']);
  });

  it('names the missing task var of a typed declaration', () => {
    const error = compileError(templated, { vars: { ...vars, field: undefined } as never });
    expect(error.message).toBe('missing value for var field: supply a task var {"field": {"type": "string", "value": ...}}');
    expect([error.line, error.column]).toEqual([2, 1]);
  });

  it('rejects a task var whose type differs from the declaration', () => {
    expect(compileError(templated, { vars: { ...vars, limit: { type: 'float', value: 10 } } }).message).toBe(
      'invalid type supplied for task var limit: got float, the script declares int',
    );
    expect(compileError('var limit = 5\nstream|from()', { vars: { limit: { type: 'string', value: 'x' } } }).message).toBe(
      'invalid type supplied for task var limit: got string, the script declares int',
    );
  });

  it('rejects a task var value that does not fit its type', () => {
    expect(compileError(templated, { vars: { ...vars, limit: { type: 'int', value: 1.5 } } }).message).toContain('task var limit: an int needs an integer');
    expect(compileError(templated, { vars: { ...vars, crit: { type: 'lambda', value: '"x" >' } } }).message).toContain('task var crit: invalid lambda');
    expect(compileError(templated, { vars: { ...vars, every: { type: 'duration', value: '1h30m' } } }).message).toContain('invalid duration');
  });
});

describe('compileTickScript: scripts and dbrps', () => {
  it('merges dbrps from the script and the options without duplicates', () => {
    const { pipeline } = compileTickScript('dbrp "a"."b"\ndbrp "a"."b"\nstream|from()', {
      dbrps: [{ database: 'a', retentionPolicy: 'b' }, { database: 'c', retentionPolicy: 'autogen' }],
    });
    expect(pipeline.dbrps).toEqual([{ database: 'a', retentionPolicy: 'b' }, { database: 'c', retentionPolicy: 'autogen' }]);
  });

  it('checks a batch query node as Kapacitor does when the task starts, at the query node', () => {
    const error = compileError("batch|query('SELECT mean(usage) FROM cpu').period(5m)");
    expect(error.message).toBe("must define one of 'every' or 'cron'");
    expect([error.line, error.column]).toEqual([1, 7]);
  });

  it('rejects a script that builds nothing', () => {
    expect(compileError('var x = 1').message).toBe('the script builds no pipeline: a stream task starts with stream|from()');
    expect(compileError('').line).toBe(1);
  });

  it('rejects function calls outside lambdas and properties without parentheses', () => {
    expect(compileError('var x = abs(1)').message).toBe('unknown function abs: functions can only be called inside a lambda (lambda: abs(...))');
    expect(compileError('stream|from()|alert().noRecoveries').message).toBe('property noRecoveries must be called with parentheses: .noRecoveries()');
  });

  it('rejects user-defined functions the deployment does not declare', () => {
    expect(compileError('stream|from()@myFunc()').message).toBe("no user-defined function myFunc is declared (none is declared); functions are declared in vigil's UDF configuration (vigil serve --udf-config, the evaluators' UDF_CONFIG_FILE), not by a task");
  });
});

describe('checkTickScript', () => {
  it('returns no errors for a valid script', () => {
    expect(checkTickScript(PROVIDER_HEALTH)).toEqual([]);
  });

  it('collects several problems in script order', () => {
    const errors = checkTickScript(
      "var a = 1 + 'x'\nstream\n  |from().measurement(\"cpu\").perod(1m)\n  |window().period(1m).evry(10s)\nvar b = a + 1\nstream|from()|join()",
    );
    expect(errors.map((error) => `${error.line}:${error.column}`)).toEqual(['1:11', '3:23', '3:30', '4:24', '6:15']);
    expect(errors[4]?.message).toBe('a call to join.as() is required to specify the output stream prefixes');
  });

  it('reports parse errors without evaluating', () => {
    const errors = checkTickScript('var a = (\nvar b = )\nstream|from()|nope()');
    expect(errors.map((error) => error.line)).toEqual([2, 2]);
  });
});
