import type { Expr, Statement } from '../ast';
import { TickScriptError } from '../diagnostics/tick-script-error';
import { printExpr } from './expr-printer';
import { parse, parseCollectingErrors, parseLambdaExpression } from './parser';
import { PROVIDER_HEALTH } from '../../test/fixtures';

function onlyExpr(source: string): Expr {
  const [statement, ...rest] = parse(source).statements;
  expect(rest).toEqual([]);
  if (statement?.kind !== 'ExprStatement') throw new Error(`expected one expression, got ${statement?.kind}`);
  return statement.expr;
}

const lambda = (body: string): string => {
  const expr = onlyExpr(`lambda: ${body}`);
  if (expr.kind !== 'Lambda') throw new Error('not a lambda');
  return printExpr(expr.body);
};

function parseError(source: string): TickScriptError {
  try {
    parse(source);
  } catch (error) {
    if (error instanceof TickScriptError) return error;
    throw error;
  }
  throw new Error(`expected a parse error for ${source}`);
}

describe('parse: operator precedence (reference table)', () => {
  it.each([
    ['"a" > 1 OR "b" > 2 AND "c" > 3', '(OR (> "a" 1) (AND (> "b" 2) (> "c" 3)))'],
    ['"a" + "b" * 2 == 7', '(== (+ "a" (* "b" 2)) 7)'],
    ['"a" > 1 == TRUE', '(== (> "a" 1) TRUE)'],
    ['!"a" == 1', '(== (! "a") 1)'],
    ['-"a" * 2', '(* (- "a") 2)'],
    ['1 - 2 - 3', '(- (- 1 2) 3)'],
    ['8 / 4 / 2', '(/ (/ 8 4) 2)'],
    ['"a" OR "b" OR "c"', '(OR (OR "a" "b") "c")'],
    ['("a" + "b") * 2', '(* (+ "a" "b") 2)'],
    ['"a" % 2 + 1 < 3 AND "h" =~ /x/ OR FALSE', '(OR (AND (< (+ (% "a" 2) 1) 3) (=~ "h" /x/)) FALSE)'],
    ['"x" != 1 AND "y" !~ /^a/', '(AND (!= "x" 1) (!~ "y" /^a/))'],
    ['"a" <= 1 >= "b"', '(>= (<= "a" 1) "b")'],
  ])('%s', (body, expected) => {
    expect(lambda(body)).toBe(expected);
  });

  it('parses full expressions as arguments of lambda functions', () => {
    expect(lambda('if("x" < 0, \'down\', \'up\')')).toBe("if((< \"x\" 0), 'down', 'up')");
    expect(lambda('sigma("value") > 3.0 AND isPresent("v")')).toBe('(AND (> sigma("value") 3.0) isPresent("v"))');
    expect(lambda('count()')).toBe('count()');
  });
});

describe('parse: statements', () => {
  it('parses var declarations, typed declarations and dbrp', () => {
    const statements = parse('dbrp "telegraf"."autogen"\nvar limit = 10\nvar crit lambda\nvar period = 5m * 2').statements;
    expect(statements.map(describeStatement)).toEqual([
      'dbrp telegraf.autogen',
      'var limit = 10',
      'var crit lambda',
      'var period = (* 5m 2)',
    ]);
  });

  it('reads 010 as the octal int 8 and keeps duration literals', () => {
    expect(printExpr(onlyExpr('010'))).toBe('8');
    const duration = onlyExpr('90s');
    expect(duration).toMatchObject({ kind: 'Duration', ns: 90_000_000_000n, literal: '90s' });
  });

  it('parses chains left to right with | . and @', () => {
    const expr = onlyExpr("stream|from().measurement('cpu')|window().period(1m)@myUdf()");
    expect(printExpr(expr)).toBe("stream|from().measurement('cpu')|window().period(1m)@myUdf()");
    expect(expr).toMatchObject({ kind: 'Chain', operator: '@', method: 'myUdf' });
  });

  it('marks a property written without parentheses', () => {
    expect(onlyExpr('stream|alert().noRecoveries')).toMatchObject({ kind: 'Chain', method: 'noRecoveries', bare: true });
  });

  it('parses lists, stars and a trailing comma', () => {
    expect(printExpr(onlyExpr("x.groupBy(['host', region, *],)"))).toBe("x.groupBy(['host', region, *])");
    expect(printExpr(onlyExpr('stream|from().groupBy(*)'))).toBe('stream|from().groupBy(*)');
  });

  it('continues a chain across lines and comments, and starts a new statement after it', () => {
    const program = parse("var data = stream\n  // the source\n  |from()\n\ndata\n  |log()");
    expect(program.statements.map(describeStatement)).toEqual(['var data = stream|from()', 'data|log()']);
  });

  it('parses a function call followed by operators outside lambdas', () => {
    expect(printExpr(onlyExpr('abs(1) + 2'))).toBe('(+ abs(1) 2)');
  });

  it('records the position of each node', () => {
    const expr = onlyExpr("stream\n    |from()\n        .measurement('cpu')");
    expect(expr.pos).toEqual({ line: 3, column: 10, offset: 28 });
    if (expr.kind !== 'Chain') throw new Error('not a chain');
    expect(expr.args[0]?.pos).toEqual({ line: 3, column: 22, offset: 40 });
  });

  it('parses the seed provider-health task as Kapacitor users write it', () => {
    const program = parse(PROVIDER_HEALTH);
    expect(program.statements.map((statement) => statement.kind)).toEqual(['Dbrp', 'VarDecl', 'VarDecl', 'ExprStatement']);
    const last = program.statements[3];
    if (last?.kind !== 'ExprStatement') throw new Error('not an expression');
    expect(chainMethods(last.expr)).toEqual([
      '|from', '.measurement', '.groupBy', '|stateCount', '.as', '|alert', '.id', '.message', '.details',
      '.info', '.crit', '.stateChangesOnly', '.noRecoveries', '.post', '.header',
    ]);
  });
});

