import { formatFloatJSON } from './float-format';
import { compareGoStrings } from './go-string-order';
import { GoDuration, GoTime } from './go-time';
import { structFields } from './go-value';
import { encodeJSONString } from './json-string';
import { htmlTextEscape } from './template/template-escapers';
import { formatRFC3339Nano } from './time-format';

const MAX_DEPTH = 1000;

/**
 * `json.Marshal` of a value in vigil's Go model (see go-value.ts): structs keep their field
 * order, maps are written with keys sorted byte-wise, `bigint` is an integer, `number` a float64
 * (Go's float format), `GoTime` an RFC 3339 nano string and `GoDuration` integer nanoseconds.
 * Strings get Go's HTML-safe escaping. Struct properties that are functions (methods) or
 * `undefined` are left out. Throws like Go for NaN/Inf and for functions or symbols as values.
 * `json.Encoder.Encode`, which Kapacitor's template `json` function uses, adds a newline after
 * this text.
 */
export function encodeGoJSON(value: unknown): string {
  return encode(value, 0, PLAIN);
}

/**
 * `encodeGoJSON` as html/template's escaper prints it in HTML text (`htmlTextEscape` of the
 * JSON), written in one pass: Kapacitor's default details `{{ json . }}` is exactly that, for
 * every event. Go's JSON has no raw `<`, `>`, `&` or NUL, so only the quotes, `'` and `+` change.
 */
export function encodeGoJSONHtmlText(value: unknown): string {
  return encode(value, 0, HTML_TEXT);
}

/** How the pieces of the JSON text are written: as they are, or escaped for HTML text. */
interface JsonSyntax {
  readonly quote: string;
  string(s: string): string;
  /** A number or an RFC 3339 time: `+` may appear. */
  scalar(s: string): string;
}

const PLAIN: JsonSyntax = { quote: '"', string: encodeJSONString, scalar: (s) => s };

const HTML_UNSAFE = /["\\\u0000-\u001f<>&'+\u2028\u2029\ud800-\udfff]/;

const HTML_TEXT: JsonSyntax = {
  quote: '&#34;',
  // Strings without anything to escape (most keys and tag values) skip both escapers.
  string: (s) => (HTML_UNSAFE.test(s) ? htmlTextEscape(encodeJSONString(s)) : '&#34;' + s + '&#34;'),
  scalar: (s) => (s.includes('+') ? htmlTextEscape(s) : s),
};

function encode(value: unknown, depth: number, syntax: JsonSyntax): string {
  if (depth > MAX_DEPTH) throw new Error('json: unsupported value: encountered a cycle or too deep a value');
  switch (typeof value) {
    case 'string':
      return syntax.string(value);
    case 'bigint':
      return value.toString();
    case 'number':
      return syntax.scalar(formatFloatJSON(value));
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
      return 'null';
    case 'function':
    case 'symbol':
      throw new Error(`json: unsupported type: ${typeof value}`);
    default:
      break;
  }
  if (value === null || value === undefined) return 'null';
  if (value instanceof GoTime) return syntax.quote + syntax.scalar(formatRFC3339Nano(value.ns)) + syntax.quote;
  if (value instanceof GoDuration) return value.ns.toString();
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += encode(value[i], depth + 1, syntax);
    }
    return out + ']';
  }
  if (value instanceof Map) return encodeMap(value, depth, syntax);
  let out = '{';
  let first = true;
  for (const [key, field] of structFields(value)) {
    out += (first ? '' : ',') + syntax.string(key) + ':' + encode(field, depth + 1, syntax);
    first = false;
  }
  return out + '}';
}

/** Go sorts map keys as strings; integer keys are written (and sorted) in decimal. */
function encodeMap(map: Map<unknown, unknown>, depth: number, syntax: JsonSyntax): string {
  const entries: [string, unknown][] = [];
  for (const [key, entry] of map) entries.push([String(key), entry]);
  if (entries.length > 1) entries.sort((a, b) => compareGoStrings(a[0], b[0]));
  let out = '{';
  for (let i = 0; i < entries.length; i++) {
    const [key, entry] = entries[i] as [string, unknown];
    out += (i > 0 ? ',' : '') + syntax.string(key) + ':' + encode(entry, depth + 1, syntax);
  }
  return out + '}';
}
