/**
 * Orders tag and field keys the way InfluxDB does: by their UTF-8 bytes (Go's `bytes.Compare`).
 * JavaScript compares UTF-16 code units, which agrees with UTF-8 byte order except that the
 * surrogates of characters beyond U+FFFF sort below U+E000..U+FFFF in UTF-16 and above them in
 * UTF-8, so the first differing unit is remapped before comparing when both are that high.
 */
export function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      if (x >= 0xd800 && y >= 0xd800) return utf8Rank(x) - utf8Rank(y);
      return x - y;
    }
  }
  return a.length - b.length;
}

function utf8Rank(unit: number): number {
  if (unit >= 0xe000) return unit - 0x800;
  if (unit >= 0xd800) return unit + 0x2000;
  return unit;
}
