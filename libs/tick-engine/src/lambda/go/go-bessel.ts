import { goLog } from './go-log';
import { goCos, goSin } from './go-trig';
import { P0_BANDS, P1_BANDS, Q0_BANDS, Q1_BANDS, type BesselBand } from './go-bessel-tables';

/**
 * Bessel functions of the first and second kind (Go's math.J0, J1, Jn, Y0, Y1, Yn), with the
 * fdlibm methods Go uses: rational approximations below 2, asymptotic forms above, recurrences
 * for order n.
 */

// Go folds 1/SqrtPi and 2/Pi exactly at compile time; these literals are those values rounded once.
const INV_SQRT_PI = 0.56418958354775628694807945156077258584405062932899;
const TWO_OVER_PI = 0.63661977236758134307553505349005744813783858296183;
const TWO_129 = 2 ** 129;
const TWO_302 = 2 ** 302;
const MAX_HALF = Number.MAX_VALUE / 2;

function polynomial(x: number, coefficients: readonly number[]): number {
  let result = 0;
  for (let index = coefficients.length - 1; index >= 0; index--) result = result * x + (coefficients[index] ?? 0);
  return result;
}

function band(bands: readonly BesselBand[], x: number): BesselBand {
  return bands.find((candidate) => x >= candidate.from) ?? (bands[bands.length - 1] as BesselBand);
}

/** The P (1 + R/S) and Q ((offset + R/S)/x) factors of the asymptotic form. */
function asymptoticP(bands: readonly BesselBand[], x: number): number {
  const { r, s } = band(bands, x);
  const z = 1 / (x * x);
  return 1 + polynomial(z, r) / polynomial(z, [1, ...s]);
}

function asymptoticQ(bands: readonly BesselBand[], x: number, offset: number): number {
  const { r, s } = band(bands, x);
  const z = 1 / (x * x);
  return (offset + polynomial(z, r) / polynomial(z, [1, ...s])) / x;
}

/**
 * sin(x) ± cos(x) for the order-0 (sign 1) and order-1 (sign -1) forms, the worse-conditioned
 * of the two recomputed through cos(2x) to avoid cancellation.
 */
function phases(x: number, order: 0 | 1): { ss: number; cc: number } {
  const s = goSin(x);
  const c = goCos(x);
  let ss = order === 0 ? s - c : -s - c;
  let cc = order === 0 ? s + c : s - c;
  if (x < MAX_HALF) {
    const z = order === 0 ? -goCos(x + x) : goCos(x + x);
    const swap = order === 0 ? s * c < 0 : s * c > 0;
    if (swap) cc = z / ss;
    else ss = z / cc;
  }
  return { ss, cc };
}

export function goJ0(input: number): number {
  if (Number.isNaN(input)) return input;
  if (!Number.isFinite(input)) return 0;
  if (input === 0) return 1;
  const x = Math.abs(input);
  if (x >= 2) {
    const { ss, cc } = phases(x, 0);
    if (x > TWO_129) return (INV_SQRT_PI * cc) / Math.sqrt(x);
    return (INV_SQRT_PI * (asymptoticP(P0_BANDS, x) * cc - asymptoticQ(Q0_BANDS, x, -0.125) * ss)) / Math.sqrt(x);
  }
  if (x < 2 ** -13) return x < 2 ** -27 ? 1 : 1 - 0.25 * x * x;
  const z = x * x;
  const r = z * polynomial(z, [1.56249999999999947958e-2, -1.89979294238854721751e-4, 1.8295404953270066567e-6, -4.61832688532103189199e-9]);
  const s = polynomial(z, [1, 1.56191029464890010492e-2, 1.1692678466333745026e-4, 5.13546550207318111446e-7, 1.16614003333790000205e-9]);
  if (x < 1) return 1 + z * (-0.25 + r / s);
  const u = 0.5 * x;
  return (1 + u) * (1 - u) + z * (r / s);
}

export function goY0(x: number): number {
  if (x < 0 || Number.isNaN(x)) return NaN;
  if (x === Infinity) return 0;
  if (x === 0) return -Infinity;
  if (x >= 2) {
    const { ss, cc } = phases(x, 0);
    if (x > TWO_129) return (INV_SQRT_PI * ss) / Math.sqrt(x);
    return (INV_SQRT_PI * (asymptoticP(P0_BANDS, x) * ss + asymptoticQ(Q0_BANDS, x, -0.125) * cc)) / Math.sqrt(x);
  }
  const u00 = -7.38042951086872317523e-2;
  if (x <= 2 ** -27) return u00 + TWO_OVER_PI * goLog(x);
  const z = x * x;
  const u = polynomial(z, [u00, 1.76666452509181115538e-1, -1.38185671945596898896e-2, 3.47453432093683650238e-4, -3.81407053724364161125e-6, 1.95590137035022920206e-8, -3.98205194132103398453e-11]);
  const v = polynomial(z, [1, 1.27304834834123699328e-2, 7.60068627350353253702e-5, 2.59150851840457805467e-7, 4.41110311332675467403e-10]);
  return u / v + TWO_OVER_PI * goJ0(x) * goLog(x);
}

