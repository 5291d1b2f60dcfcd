import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { goCbrt } from './go-cbrt';
import { goExp, goExp2, goExpWithoutFma } from './go-exp';
import { float64bits, float64frombits } from './go-float-bits';
import { fma } from './go-fma';
import { goLog, goLog10 } from './go-log';
import { goPow } from './go-pow';
import { goCos, goSin, goTan } from './go-trig';

const VECTORS = join(__dirname, '../../../test/go-math');

interface Vector {
  readonly name: string;
  readonly args: number[];
  readonly expected: string;
  readonly line: string;
}

function readVectors(file: string): Vector[] {
  return readFileSync(join(VECTORS, file), 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const [name, ...hex] = line.split(' ');
      const expected = hex.pop() as string;
      return { name: name as string, args: hex.map((h) => float64frombits(BigInt(`0x${h}`))), expected, line };
    });
}

/** Bits of a result; every NaN counts as Go's one NaN, as Go's tests compare them. */
function bitsOf(x: number): string {
  return Number.isNaN(x) ? 'nan' : float64bits(x).toString(16).padStart(16, '0');
}

function expectedBits(hex: string): string {
  return bitsOf(float64frombits(BigInt(`0x${hex}`)));
}

type Fn = (...args: number[]) => number;
const WITH_FMA: Readonly<Record<string, Fn>> = { cbrt: goCbrt, exp: goExp, exp2: goExp2, sin: goSin, cos: goCos, tan: goTan, log: goLog, log10: goLog10, pow: goPow };

describe("Go's math on amd64, bit for bit (vectors from Go itself)", () => {
  const vectors = readVectors('go-math.amd64-fma.vectors');

  it.each(Object.keys(WITH_FMA))('%s matches every vector', (name) => {
    const fn = WITH_FMA[name] as Fn;
    const mine = vectors.filter((vector) => vector.name === name);
    expect(mine.length).toBeGreaterThan(300);
    const wrong = mine.filter((vector) => bitsOf(fn(...vector.args)) !== expectedBits(vector.expected)).map((vector) => `${vector.line} (got ${bitsOf(fn(...vector.args))})`);
    expect(wrong).toEqual([]);
  });

  it('exp without FMA matches Go run with GODEBUG=cpu.fma=off', () => {
    const wrong = readVectors('go-math.amd64-no-fma.vectors')
      .filter((vector) => vector.name === 'exp')
      .filter((vector) => bitsOf(goExpWithoutFma(vector.args[0] as number)) !== expectedBits(vector.expected));
    expect(wrong.map((vector) => vector.line)).toEqual([]);
  });

  it('differs from JavaScript where the issue said it does (so the vectors can catch a Math fallback)', () => {
    const differs = (name: string, js: Fn) => vectors.some((vector) => vector.name === name && bitsOf(js(...vector.args)) !== expectedBits(vector.expected));
    expect([differs('cbrt', Math.cbrt), differs('exp', Math.exp), differs('sin', Math.sin), differs('cos', Math.cos), differs('tan', Math.tan), differs('log10', Math.log10), differs('pow', Math.pow)]).toEqual([true, true, true, true, true, true, true]);
  });
});

/** a×b + c rounded once, from exact integer arithmetic. */
function exactFma(a: number, b: number, c: number): number {
  const [ma, ea] = scaled(a);
  const [mb, eb] = scaled(b);
  const [mc, ec] = scaled(c);
  const e = Math.min(ea + eb, ec);
  const sum = (ma * mb) << BigInt(ea + eb - e);
  const total = sum + (mc << BigInt(ec - e));
  // Number(bigint) rounds to nearest even; scaling in two halves is exact for normal results.
  const half = Math.trunc(e / 2);
  return Number(total) * 2 ** half * 2 ** (e - half);
}

function scaled(x: number): [bigint, number] {
  const bits = float64bits(x);
  const exponent = Number((bits >> 52n) & 0x7ffn);
  const mantissa = (bits & 0xfffffffffffffn) | (exponent === 0 ? 0n : 1n << 52n);
  const signed = bits >> 63n === 1n ? -mantissa : mantissa;
  return [signed, (exponent === 0 ? 1 : exponent) - 1075];
}

describe('fma', () => {
  const operand = fc.double({ min: -4, max: 4, noNaN: true, noDefaultInfinity: true }).filter((x) => Math.abs(x) > 1e-100);

  // Half the cases cancel: c is within a few ulps of -a×b, where only the product's low half is left.
  const triple = fc.tuple(operand, operand, operand, fc.integer({ min: -8, max: 8 }), fc.boolean()).map(([a, b, c, ulps, cancel]) => {
    if (!cancel) return [a, b, c] as const;
    const product = a * b;
    return [a, b, -product + ulps * Math.abs(product) * 2 ** -52] as const;
  });

  it('rounds a×b + c once, as the FMA instruction does', () => {
    fc.assert(
      fc.property(triple, ([a, b, c]) => {
        expect(bitsOf(fma(a, b, c))).toBe(bitsOf(exactFma(a, b, c)));
      }),
      { numRuns: 5000 },
    );
  });

  it('finds the cases where a single rounding differs from two', () => {
    // (1 + 2^-30)^2 - 1 loses 2^-60 when the product is rounded first.
    const a = 1 + 2 ** -30;
    expect(fma(a, a, -1)).toBe(2 ** -29 + 2 ** -60);
    expect(a * a - 1).toBe(2 ** -29);
  });
});

describe('symmetries the ports keep', () => {
  const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
  it('sin, tan and cbrt are odd; cos is even', () => {
    fc.assert(
      fc.property(finite, (x) => {
        expect(bitsOf(goSin(-x))).toBe(bitsOf(-goSin(x)));
        expect(bitsOf(goTan(-x))).toBe(bitsOf(-goTan(x)));
        expect(bitsOf(goCbrt(-x))).toBe(bitsOf(-goCbrt(x)));
        expect(bitsOf(goCos(-x))).toBe(bitsOf(goCos(x)));
      }),
    );
  });
});
