import type { BinaryOperator } from '../ast';
import { TickScriptError } from '../diagnostics/tick-script-error';
import type { TickValue } from '../pipeline';
import { foldBinary, foldUnary } from './constant-folding';

const pos = { line: 1, column: 1, offset: 0 };
const int = (value: bigint): TickValue => ({ type: 'int', value });
const float = (value: number): TickValue => ({ type: 'float', value });
const dur = (ns: bigint): TickValue => ({ type: 'duration', ns });
const str = (value: string): TickValue => ({ type: 'string', value });
const bool = (value: boolean): TickValue => ({ type: 'bool', value });
const fold = (op: BinaryOperator, left: TickValue, right: TickValue) => foldBinary(op, left, right, pos, '');

describe('compile-time operators (Kapacitor evaluation rules)', () => {
  it('does int arithmetic with truncating division and Go wrap-around', () => {
    expect(fold('/', int(-7n), int(2n))).toEqual(int(-3n));
    expect(fold('%', int(-7n), int(2n))).toEqual(int(-1n));
    expect(fold('+', int(9223372036854775807n), int(1n))).toEqual(int(-9223372036854775808n));
  });

  it('does float arithmetic but no float modulo', () => {
    expect(fold('/', float(1), float(4))).toEqual(float(0.25));
    expect(() => fold('%', float(1), float(2))).toThrow(TickScriptError);
  });

  it('scales and divides durations', () => {
    expect(fold('*', dur(60_000_000_000n), int(2n))).toEqual(dur(120_000_000_000n));
    expect(fold('*', int(3n), dur(10n))).toEqual(dur(30n));
    expect(fold('*', dur(10_000_000_000n), float(1.5))).toEqual(dur(15_000_000_000n));
    expect(fold('/', dur(60_000_000_000n), dur(10_000_000_000n))).toEqual(int(6n));
    expect(fold('-', dur(5n), dur(7n))).toEqual(dur(-2n));
  });

  it('compares mixed numbers but does not add them', () => {
    expect(fold('<', int(1n), float(1.5))).toEqual(bool(true));
    expect(fold('==', int(2n), float(2))).toEqual(bool(true));
    expect(() => fold('+', int(1n), float(1))).toThrow('int and float do not mix');
  });

  it('concatenates and compares strings, matches regexes, combines bools', () => {
    expect(fold('+', str('a'), str('b'))).toEqual(str('ab'));
    expect(fold('<', str('a'), str('b'))).toEqual(bool(true));
    expect(fold('=~', str('web01'), { type: 'regex', pattern: '^web' })).toEqual(bool(true));
    expect(fold('AND', bool(true), bool(false))).toEqual(bool(false));
    expect(() => fold('<', bool(true), bool(false))).toThrow(TickScriptError);
    expect(() => fold('AND', int(1n), bool(true))).toThrow('AND needs two bools');
  });

  it('rejects division by zero', () => {
    expect(() => fold('/', int(1n), int(0n))).toThrow('division by zero');
    expect(() => fold('/', dur(1n), int(0n))).toThrow('division by zero');
  });

  it('negates numbers and durations, and nots bools', () => {
    expect(foldUnary('-', dur(5n), pos, '')).toEqual(dur(-5n));
    expect(foldUnary('-', float(2), pos, '')).toEqual(float(-2));
    expect(foldUnary('!', bool(false), pos, '')).toEqual(bool(true));
    expect(() => foldUnary('!', int(1n), pos, '')).toThrow('invalid argument to unary !');
  });
});
