import fc from 'fast-check';
import { TickScriptError } from '../diagnostics/tick-script-error';
import { lex } from '../lexer/lexer';
import { parse } from '../parser/parser';
import { pipelineToDot } from '../dot/pipeline-to-dot';
import { checkTickScript, compileTickScript } from './compile-tick-script';

/** Pieces of TICKscript, valid and broken, to build token soups from. */
const TOKENS = [
  'stream', 'batch', 'from', 'window', 'alert', 'mean', 'stateCount', 'deadman', 'eval', 'groupBy', 'post', 'slack',
  'measurement', 'period', 'every', 'crit', 'as', 'x', 'limit', 'lambda', 'int', 'true',
  'var', 'dbrp', 'lambda:', 'AND', 'OR', 'TRUE', 'FALSE',
  '|', '.', '@', '(', ')', '[', ']', ',', '=', '==', '!=', '<', '<=', '>', '>=', '=~', '!~', '!', '-', '+', '*', '/', '%',
  "'cpu'", "''", "'it\\'s'", "'''raw\nstring'''", "'open", '"usage"', '"say \\"hi\\""', '"open',
  '0', '5', '010', '09', '1.5', '.5', '5.', '10s', '5m', '1ms', '1µ', '1w', '1.5s', '1h30m', '99999999999999999999',
  '/^web\\d+/', '/a\\/b/', '//comment\n', '\n', '\t', ' ', '#', '_', ':', '😀', 'é',
];

const separator = fc.constantFrom('', ' ', '\n', '\t');
const tokenSoup = fc
  .array(fc.tuple(fc.constantFrom(...TOKENS), separator), { maxLength: 40 })
  .map((parts) => parts.map(([token, sep]) => token + sep).join(''));
const anyText = fc.string({ unit: 'binary', maxLength: 120 });
const scriptLike = fc.oneof(tokenSoup, anyText, fc.constantFrom('stream|from()', '').chain((prefix) => tokenSoup.map((soup) => prefix + soup)));

/** Runs a front-end entry point; anything thrown must be a well-formed TickScriptError. */
function onlyTickScriptErrors(source: string, run: (source: string) => unknown): void {
  try {
    run(source);
  } catch (error) {
    expectWellFormed(error, source);
  }
}

function expectWellFormed(error: unknown, source: string): void {
  if (!(error instanceof TickScriptError)) throw error;
  expect(error.line).toBeGreaterThanOrEqual(1);
  expect(error.column).toBeGreaterThanOrEqual(1);
  expect(error.line).toBeLessThanOrEqual(source.split('\n').length);
  expect(error.message.length).toBeGreaterThan(0);
  expect(error.format(source).startsWith(`${error.line}:${error.column}: `)).toBe(true);
}

describe('robustness on arbitrary input', () => {
  it('lex, parse and compile only ever throw TickScriptError with a valid position', () => {
    fc.assert(
      fc.property(scriptLike, (source) => {
        onlyTickScriptErrors(source, lex);
        onlyTickScriptErrors(source, parse);
        onlyTickScriptErrors(source, (text) => compileTickScript(text, { vars: { limit: { type: 'int', value: 3 } } }));
      }),
      { numRuns: 1500 },
    );
  }, 60_000);

  it('checkTickScript never throws and returns well-formed errors', () => {
    fc.assert(
      fc.property(scriptLike, (source) => {
        for (const error of checkTickScript(source)) expectWellFormed(error, source);
      }),
      { numRuns: 800 },
    );
  }, 60_000);
});

/** A random but valid linear pipeline built from catalog nodes with correct arguments. */
const STAGES = [
  "|where(lambda: \"v\" > 1)",
  "|groupBy('host')",
  "|stateCount(lambda: \"v\" == 0).as('n')",
  "|stateDuration(lambda: \"v\" == 0).unit(1m)",
  "|eval(lambda: \"v\" * 2.0).as('w').keep()",
  "|default().field('v', 0.0).tag('host', 'none')",
  "|derivative('v').unit(1s).nonNegative()",
  "|changeDetect('v')",
  '|shift(5s)',
  '|sample(2)',
  "|log().level('debug')",
  "|httpOut('x')",
  "|window().period(1m).every(10s).align()|mean('v')",
  "|window().periodCount(5).everyCount(1)|percentile('v', 95.0).usePointTimes()",
];

describe('valid pipelines', () => {
  it('compile to one node per stage, linked in order, with matching DOT edges', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...STAGES), { maxLength: 8 }), (stages) => {
        const source = `stream|from().measurement('m')${stages.join('\n')}|alert().crit(lambda: TRUE).post('http://x')`;
        const { pipeline } = compileTickScript(source);
        const expected = 3 + stages.reduce((count, stage) => count + stage.split('|').length - 1, 0);
        expect(pipeline.nodes).toHaveLength(expected);
        pipeline.nodes.forEach((n, index) => expect(n.parents).toEqual(index === 0 ? [] : [index - 1]));
        expect(pipelineToDot(pipeline, 't').split('\n')).toHaveLength(expected + 1);
      }),
      { numRuns: 200 },
    );
  }, 60_000);
});

describe('pathological nesting', () => {
  const rejectsCleanly = (source: string, message: string) => {
    let thrown: unknown;
    try {
      compileTickScript(source);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TickScriptError);
    expect((thrown as TickScriptError).message).toContain(message);
  };

  it('rejects deep parentheses, unary operators and calls instead of overflowing the stack', { timeout: 60_000 }, () => {
    rejectsCleanly(`var x = ${'('.repeat(1000)}1${')'.repeat(1000)}\nstream|from()`, 'nested too deeply');
    rejectsCleanly(`var x = ${'-'.repeat(1000)}1\nstream|from()`, 'nested too deeply');
    rejectsCleanly(`stream|from().where(lambda: ${'abs('.repeat(1000)}1.0${')'.repeat(1000)})`, 'nested too deeply');
  });

  it('rejects endless chains and operator sequences', { timeout: 60_000 }, () => {
    rejectsCleanly(`stream|from()${".measurement('x')".repeat(2000)}`, 'too deeply nested');
    rejectsCleanly(`stream|from().where(lambda: "a"${' OR "a"'.repeat(2000)})`, 'too deeply nested');
  });

  it('still accepts long but realistic scripts', () => {
    expect(() => compileTickScript(`stream|from()${".where(lambda: TRUE)".repeat(300)}|where(lambda: "a"${' OR "a"'.repeat(300)})`)).not.toThrow();
  });
});
