import { encodeGoJSON, encodeGoJSONHtmlText } from '../go-json';
import type { TemplateFunc } from './template-builtins';

/**
 * The functions Kapacitor adds to the `.details()` html/template (alert.go, `newAlertNode`):
 *
 * - `json`: `json.NewEncoder(buf).Encode(v)`, i.e. `json.Marshal` output (HTML-safe escaping)
 *   followed by a newline. Kapacitor ignores the encoder's error, so a value Go cannot encode
 *   (a NaN or infinite field) renders as the empty string. The default details `{{ json . }}`
 *   therefore ends with a newline.
 * - `jsonCompact` (Kapacitor 1.6, PR #2608): the same encoding passed through `json.Compact`,
 *   which drops the trailing newline; also empty when encoding fails.
 *
 * Both return `html.JS`, which html/template still escapes in HTML text, so every `"` of the
 * JSON reaches the details as `&#34;`; parseTemplate's html mode does that escaping.
 */
const json = (value: unknown): string => {
  try {
    return encodeGoJSON(value) + '\n';
  } catch {
    return '';
  }
};

const jsonCompact = (value: unknown): string => {
  try {
    return encodeGoJSON(value);
  } catch {
    return '';
  }
};

export const kapacitorDetailsFuncs: Readonly<Record<string, TemplateFunc>> = { json, jsonCompact };

/**
 * Functions whose output html/template escapes in HTML text, each with a variant that returns
 * the escaped text directly (`htmlTextEscape(f(x)) === variant(x)` for every x); the template
 * fast path calls the variant and skips the escaper.
 */
export const HTML_TEXT_VARIANTS: ReadonlyMap<TemplateFunc, TemplateFunc> = new Map<TemplateFunc, TemplateFunc>([
  [
    json,
    (value: unknown): string => {
      try {
        return encodeGoJSONHtmlText(value) + '\n';
      } catch {
        return '';
      }
    },
  ],
  [
    jsonCompact,
    (value: unknown): string => {
      try {
        return encodeGoJSONHtmlText(value);
      } catch {
        return '';
      }
    },
  ],
]);
