/**
 * Go math functions that JavaScript's Math lacks or defines differently, computed with the
 * same algorithms as Go (Cephes gamma, FreeBSD/Sun erf) so results agree to the last bit in
 * the common cases.
 */
import { goPow } from './go-pow';

/** Evaluates c[0] + x*(c[1] + x*(c[2] + ...)), coefficients from the constant term up. */
function polynomial(x: number, coefficients: readonly number[]): number {
  let result = 0;
  for (let index = coefficients.length - 1; index >= 0; index--) result = result * x + (coefficients[index] ?? 0);
  return result;
}

const POW10_SMALL = Array.from({ length: 32 }, (_, exponent) => Number(`1e${exponent}`));
const POW10_BIG = Array.from({ length: 10 }, (_, step) => Number(`1e${step * 32}`));
const POW10_NEGATIVE_BIG = Array.from({ length: 11 }, (_, step) => Number(`1e-${step * 32}`));

/** math.Pow10, built from the same two table entries as Go so rounding matches. */
export function goPow10(n: bigint): number {
  if (n >= 0n && n <= 308n) {
    const exponent = Number(n);
    return (POW10_BIG[Math.floor(exponent / 32)] ?? Infinity) * (POW10_SMALL[exponent % 32] ?? 1);
  }
  if (n >= -323n && n <= 0n) {
    const exponent = -Number(n);
    return (POW10_NEGATIVE_BIG[Math.floor(exponent / 32)] ?? 0) / (POW10_SMALL[exponent % 32] ?? 1);
  }
  return n > 0n ? Infinity : 0;
}

const BITS = new DataView(new ArrayBuffer(8));

/** math.Logb: the binary exponent of x, exact from the bits (subnormals included). */
export function goLogb(x: number): number {
  if (x === 0) return -Infinity;
  if (!Number.isFinite(x)) return Number.isNaN(x) ? x : Infinity;
  BITS.setFloat64(0, Math.abs(x));
  const biased = (BITS.getUint32(0) >>> 20) & 0x7ff;
  if (biased !== 0) return biased - 1023;
  // Subnormal: scale into the normal range first.
  BITS.setFloat64(0, Math.abs(x) * 2 ** 52);
  return ((BITS.getUint32(0) >>> 20) & 0x7ff) - 1023 - 52;
}

const GAMMA_P = [
  9.99999999999999996796e-1, 4.94214826801497100753e-1, 2.07448227648435975150e-1, 4.76367800457137231464e-2,
  1.04213797561761569935e-2, 1.19135147006586384913e-3, 1.60119522476751861407e-4,
];
const GAMMA_Q = [
  1.0000000000000000032e0, 7.14304917030273074085e-2, -2.34591795718243348568e-1, 3.58236398605498653373e-2,
  1.18139785222060435552e-2, -4.45641913851797240494e-3, 5.39605580493303397842e-4, -2.31581873324120129819e-5,
];
const STIRLING = [
  8.33333333333482257126e-2, 3.4722222160545866731e-3, -2.68132617805781232825e-3, -2.2954996161337812638e-4,
  7.87311395793093628397e-4,
];
const SQRT_TWO_PI = 2.506628274631000502417;
const EULER = 0.5772156649015329;

/** Stirling's formula as a pair of factors, so that 172 <= x <= 180 can avoid overflow. */
function stirling(x: number): [number, number] {
  if (x > 200) return [Infinity, 1];
  const w = 1 + (1 / x) * polynomial(1 / x, STIRLING);
  const exp = Math.exp(x);
  if (x > 143.01608) {
    const half = goPow(x, 0.5 * x - 0.25);
    return [half, SQRT_TWO_PI * w * (half / exp)];
  }
  return [goPow(x, x - 0.5) / exp, SQRT_TWO_PI * w];
}

/** math.Gamma (Cephes): recurrence into [2,3] and a rational approximation, Stirling past 33. */
export function goGamma(input: number): number {
  let x = input;
  if ((x < 0 && Number.isInteger(x)) || x === -Infinity || Number.isNaN(x)) return NaN;
  if (x === Infinity) return Infinity;
  if (x === 0) return Object.is(x, -0) ? -Infinity : Infinity;
  const q = Math.abs(x);
  if (q > 33) {
    if (x >= 0) {
      const [a, b] = stirling(x);
      return a * b;
    }
    let p = Math.floor(q);
    const sign = p % 2 === 0 ? -1 : 1;
    let z = q - p;
    if (z > 0.5) {
      p += 1;
      z = q - p;
    }
    z = q * Math.sin(Math.PI * z);
    if (z === 0) return sign * Infinity;
    const [a, b] = stirling(q);
    const size = Math.abs(z) * a * b;
    return sign * (Number.isFinite(size) ? Math.PI / size : Math.PI / Math.abs(z) / a / b);
  }
  let z = 1;
  while (x >= 3) {
    x -= 1;
    z *= x;
  }
  while (x < 0) {
    if (x > -1e-9) return smallGamma(x, z);
    z /= x;
    x += 1;
  }
  while (x < 2) {
    if (x < 1e-9) return smallGamma(x, z);
    z /= x;
    x += 1;
  }
  if (x === 2) return z;
  x -= 2;
  return (z * polynomial(x, GAMMA_P)) / polynomial(x, GAMMA_Q);
}

