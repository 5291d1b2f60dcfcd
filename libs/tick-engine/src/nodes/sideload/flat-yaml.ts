/**
 * The YAML that sideload files hold, read as Kapacitor reads it (`github.com/ghodss/yaml`: YAML
 * 1.1 through `gopkg.in/yaml.v2`, then JSON, so every number is a float64): a flat mapping of
 * `key: scalar` lines, with comments, plain or quoted scalars, `null`/`~`, and YAML 1.1's
 * booleans (`yes`, `off`, ...). Anything else (nested mappings, lists, anchors, block scalars,
 * flow collections) is refused with the line, so that a file is either read exactly or not at all.
 */

const BOOLEANS: Readonly<Record<string, boolean>> = Object.fromEntries([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'true', 'True', 'TRUE'].map((word) => [word, true] as const),
  ...['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF', 'false', 'False', 'FALSE'].map((word) => [word, false] as const),
]);
const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const DECIMAL_INT = /^[-+]?[0-9]+$/;
/** yaml.v2's `yamlStyleFloat`. */
const FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const DOUBLE_QUOTE_ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', n: '\n', t: '\t', r: '\r', '0': '\0' };

export type SideloadValue = number | string | boolean | null;

export class FlatYamlError extends Error {}

export function parseFlatYaml(text: string): Map<string, SideloadValue> {
  const values = new Map<string, SideloadValue>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = stripComment(raw).trimEnd();
    if (line.trim() === '' || line === '---') return;
    const fail = (why: string): never => {
      throw new FlatYamlError(`line ${index + 1}: ${why}; vigil reads sideload YAML files of flat "key: value" lines only`);
    };
    if (/^\s/.test(line)) fail('an indented line (a nested value)');
    const colon = line.search(/:(\s|$)/);
    if (colon <= 0) fail('not a "key: value" line');
    const key = unquote(line.slice(0, colon).trim(), fail);
    values.set(String(key), scalar(line.slice(colon + 1).trim(), fail));
  });
  return values;
}

/** Drops a ` #` comment outside quotes. */
function stripComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quote) {
      if (char === '\\' && quote === '"') i++;
      else if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '#' && (i === 0 || /\s/.test(line[i - 1] as string))) return line.slice(0, i);
  }
  return line;
}

function scalar(text: string, fail: (why: string) => never): SideloadValue {
  if (text.startsWith('"') || text.startsWith("'")) return unquote(text, fail);
  if (/^[[{&*!|>%@`]/.test(text) || text.startsWith('- ')) return fail(`an unsupported value ${JSON.stringify(text)}`);
  if (NULLS.has(text)) return null;
  const bool = BOOLEANS[text];
  if (bool !== undefined) return bool;
  if (DECIMAL_INT.test(text) || FLOAT.test(text)) return Number(text);
  if (/^[-+]?\.(inf|Inf|INF)$/.test(text) || /^\.(nan|NaN|NAN)$/.test(text)) return fail('an infinite or NaN number (JSON cannot carry it)');
  if (/^[-+]?0[xob0-9]/.test(text) && /^[-+]?[0-9a-fA-FxXoObB_]+$/.test(text)) return fail(`a number in a base vigil does not read: ${text}`);
  return text;
}

function unquote(text: string, fail: (why: string) => never): string {
  const quote = text[0];
  if (quote !== '"' && quote !== "'") return text;
  if (text.length < 2 || text[text.length - 1] !== quote) return fail('an unterminated quoted string');
  const body = text.slice(1, -1);
  if (quote === "'") return body.replace(/''/g, "'");
  return body.replace(/\\(.)/g, (_, escaped: string) => DOUBLE_QUOTE_ESCAPES[escaped] ?? fail(`an unsupported escape \\${escaped}`));
}
