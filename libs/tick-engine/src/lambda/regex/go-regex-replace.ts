import { globalCopy } from './compile-regex';

/**
 * Go's Regexp.ReplaceAllString, which regexReplace() uses.
 *
 * Two details differ from String.prototype.replace: an empty match right after a previous match
 * is not replaced (Go: `b*` on `abc` gives `-a-c-`, JavaScript `-a--c-`), and the template
 * syntax is Go's: `$1`, `$name`, `${name}`, `$$`, where `$name` takes the longest run of
 * letters, digits and underscores (`$1x` means the group named `1x`, which is empty).
 */
export function goReplaceAll(regex: RegExp, source: string, template: string): string {
  const scanner = globalCopy(regex);
  let output = '';
  let lastMatchEnd = 0;
  let searchFrom = 0;
  while (searchFrom <= source.length) {
    scanner.lastIndex = searchFrom;
    const match = scanner.exec(source);
    if (match === null) break;
    const start = match.index;
    const end = start + match[0].length;
    output += source.slice(lastMatchEnd, start);
    if (end > lastMatchEnd || start === 0) output += expandTemplate(template, match);
    lastMatchEnd = end;
    // Always move on by at least one character (a whole code point), as Go does.
    const width = characterWidth(source, searchFrom);
    if (searchFrom + width > end) searchFrom += width;
    else if (searchFrom + 1 > end) searchFrom++;
    else searchFrom = end;
  }
  return output + source.slice(lastMatchEnd);
}

function characterWidth(text: string, index: number): number {
  const code = text.codePointAt(index);
  if (code === undefined) return 0;
  return code > 0xffff ? 2 : 1;
}

const NAME = /^[A-Za-z0-9_]+/;
const BRACED_NAME = /^\{([A-Za-z0-9_]+)\}/;

function expandTemplate(template: string, match: RegExpExecArray): string {
  let output = '';
  let rest = template;
  for (;;) {
    const dollar = rest.indexOf('$');
    if (dollar === -1) return output + rest;
    output += rest.slice(0, dollar);
    rest = rest.slice(dollar + 1);
    if (rest.startsWith('$')) {
      output += '$';
      rest = rest.slice(1);
      continue;
    }
    const reference = BRACED_NAME.exec(rest) ?? NAME.exec(rest);
    if (reference === null) {
      output += '$';
      continue;
    }
    rest = rest.slice(reference[0].length);
    output += groupText(reference[1] ?? reference[0], match);
  }
}

function groupText(name: string, match: RegExpExecArray): string {
  if (/^[0-9]+$/.test(name)) {
    const index = Number(name);
    return index < match.length ? (match[index] ?? '') : '';
  }
  return match.groups?.[name] ?? '';
}
