/**
 * Formats a float64 the way InfluxDB writes it (Go's strconv.FormatFloat(v, 'f', -1, 64)): the
 * shortest digits that read back as the same number, never in exponent form. JavaScript's
 * String() picks the same shortest digits but switches to exponent form outside [1e-7, 1e21),
 * so those cases are expanded here. Negative zero keeps its sign, as in Go.
 */
export function formatFloat(value: number): string {
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const text = String(value);
  const e = text.indexOf('e');
  if (e < 0) return text;
  const negative = text.charCodeAt(0) === 45;
  const mantissa = text.slice(negative ? 1 : 0, e);
  const exponent = Number(text.slice(e + 1));
  const dot = mantissa.indexOf('.');
  const digits = dot < 0 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1);
  // The value is 0.digits × 10^point.
  const point = (dot < 0 ? mantissa.length : dot) + exponent;
  let body: string;
  if (point <= 0) body = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) body = digits + '0'.repeat(point - digits.length);
  else body = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return negative ? `-${body}` : body;
}
