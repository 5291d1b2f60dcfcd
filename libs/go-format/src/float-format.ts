import { shortestDigits } from './float-digits';
import { formatExponent, formatFixed, formatFloat } from './strconv-float';

/**
 * A float64 as Go's `fmt` prints it with `%v` (and `fmt.Sprint`, text/template): shortest
 * round-trip digits, in exponent form when the decimal exponent is < -4 or >= 6, with at least
 * two exponent digits. `1234567.0` -> `1.234567e+06`, `100000.0` -> `100000`,
 * `0.00001` -> `1e-05`, `2.0` -> `2`, `+Inf`, `NaN`.
 */
export function formatFloatV(x: number): string {
  return formatFloat(x, 'g', -1);
}

/**
 * A float64 as Go's `strconv.FormatFloat(x, 'f', -1, 64)`: shortest digits, never an exponent
 * (`1e21` -> `1000000000000000000000`, `0.5` -> `0.5`, `3.0` -> `3`). Kapacitor's `string(x)`
 * lambda function prints floats this way.
 */
export function formatFloatPlain(x: number): string {
  return formatFloat(x, 'f', -1);
}

/**
 * A float64 as Go's `encoding/json` writes it: shortest digits, plain notation for
 * 1e-6 <= |x| < 1e21 and exponent notation otherwise with the exponent's leading zero dropped
 * (`1e+21`, `1e-7`, `1.5e-7`): the ES6 number format, except that `-0` stays `-0`.
 * NaN and ±Inf cannot be encoded; like `json.Marshal` this throws.
 */
export function formatFloatJSON(x: number): string {
  if (!Number.isFinite(x)) {
    throw new Error(`json: unsupported value: ${formatFloatV(x)}`);
  }
  const abs = Math.abs(x);
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  const digits = shortestDigits(x);
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) {
    const text = formatExponent(digits, Math.max(digits.digits.length - 1, 0), 'e');
    // Go trims "e-07" to "e-7" (but keeps "e+21" as is).
    const n = text.length;
    if (text.charAt(n - 3) === '-' && text.charAt(n - 2) === '0') {
      return sign + text.slice(0, n - 2) + text.charAt(n - 1);
    }
    return sign + text;
  }
  return sign + formatFixed(digits, Math.max(digits.digits.length - digits.point, 0));
}