describe('parseLambdaExpression', () => {
  it('parses the text of a lambda task var', () => {
    expect(printExpr(parseLambdaExpression('"value" > 10 AND "host" == \'a\''))).toBe("(AND (> \"value\" 10) (== \"host\" 'a'))");
  });

  it('rejects trailing tokens', () => {
    expect(() => parseLambdaExpression('"a" > 1 )')).toThrow(TickScriptError);
  });
});

describe('parse: errors', () => {
  it('points at an unclosed parenthesis', () => {
    const error = parseError("stream\n  |from('a'\n  |window()");
    expect(error.message).toBe('unexpected "|", expected "," or ")" to close the "(" at 2:8');
    expect([error.line, error.column]).toEqual([3, 3]);
  });

  it('explains a single = in a lambda', () => {
    const error = parseError('stream|from().where(lambda: "host" = \'a\')');
    expect(error.message).toContain('(use == to compare)');
    expect(error.column).toBe(36);
  });

  it('explains lower-case logical operators and ||', () => {
    expect(parseError('stream|from().where(lambda: "a" > 1 and "b" > 2)').message).toContain('upper case: AND');
    expect(parseError('stream|from().where(lambda: "a" > 1 || "b" > 2)').message).toContain('use OR instead of ||');
  });

  it('rejects var without value or type, and unknown var types', () => {
    expect(parseError('var x\nstream').message).toBe('invalid var type stream: expected one of bool, duration, float, int, lambda, list, regex, star, string');
    expect(parseError('var x = ').message).toBe('unexpected end of script, expected an expression');
    expect(parseError('var 5 = 1').message).toBe('unexpected number 5, expected a variable name after var');
  });

  it('requires a method name and arguments after |', () => {
    expect(parseError('stream|').message).toBe('unexpected end of script, expected a method name after |');
    expect(parseError('stream|from').message).toBe('unexpected end of script, expected "(" after from');
  });

  it('rejects a malformed dbrp statement', () => {
    expect(parseError("dbrp 'db'.'rp'").message).toContain('expected a double-quoted database name');
  });

  it('collects one error per broken statement when asked', () => {
    const { errors, program } = parseCollectingErrors('var a = (\nvar b = 1\nvar c = )\nvar d = 2');
    expect(errors.map((error) => error.line)).toEqual([2, 3]);
    expect(program.statements.map(describeStatement)).toEqual(['var b = 1', 'var d = 2']);
  });
});

function describeStatement(statement: Statement): string {
  switch (statement.kind) {
    case 'Dbrp':
      return `dbrp ${statement.database}.${statement.retentionPolicy}`;
    case 'VarDecl':
      return `var ${statement.name} = ${printExpr(statement.value)}`;
    case 'TypeDecl':
      return `var ${statement.name} ${statement.type}`;
    case 'ExprStatement':
      return printExpr(statement.expr);
  }
}

function chainMethods(expr: Expr): string[] {
  return expr.kind === 'Chain' ? [...chainMethods(expr.object), `${expr.operator}${expr.method}`] : [];
}
