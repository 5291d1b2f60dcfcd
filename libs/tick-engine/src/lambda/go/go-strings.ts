/**
 * Go's `strings` package on JavaScript strings. Go strings are UTF-8 bytes, so lengths and
 * indexes here are byte counts, and "characters" (cutsets, IndexAny) are code points.
 */

const ASCII = /^[\x00-\x7f]*$/;

/** Bytes of the UTF-8 encoding of the UTF-16 code unit at `index` (a surrogate pair counts 2+2). */
function utf8Width(unit: number): number {
  if (unit < 0x80) return 1;
  if (unit < 0x800) return 2;
  if (unit >= 0xd800 && unit <= 0xdfff) return 2;
  return 3;
}

/** len(s): the UTF-8 byte length. */
export function utf8Length(text: string): number {
  if (ASCII.test(text)) return text.length;
  let bytes = 0;
  for (let index = 0; index < text.length; index++) bytes += utf8Width(text.charCodeAt(index));
  return bytes;
}

/** The byte offset of a UTF-16 index. */
export function byteOffset(text: string, index: number): number {
  return index < 0 ? index : utf8Length(text.slice(0, index));
}

/** strings.Count: non-overlapping occurrences; an empty separator counts code points + 1. */
export function goCount(text: string, separator: string): number {
  if (separator === '') return [...text].length + 1;
  let count = 0;
  for (let at = text.indexOf(separator); at !== -1; at = text.indexOf(separator, at + separator.length)) count++;
  return count;
}

/** strings.Index / LastIndex in bytes (-1 when absent). */
export function goIndex(text: string, separator: string): number {
  return byteOffset(text, text.indexOf(separator));
}

export function goLastIndex(text: string, separator: string): number {
  return byteOffset(text, text.lastIndexOf(separator));
}

/** strings.IndexAny / LastIndexAny: the byte index of the first / last code point found in `chars`. */
export function goIndexAny(text: string, chars: string): number {
  if (chars === '') return -1;
  const set = new Set(chars);
  let index = 0;
  for (const char of text) {
    if (set.has(char)) return byteOffset(text, index);
    index += char.length;
  }
  return -1;
}

export function goLastIndexAny(text: string, chars: string): number {
  if (chars === '') return -1;
  const set = new Set(chars);
  let found = -1;
  let index = 0;
  for (const char of text) {
    if (set.has(char)) found = index;
    index += char.length;
  }
  return byteOffset(text, found);
}

export function goContainsAny(text: string, chars: string): boolean {
  return goIndexAny(text, chars) !== -1;
}

/** strings.TrimLeft / TrimRight / Trim: strip code points that appear in the cutset. */
export function goTrimLeft(text: string, cutset: string): string {
  if (cutset === '' || text === '') return text;
  const set = new Set(cutset);
  const chars = [...text];
  let start = 0;
  while (start < chars.length && set.has(chars[start] ?? '')) start++;
  return chars.slice(start).join('');
}

export function goTrimRight(text: string, cutset: string): string {
  if (cutset === '' || text === '') return text;
  const set = new Set(cutset);
  const chars = [...text];
  let end = chars.length;
  while (end > 0 && set.has(chars[end - 1] ?? '')) end--;
  return chars.slice(0, end).join('');
}

export function goTrim(text: string, cutset: string): string {
  return goTrimRight(goTrimLeft(text, cutset), cutset);
}

/** Go's unicode.IsSpace: ASCII white space, U+0085, U+00A0 and the Z categories (no U+FEFF). */
const GO_SPACE = /^[\t\n\v\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

export function goTrimSpace(text: string): string {
  return text.replace(GO_SPACE, '');
}

/** strings.Replace: the first n (all when n < 0) occurrences; an empty `old` matches between code points. */
export function goReplace(text: string, old: string, replacement: string, n: number): string {
  if (n === 0 || old === replacement) return text;
  if (old === '') {
    const chars = [...text];
    let output = '';
    let done = 0;
    for (let index = 0; index <= chars.length; index++) {
      if (n < 0 || done < n) {
        output += replacement;
        done++;
      }
      output += chars[index] ?? '';
    }
    return output;
  }
  let output = '';
  let from = 0;
  let done = 0;
  for (let at = text.indexOf(old); at !== -1 && (n < 0 || done < n); at = text.indexOf(old, from)) {
    output += text.slice(from, at) + replacement;
    from = at + old.length;
    done++;
  }
  return output + text.slice(from);
}

/**
 * s[start:stop] with byte indexes. Cutting inside a multi-byte character gives invalid UTF-8 in
 * Go; here the broken bytes decode to U+FFFD.
 */
export function goByteSlice(text: string, start: number, stop: number): string {
  if (ASCII.test(text)) return text.slice(start, stop);
  return Buffer.from(text, 'utf8').subarray(start, stop).toString('utf8');
}

/**
 * strings.ToLower / ToUpper map each code point on its own (Go's simple case mapping). JavaScript
 * may map one code point to several (`ß` to `SS`); such code points are left unchanged, as Go
 * leaves them.
 */
export function goToLower(text: string): string {
  return ASCII.test(text) ? text.toLowerCase() : mapCodePoints(text, (char) => char.toLowerCase());
}

export function goToUpper(text: string): string {
  return ASCII.test(text) ? text.toUpperCase() : mapCodePoints(text, (char) => char.toUpperCase());
}

function mapCodePoints(text: string, map: (char: string) => string): string {
  let output = '';
  for (const char of text) {
    const mapped = map(char);
    output += [...mapped].length === 1 ? mapped : char;
  }
  return output;
}