function smallGamma(x: number, z: number): number {
  return x === 0 ? Infinity : z / ((1 + EULER * x) * x);
}

const ERX = 8.45062911510467529297e-1;
const EFX = 1.28379167095512586316e-1;
const EFX8 = 1.02703333676410069053e0;
const PP = [1.28379167095512558561e-1, -3.2504210724700149937e-1, -2.84817495755985104766e-2, -5.77027029648944159157e-3, -2.37630166566501626084e-5];
const QQ = [1, 3.97917223959155352819e-1, 6.50222499887672944485e-2, 5.08130628187576562776e-3, 1.32494738004321644526e-4, -3.9602282787753681232e-6];
const PA = [
  -2.36211856075265944077e-3, 4.14856118683748331666e-1, -3.72207876035701323847e-1, 3.18346619901161753674e-1,
  -1.10894694282396677476e-1, 3.54783043256182359371e-2, -2.166375594868790843e-3,
];
const QA = [
  1, 1.06420880400844228286e-1, 5.40397917702171048937e-1, 7.18286544141962662868e-2, 1.26171219808761642112e-1,
  1.36370839120290507362e-2, 1.1984499846799107417e-2,
];
const RA = [
  -9.86494403484714822705e-3, -6.93858572707181764372e-1, -1.05586262253232909814e1, -6.23753324503260060396e1,
  -1.62396669462573470355e2, -1.84605092906711035994e2, -8.12874355063065934246e1, -9.81432934416914548592e0,
];
const SA = [
  1, 1.96512716674392571292e1, 1.376577541435190426e2, 4.34565877475229228821e2, 6.45387271733267880336e2,
  4.29008140027567833386e2, 1.08635005541779435134e2, 6.57024977031928170135e0, -6.04244152148580987438e-2,
];
const RB = [
  -9.86494292470009928597e-3, -7.99283237680523006574e-1, -1.77579549177547519889e1, -1.60636384855821916062e2,
  -6.37566443368389627722e2, -1.02509513161107724954e3, -4.83519191608651397019e2,
];
const SB = [
  1, 3.03380607434824582924e1, 3.25792512996573918826e2, 1.53672958608443695994e3, 3.19985821950859553908e3,
  2.55305040643316442583e3, 4.74528541206955367215e2, -2.24409524465858183362e1,
];

/** x with the low 32 bits of its representation cleared, as erf's exp splitting needs. */
function truncateLowBits(x: number): number {
  BITS.setFloat64(0, x);
  BITS.setUint32(4, 0);
  return BITS.getFloat64(0);
}

/** erfc(|x|) for 1.25 <= |x| < 28 via exp(-x²-0.5625+R/S)/x, the tail both erf and erfc use. */
function erfcTail(x: number): number {
  const s = 1 / (x * x);
  const [r, q] = x < 1 / 0.35 ? [polynomial(s, RA), polynomial(s, SA)] : [polynomial(s, RB), polynomial(s, SB)];
  const z = truncateLowBits(x);
  return (Math.exp(-z * z - 0.5625) * Math.exp((z - x) * (z + x) + r / q)) / x;
}

/** math.Erf. */
export function goErf(input: number): number {
  if (Number.isNaN(input)) return NaN;
  if (input === Infinity) return 1;
  if (input === -Infinity) return -1;
  const negative = input < 0;
  const x = Math.abs(input);
  let result: number;
  if (x < 0.84375) {
    if (x < 2 ** -28) result = x < 2.848094538889218e-306 ? 0.125 * (8 * x + EFX8 * x) : x + EFX * x;
    else {
      const z = x * x;
      result = x + x * (polynomial(z, PP) / polynomial(z, QQ));
    }
  } else if (x < 1.25) {
    const s = x - 1;
    result = ERX + polynomial(s, PA) / polynomial(s, QA);
  } else if (x >= 6) result = 1;
  else result = 1 - erfcTail(x);
  return negative ? -result : result;
}

/** math.Erfc. */
export function goErfc(input: number): number {
  if (Number.isNaN(input)) return NaN;
  if (input === Infinity) return 0;
  if (input === -Infinity) return 2;
  const negative = input < 0;
  const x = Math.abs(input);
  if (x < 0.84375) {
    let temp: number;
    if (x < 2 ** -56) temp = x;
    else {
      const z = x * x;
      const y = polynomial(z, PP) / polynomial(z, QQ);
      temp = x < 0.25 ? x + x * y : 0.5 + (x * y + (x - 0.5));
    }
    return negative ? 1 + temp : 1 - temp;
  }
  if (x < 1.25) {
    const s = x - 1;
    const ratio = polynomial(s, PA) / polynomial(s, QA);
    return negative ? 1 + ERX + ratio : 1 - ERX - ratio;
  }
  if (x < 28) {
    if (negative && x > 6 && x >= 1 / 0.35) return 2;
    const tail = erfcTail(x);
    return negative ? 2 - tail : tail;
  }
  return negative ? 2 : 0;
}
