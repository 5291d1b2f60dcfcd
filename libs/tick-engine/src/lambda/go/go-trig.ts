import { float64bits, float64frombits } from './go-float-bits';

/**
 * Go's `math.Sin`, `math.Cos` and `math.Tan` (portable Go on amd64, from Cephes): the argument is
 * reduced to an octant with π/4 split in three parts (or, from 2^29 on, by Payne–Hanek with 4/π
 * to 1216 bits, `trigReduce`), then a polynomial of degree 13 (sin, cos) or a rational function
 * (tan) is evaluated. JavaScript engines use fdlibm's kernels, which differ in the last bit.
 */

const PI4A = 7.85398125648498535156e-1;
const PI4B = 3.77489470793079817668e-8;
const PI4C = 2.69515142907905952645e-15;
const FOUR_OVER_PI = 1.2732395447351628;
const PI4 = 0.7853981633974483;
const REDUCE_THRESHOLD = 2 ** 29;

const SIN = [1.5896230157654656806e-10, -2.50507477628578072866e-8, 2.75573136213857245213e-6, -1.98412698295895385996e-4, 8.33333333332211858878e-3, -1.66666666666666307295e-1];
const COS = [-1.135853652138768173e-11, 2.08757008419747316778e-9, -2.75573141792967388112e-7, 2.48015872888517045348e-5, -1.38888888888730564116e-3, 4.16666666666665929218e-2];
const TAN_P = [-1.30936939181383777646e4, 1.1535166483858741614e6, -1.79565251976484877988e7];
const TAN_Q = [1.0, 1.36812963470692954678e4, -1.32089234440210967447e6, 2.50083801823357915839e7, -5.38695755929454629881e7];

/** The octant j (0..7, made even) of x ≥ 0 and the remainder z in [-π/4, π/4]. */
function reduce(x: number): [number, number] {
  if (x >= REDUCE_THRESHOLD) return trigReduce(x);
  let j = Math.trunc(x * FOUR_OVER_PI);
  let y = j;
  if (j % 2 === 1) {
    j++;
    y++;
  }
  return [j % 8, x - y * PI4A - y * PI4B - y * PI4C];
}

function sinKernel(z: number, zz: number): number {
  const [s0, s1, s2, s3, s4, s5] = SIN as [number, number, number, number, number, number];
  return z + z * zz * (((((s0 * zz + s1) * zz + s2) * zz + s3) * zz + s4) * zz + s5);
}

function cosKernel(zz: number): number {
  const [c0, c1, c2, c3, c4, c5] = COS as [number, number, number, number, number, number];
  return 1.0 - 0.5 * zz + zz * zz * (((((c0 * zz + c1) * zz + c2) * zz + c3) * zz + c4) * zz + c5);
}

export function goSin(x: number): number {
  if (x === 0 || Number.isNaN(x)) return x;
  if (!Number.isFinite(x)) return NaN;
  let negative = x < 0;
  const [octant, z] = reduce(Math.abs(x));
  let j = octant;
  if (j > 3) {
    negative = !negative;
    j -= 4;
  }
  const zz = z * z;
  const y = j === 1 || j === 2 ? cosKernel(zz) : sinKernel(z, zz);
  return negative ? -y : y;
}

export function goCos(x: number): number {
  if (!Number.isFinite(x)) return NaN;
  let negative = false;
  const [octant, z] = reduce(Math.abs(x));
  let j = octant;
  if (j > 3) {
    j -= 4;
    negative = !negative;
  }
  if (j > 1) negative = !negative;
  const zz = z * z;
  const y = j === 1 || j === 2 ? sinKernel(z, zz) : cosKernel(zz);
  return negative ? -y : y;
}

export function goTan(x: number): number {
  if (x === 0 || Number.isNaN(x)) return x;
  if (!Number.isFinite(x)) return NaN;
  const [j, z] = reduce(Math.abs(x));
  const zz = z * z;
  const [p0, p1, p2] = TAN_P as [number, number, number];
  const [, q1, q2, q3, q4] = TAN_Q as [number, number, number, number, number];
  let y = zz > 1e-14 ? z + z * ((zz * ((p0 * zz + p1) * zz + p2)) / ((((zz + q1) * zz + q2) * zz + q3) * zz + q4)) : z;
  if ((j & 2) === 2) y = -1 / y;
  return x < 0 ? -y : y;
}

/** 4/π in binary, 64 bits a word, from the bit for 2^0 on (Go's `mPi4`). */
const FOUR_OVER_PI_BITS = [
  0x0000000000000001n, 0x45f306dc9c882a53n, 0xf84eafa3ea69bb81n, 0xb6c52b3278872083n, 0xfca2c757bd778ac3n,
  0x6e48dc74849ba5c0n, 0x0c925dd413a32439n, 0xfc3bd63962534e7dn, 0xd1046bea5d768909n, 0xd338e04d68befc82n,
  0x7323ac7306a673e9n, 0x3908bf177bf25076n, 0x3ff12fffbc0b301fn, 0xde5e2316b414da3en, 0xda6cfd9e4f96136en,
  0x9e8c7ecd3cbfd45an, 0xea4f758fd7cbe2f6n, 0x7a0e73ef14a525d4n, 0xd7f6bf623f1aba10n, 0xac06608df8f6d757n,
];
const U64 = (1n << 64n) - 1n;

/**
 * Payne–Hanek reduction for x ≥ 2^29, as Go's `trigReduce`: the mantissa times the 192 bits of
 * 4/π that matter for x's exponent, modulo 8; the integer part is the octant, the fraction,
 * normalised into a float by hand, is scaled by π/4.
 */
function trigReduce(x: number): [number, number] {
  const bits = float64bits(x);
  const exponent = Number((bits >> 52n) & 0x7ffn) - 1023 - 52;
  const mantissa = (bits & 0xfffffffffffffn) | (1n << 52n);
  const digit = Math.floor((exponent + 61) / 64);
  const shift = BigInt((exponent + 61) % 64);
  const word = (i: number): bigint => FOUR_OVER_PI_BITS[digit + i] as bigint;
  const window = (i: number): bigint => ((word(i) << shift) | (word(i + 1) >> (64n - shift))) & U64;
  const z0 = window(0);
  const z1 = window(1);
  const z2 = window(2);
  const z2hi = (z2 * mantissa) >> 64n;
  const z1full = z1 * mantissa;
  const sumLow = (z1full & U64) + z2hi;
  const lo = sumLow & U64;
  let hi = ((z0 * mantissa) & U64) + (z1full >> 64n) + (sumLow >> 64n);
  hi &= U64;
  let j = Number(hi >> 61n);
  hi = ((hi << 3n) | (lo >> 61n)) & U64;
  const leadingZeros = hi === 0n ? 64 : 64 - hi.toString(2).length;
  const e = BigInt(1023 - (leadingZeros + 1));
  const lz1 = BigInt(leadingZeros + 1);
  hi = ((hi << lz1) | (lo >> (64n - lz1))) & U64;
  hi >>= 64n - 52n;
  hi |= e << 52n;
  let z = float64frombits(hi);
  if ((j & 1) === 1) {
    j = (j + 1) & 7;
    z--;
  }
  return [j, z * PI4];
}
