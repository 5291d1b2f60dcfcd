import { formatFloatJSON } from './float-format';
import { compareGoStrings } from './go-string-order';
import { GoDuration, GoTime } from './go-time';
import { structFields } from './go-value';
import { encodeJSONString } from './json-string';
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
  return encode(value, 0);
}

function encode(value: unknown, depth: number): string {
  if (depth > MAX_DEPTH) throw new Error('json: unsupported value: encountered a cycle or too deep a value');
  switch (typeof value) {
    case 'string':
      return encodeJSONString(value);
    case 'bigint':
      return value.toString();
    case 'number':
      return formatFloatJSON(value);
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
  if (value instanceof GoTime) return '"' + formatRFC3339Nano(value.ns) + '"';
  if (value instanceof GoDuration) return value.ns.toString();
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += encode(value[i], depth + 1);
    }
    return out + ']';
  }
  if (value instanceof Map) return encodeMap(value, depth);
  let out = '{';
  let first = true;
  for (const [key, field] of structFields(value)) {
    out += (first ? '' : ',') + encodeJSONString(key) + ':' + encode(field, depth + 1);
    first = false;
  }
  return out + '}';
}

/** Go sorts map keys as strings; integer keys are written (and sorted) in decimal. */
function encodeMap(map: Map<unknown, unknown>, depth: number): string {
  const entries: [string, unknown][] = [];
  for (const [key, entry] of map) entries.push([String(key), entry]);
  entries.sort((a, b) => compareGoStrings(a[0], b[0]));
  let out = '{';
  for (let i = 0; i < entries.length; i++) {
    const [key, entry] = entries[i] as [string, unknown];
    out += (i > 0 ? ',' : '') + encodeJSONString(key) + ':' + encode(entry, depth + 1);
  }
  return out + '}';
}
