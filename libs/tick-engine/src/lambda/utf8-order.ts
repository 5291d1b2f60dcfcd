/**
 * Compares strings in UTF-8 byte order, which is Go's string order. JavaScript compares UTF-16
 * code units, which disagrees when a character above U+FFFF (a surrogate pair, D800-DFFF) meets
 * one in E000-FFFF; remapping the two ranges at the first difference restores code-point order.
 */
export function compareUtf8(left: string, right: string): number {
  if (left === right) return 0;
  const length = Math.min(left.length, right.length);
  for (let index = 0; index < length; index++) {
    const a = left.charCodeAt(index);
    const b = right.charCodeAt(index);
    if (a !== b) return codePointRank(a) - codePointRank(b);
  }
  return left.length - right.length;
}

function codePointRank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit < 0xe000 ? unit + 0x2000 : unit - 0x800;
}
