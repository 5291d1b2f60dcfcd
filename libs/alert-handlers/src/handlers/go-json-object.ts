import { compareGoStrings, encodeJSONString } from '@vigil/go-format';

/**
 * A JSON object as Go's encoder writes a map[string]interface{}: keys sorted byte-wise. Values
 * are already-encoded JSON texts, so a caller can embed raw JSON (a models.Result) unchanged.
 */
export function goJsonObject(entries: readonly (readonly [string, string])[]): string {
  return '{' + [...entries].sort((a, b) => compareGoStrings(a[0], b[0])).map(([k, v]) => `${encodeJSONString(k)}:${v}`).join(',') + '}';
}
