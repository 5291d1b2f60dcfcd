/**
 * Escaping rules of InfluxDB 1.x line protocol, element by element.
 *
 * While scanning, a character that follows a backslash is never a delimiter (InfluxDB checks
 * "is the previous byte a backslash"), whatever the element. When the text of an element is
 * taken, InfluxDB removes a backslash only in front of the characters that element knows:
 *
 * | element                 | `\x` becomes `x` for x in | any other backslash |
 * | measurement, field key  | `,` `"` space `=`         | kept                |
 * | tag key, tag value      | `,` space `=`             | kept                |
 * | string field value      | `\` `"`                   | kept                |
 *
 * So `\\` stays two backslashes outside string values, and a name cannot end with a backslash
 * (the delimiter after it would be taken as escaped). The serialiser refuses such names.
 */

const BACKSLASH = 92;
const COMMA = 44;
const SPACE = 32;
const EQUALS = 61;
const QUOTE = 34;

/** Unescapes a measurement name or a field key. */
export function unescapeName(raw: string): string {
  return unescapeBefore(raw, true);
}

/** Unescapes a tag key or a tag value. */
export function unescapeTag(raw: string): string {
  return unescapeBefore(raw, false);
}

function unescapeBefore(raw: string, quoteToo: boolean): string {
  let out = '';
  let from = 0;
  let i = raw.indexOf('\\');
  while (i >= 0 && i + 1 < raw.length) {
    const next = raw.charCodeAt(i + 1);
    if (next === COMMA || next === SPACE || next === EQUALS || (quoteToo && next === QUOTE)) {
      out += raw.slice(from, i);
      from = i + 1;
      i = raw.indexOf('\\', i + 2);
    } else {
      i = raw.indexOf('\\', i + 1);
    }
  }
  return from === 0 ? raw : out + raw.slice(from);
}

/** Unescapes the inside of a quoted string field value (`\\` and `\"`). */
export function unescapeString(raw: string): string {
  let out = '';
  let from = 0;
  let i = raw.indexOf('\\');
  while (i >= 0 && i + 1 < raw.length) {
    const next = raw.charCodeAt(i + 1);
    if (next === BACKSLASH || next === QUOTE) {
      out += raw.slice(from, i);
      from = i + 1;
      i = raw.indexOf('\\', i + 2);
    } else {
      i = raw.indexOf('\\', i + 1);
    }
  }
  return from === 0 ? raw : out + raw.slice(from);
}

/**
 * Escapes a name for output. `delimiters` are always escaped; `unescaped` are characters the
 * parser would strip a backslash from, so they get one of their own when a raw backslash
 * precedes them (otherwise `a\"b` would come back as `a"b`).
 */
function escapeName(raw: string, element: string, delimiters: string, unescaped: string): string {
  if (raw.length === 0) throw new RangeError(`line protocol: ${element} must not be empty`);
  if (raw.charCodeAt(raw.length - 1) === BACKSLASH) {
    throw new RangeError(`line protocol: ${element} ${JSON.stringify(raw)} ends with a backslash, which line protocol cannot represent`);
  }
  if (raw.includes('\n')) {
    throw new RangeError(`line protocol: ${element} ${JSON.stringify(raw)} contains a newline, which line protocol cannot represent`);
  }
  let out = '';
  let from = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] as string;
    const escape = delimiters.includes(c) || (unescaped.includes(c) && i > 0 && raw.charCodeAt(i - 1) === BACKSLASH);
    if (escape) {
      out += raw.slice(from, i) + '\\';
      from = i;
    }
  }
  return out === '' ? raw : out + raw.slice(from);
}

/** Escapes a measurement name: commas and spaces. */
export function escapeMeasurement(raw: string): string {
  const first = raw.charCodeAt(0);
  // The parser skips leading tabs and NULs and takes a leading '#' as a comment; no escape helps.
  if (first === 9 || first === 0 || first === 35) {
    throw new RangeError(`line protocol: measurement ${JSON.stringify(raw)} cannot start with a tab, NUL or '#'`);
  }
  return escapeName(raw, 'measurement', ', ', '"=');
}

/** Escapes a tag key or value: commas, equals signs and spaces. */
export function escapeTag(raw: string, element = 'tag'): string {
  return escapeName(raw, element, ',= ', '');
}

/** Escapes a field key: commas, equals signs and spaces. */
export function escapeFieldKey(raw: string): string {
  const first = raw.charCodeAt(0);
  // Whitespace before the field set is skipped, so a leading tab or NUL would be lost.
  if (first === 9 || first === 0) {
    throw new RangeError(`line protocol: field key ${JSON.stringify(raw)} cannot start with a tab or NUL`);
  }
  return escapeName(raw, 'field key', ',= ', '"');
}

/** Quotes a string field value, escaping backslashes and double quotes. */
export function quoteString(raw: string): string {
  let out = '"';
  let from = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === BACKSLASH || c === QUOTE) {
      out += raw.slice(from, i) + '\\';
      from = i;
    }
  }
  return out + raw.slice(from) + '"';
}