export function goJ1(input: number): number {
  if (Number.isNaN(input)) return input;
  if (!Number.isFinite(input) || input === 0) return 0;
  const negative = input < 0;
  const x = Math.abs(input);
  let result: number;
  if (x >= 2) {
    const { ss, cc } = phases(x, 1);
    result = x > TWO_129 ? (INV_SQRT_PI * cc) / Math.sqrt(x) : (INV_SQRT_PI * (asymptoticP(P1_BANDS, x) * cc - asymptoticQ(Q1_BANDS, x, 0.375) * ss)) / Math.sqrt(x);
  } else if (x < 2 ** -27) {
    result = 0.5 * x;
  } else {
    const z = x * x;
    const r = z * polynomial(z, [-6.25e-2, 1.40705666955189706048e-3, -1.5995563108403559752e-5, 4.96727999609584448412e-8]) * x;
    const s = polynomial(z, [1, 1.91537599538363460805e-2, 1.8594678558863091556e-4, 1.17718464042623683263e-6, 5.04636257076217042715e-9, 1.23542274426137913908e-11]);
    result = 0.5 * x + r / s;
  }
  return negative ? -result : result;
}

export function goY1(x: number): number {
  if (x < 0 || Number.isNaN(x)) return NaN;
  if (x === Infinity) return 0;
  if (x === 0) return -Infinity;
  if (x >= 2) {
    const { ss, cc } = phases(x, 1);
    if (x > TWO_129) return (INV_SQRT_PI * ss) / Math.sqrt(x);
    return (INV_SQRT_PI * (asymptoticP(P1_BANDS, x) * ss + asymptoticQ(Q1_BANDS, x, 0.375) * cc)) / Math.sqrt(x);
  }
  if (x <= 2 ** -54) return -TWO_OVER_PI / x;
  const z = x * x;
  const u = polynomial(z, [-1.96057090646238940668e-1, 5.04438716639811282616e-2, -1.91256895875763547298e-3, 2.35252600561610495928e-5, -9.19099158039878874504e-8]);
  const v = polynomial(z, [1, 1.99167318236649903973e-2, 2.02552581025135171496e-4, 1.35608801097516229404e-6, 6.22741452364621501295e-9, 1.66559246207992079114e-11]);
  return x * (u / v) + TWO_OVER_PI * (goJ1(x) * goLog(x) - 1 / x);
}

/** sin/cos combinations for huge x, by n mod 4 (first: Jn, second: Yn). */
function hugePhase(n: number, x: number, kind: 'j' | 'y'): number {
  const s = goSin(x);
  const c = goCos(x);
  const j = [c + s, -c + s, -c - s, c - s];
  const y = [s - c, -s - c, -s + c, s + c];
  return (INV_SQRT_PI * ((kind === 'j' ? j : y)[n & 3] ?? 0)) / Math.sqrt(x);
}

export function goJn(order: number, input: number): number {
  if (Number.isNaN(input)) return input;
  if (!Number.isFinite(input)) return 0;
  if (order === 0) return goJ0(input);
  if (input === 0) return 0;
  let n = order;
  let x = input;
  if (n < 0) {
    n = -n;
    x = -x;
  }
  if (n === 1) return goJ1(x);
  const negative = x < 0 && n % 2 === 1;
  x = Math.abs(x);
  let b: number;
  if (n <= x) {
    if (x >= TWO_302) b = hugePhase(n, x, 'j');
    else {
      b = goJ1(x);
      let a = goJ0(x);
      for (let i = 1; i < n; i++) [a, b] = [b, b * ((i + i) / x) - a];
    }
  } else if (x < 2 ** -29) {
    b = n > 33 ? 0 : taylorJn(n, x);
  } else {
    b = backwardJn(n, x);
  }
  return negative ? -b : b;
}

/** J(n, x) ≈ (x/2)^n / n! for tiny x. */
function taylorJn(n: number, x: number): number {
  const half = x * 0.5;
  let power = half;
  let factorial = 1;
  for (let i = 2; i <= n; i++) {
    factorial *= i;
    power *= half;
  }
  return power / factorial;
}

/** Continued fraction for J(n)/J(n-1), then backward recurrence normalised by J0. */
function backwardJn(n: number, x: number): number {
  const w = (n + n) / x;
  const h = 2 / x;
  let q0 = w;
  let z = w + h;
  let q1 = w * z - 1;
  let k = 1;
  while (q1 < 1e9) {
    k++;
    z += h;
    [q0, q1] = [q1, z * q1 - q0];
  }
  let t = 0;
  for (let i = 2 * (n + k); i >= n + n; i -= 2) t = 1 / (i / x - t);
  let a = t;
  let b = 1;
  const scale = n * goLog(Math.abs((2 / x) * n));
  for (let i = n - 1; i > 0; i--) {
    [a, b] = [b, (b * (i + i)) / x - a];
    if (scale >= 7.09782712893383973096e2 && b > 1e100) {
      a /= b;
      t /= b;
      b = 1;
    }
  }
  return (t * goJ0(x)) / b;
}

export function goYn(order: number, x: number): number {
  if (x < 0 || Number.isNaN(x)) return NaN;
  if (x === Infinity) return 0;
  if (order === 0) return goY0(x);
  if (x === 0) return order < 0 && order % 2 !== 0 ? Infinity : -Infinity;
  const n = Math.abs(order);
  const negative = order < 0 && n % 2 === 1;
  if (n === 1) return negative ? -goY1(x) : goY1(x);
  let b: number;
  if (x >= TWO_302) b = hugePhase(n, x, 'y');
  else {
    let a = goY0(x);
    b = goY1(x);
    for (let i = 1; i < n && b !== -Infinity; i++) [a, b] = [b, ((i + i) / x) * b - a];
  }
  return negative ? -b : b;
}
