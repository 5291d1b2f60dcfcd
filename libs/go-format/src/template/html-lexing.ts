import { ParseError } from './template-parser';

/**
 * The pieces of html/template's HTML lexer (`html/template/transition.go`, `attr.go`) that
 * html-context.ts walks templates with.
 */

export type Element = '' | 'script' | 'style' | 'title' | 'textarea';
export type AttrKind = 'plain' | 'url' | 'js' | 'css' | 'srcset';
/** Where in a URL attribute value we are (`urlPart`); 'unknown' after branches that disagree. */
export type UrlPart = 'none' | 'preQuery' | 'queryOrFrag' | 'unknown';

export const SPACE = /[ \t\n\f\r]/;

export function escapeStrayLessThan(text: string): string {
  if (!text.includes('<')) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    out += c === '<' && !isDoctype(text, i) ? '&lt;' : c;
  }
  return out;
}

/** The index after the white space (Go's `eatWhiteSpace`) at `from`. */
export function spaceEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length && SPACE.test(text.charAt(i))) i++;
  return i;
}

export function isDoctype(text: string, at: number): boolean {
  return text.slice(at, at + 9).toUpperCase() === '<!DOCTYPE';
}

/** Go's `eatTagName`: an ASCII letter, then letters and digits, with single `-` or `:` between them. */
export function tagNameEnd(text: string, start: number): number {
  if (!/[A-Za-z]/.test(text.charAt(start))) return start;
  let j = start + 1;
  while (j < text.length) {
    const c = text.charAt(j);
    if (/[A-Za-z0-9]/.test(c)) j++;
    else if ((c === ':' || c === '-') && /[A-Za-z0-9]/.test(text.charAt(j + 1))) j += 2;
    else break;
  }
  return j;
}

export function elementOf(name: string): Element {
  return name === 'script' || name === 'style' || name === 'title' || name === 'textarea' ? name : '';
}

/** Go's `eatAttrName`: up to white space, `=` or `>`; a quote or `<` in a name is an error. */
export function attrNameEnd(text: string, start: number, pos: number): number {
  for (let j = start; j < text.length; j++) {
    const c = text.charAt(j);
    if (SPACE.test(c) || c === '=' || c === '>') return j;
    if (c === '"' || c === "'" || c === '<') throw new ParseError(`${JSON.stringify(c)} in attribute name`, pos + j);
  }
  return text.length;
}

const URL_ATTRS = new Set(['action', 'archive', 'background', 'cite', 'classid', 'codebase', 'data', 'formaction', 'href', 'icon', 'longdesc', 'manifest', 'poster', 'profile', 'src', 'usemap', 'xmlns']);

/** Go's `attrType`, for the kinds that matter here. */
export function attrKind(lowerName: string): AttrKind {
  let name = lowerName;
  if (name.startsWith('data-')) name = name.slice(5);
  else if (name.includes(':')) {
    const colon = name.indexOf(':');
    if (name.slice(0, colon) === 'xmlns') return 'url';
    name = name.slice(colon + 1);
  }
  if (URL_ATTRS.has(name)) return 'url';
  if (name === 'style') return 'css';
  if (name === 'srcset') return 'srcset';
  if (name === 'srcdoc') return 'plain';
  if (name.startsWith('on')) return 'js';
  if (name.includes('src') || name.includes('uri') || name.includes('url')) return 'url';
  return 'plain';
}

/** Go's `tURL`: `?` or `#` starts the query or fragment; other non-space text the path. */
export function urlPartAfter(part: UrlPart, text: string): UrlPart {
  if (/[#?]/.test(text)) return 'queryOrFrag';
  if (part === 'none' && /[^ \t\n\f\r]/.test(text)) return 'preQuery';
  return part;
}

/** The index of `</element` closing an RCDATA element, or -1. */
export function findEndTag(text: string, from: number, element: Element): number {
  const lower = text.toLowerCase();
  let at = lower.indexOf('</' + element, from);
  while (at >= 0) {
    const after = lower.charAt(at + 2 + element.length);
    if (after === '' || after === '>' || after === '/' || SPACE.test(after)) return at;
    at = lower.indexOf('</' + element, at + 1);
  }
  return -1;
}
