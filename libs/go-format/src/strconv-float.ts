import { type DecimalDigits, exactDigits, roundDigits, shortestDigits } from './float-digits';

/** The `fmt` byte of Go's `strconv.FormatFloat` that vigil needs. */
export type FloatFormat = 'e' | 'E' | 'f' | 'g' | 'G';

/**
 * Go's `strconv.FormatFloat(x, fmt, prec, 64)`. `prec = -1` asks for the fewest digits that
 * round-trip; otherwise the exact binary value is rounded half-to-even at `prec` digits (after
 * the point for 'e' and 'f', significant digits for 'g'), as Go does.
 */
export function formatFloat(x: number, fmt: FloatFormat, prec: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  const negative = x < 0 || Object.is(x, -0);
  const sign = negative ? '-' : '';
  const shortest = prec < 0;
  let digits: DecimalDigits;
  let precision = prec;
  if (shortest) {
    digits = shortestDigits(x);
    const count = digits.digits.length;
    if (fmt === 'e' || fmt === 'E') precision = Math.max(count - 1, 0);
    else if (fmt === 'f') precision = Math.max(count - digits.point, 0);
    else precision = count;
  } else {
    const exact = exactDigits(x);
    if (fmt === 'e' || fmt === 'E') digits = roundDigits(exact, precision + 1);
    else if (fmt === 'f') digits = roundDigits(exact, exact.point + precision);
    else {
      if (precision === 0) precision = 1;
      digits = roundDigits(exact, precision);
    }
  }
  switch (fmt) {
    case 'e':
    case 'E':
      return sign + formatExponent(digits, precision, fmt);
    case 'f':
      return sign + formatFixed(digits, precision);
    default:
      return sign + formatGeneral(digits, precision, shortest, fmt === 'g' ? 'e' : 'E');
  }
}

/** Go's %g choice between exponent and plain notation (strconv `formatDigits`, case 'g'). */
function formatGeneral(digits: DecimalDigits, prec: number, shortest: boolean, e: 'e' | 'E'): string {
  const count = digits.digits.length;
  let eprec = prec;
  if (eprec > count && count >= digits.point) eprec = count;
  // With shortest digits Go decides as if the precision were 6: 1e+06 but 100000.
  if (shortest) eprec = 6;
  const exp = digits.point - 1;
  if (exp < -4 || exp >= eprec) {
    return formatExponent(digits, (prec > count ? count : prec) - 1, e);
  }
  return formatFixed(digits, Math.max((prec > digits.point ? count : prec) - digits.point, 0));
}

/** d.ddddde±dd with `prec` digits after the point and at least two exponent digits. */
export function formatExponent(digits: DecimalDigits, prec: number, e: 'e' | 'E'): string {
  const d = digits.digits;
  let out = d.length === 0 ? '0' : d.charAt(0);
  if (prec > 0) {
    out += '.';
    const tail = d.slice(1, 1 + prec);
    out += tail + '0'.repeat(prec - tail.length);
  }
  const exp = d.length === 0 ? 0 : digits.point - 1;
  const magnitude = Math.abs(exp);
  return out + e + (exp < 0 ? '-' : '+') + (magnitude < 10 ? '0' : '') + String(magnitude);
}

/** Plain notation with exactly `prec` digits after the point (none and no point when 0). */
export function formatFixed(digits: DecimalDigits, prec: number): string {
  const d = digits.digits;
  let out: string;
  if (digits.point > 0) {
    const head = d.slice(0, digits.point);
    out = head + '0'.repeat(digits.point - head.length);
  } else {
    out = '0';
  }
  if (prec > 0) {
    out += '.';
    for (let i = 1; i <= prec; i++) {
      const j = digits.point + i - 1;
      out += j >= 0 && j < d.length ? d.charAt(j) : '0';
    }
  }
  return out;
}
