import { type ActionNode, type ListNode, describeArg } from './template-ast';
import { htmlTextEscape } from './template-escapers';
import { ParseError } from './template-parser';
import { urlEscaper, urlFilter, urlNormalizer } from './url-escapers';
import { attrKind, attrNameEnd, type AttrKind, elementOf, type Element, escapeStrayLessThan, findEndTag, isDoctype, spaceEnd, tagNameEnd, type UrlPart, urlPartAfter } from './html-lexing';

/**
 * The part of Go's html/template contextual escaping that vigil emulates, applied once after
 * parsing (`html/template/escape.go`, `transition.go`). Each `{{ }}` gets the escapers of the
 * place it sits in the HTML; the contexts a details template can use are supported and the others
 * refused rather than rendered with other bytes:
 *
 * - HTML text and RCDATA (`<title>`, `<textarea>`): values escaped with `& < > ' " + NUL`
 *   (template-escapers.ts). The template's own text is trusted, except that a `<` which starts
 *   no tag, comment or `<!DOCTYPE` is written `&lt;`, as `escapeText` does.
 * - HTML comments: removed from the output, and actions inside them print nothing.
 * - Quoted attribute values: the attribute escaper (the same table); in URL attributes (`href`,
 *   `src`, `action`, names containing `src`, `uri` or `url`, ... by `attrType`) first the URL
 *   filter and normaliser at the start of the URL, the normaliser in its path, the URL escaper in
 *   its query or fragment (url-escapers.ts).
 * - Refused: actions in a tag outside a quoted value (attribute names, unquoted values), JS
 *   (`<script>`, `on*` attributes), CSS (`<style>`, `style`), `srcset`, and the predefined
 *   escapers `html`/`urlquery` anywhere but in HTML text.
 *
 * It also reproduces html/template's pipeline rules: a predefined escaper is only allowed as the
 * last command, and a trailing `html` replaces the automatic escaper in text.
 */


type HtmlState =
  | { readonly mode: 'text' | 'comment' }
  | { readonly mode: 'rcdata'; readonly element: Element }
  | { readonly mode: 'tag' | 'attrName' | 'afterName' | 'beforeValue'; readonly element: Element; readonly attr: AttrKind }
  | { readonly mode: 'value'; readonly element: Element; readonly attr: AttrKind; readonly quote: string; readonly urlPart: UrlPart };

/** What an action's value goes through, in order. */
export type Escaper = (s: string) => string;

export const TEXT_ESCAPERS: readonly Escaper[] = Object.freeze([htmlTextEscape]);
const NO_ESCAPERS: readonly Escaper[] = Object.freeze([]);
const ATTR_ESCAPERS: readonly Escaper[] = Object.freeze([htmlTextEscape]);
const URL_ESCAPERS: Readonly<Record<Exclude<UrlPart, 'unknown'>, readonly Escaper[]>> = {
  none: Object.freeze([urlFilter, urlNormalizer, htmlTextEscape]),
  preQuery: Object.freeze([urlNormalizer, htmlTextEscape]),
  queryOrFrag: Object.freeze([urlEscaper, htmlTextEscape]),
};

const TEXT: HtmlState = { mode: 'text' };

export function applyHtmlContext(root: ListNode, hasCustomHtml: boolean): void {
  const end = walkList(root, TEXT, hasCustomHtml);
  if (end.mode !== 'text') throw new ParseError(`template ends in a non-text context: ${end.mode}`, 0);
}

function walkList(list: ListNode, start: HtmlState, hasCustomHtml: boolean): HtmlState {
  let state = start;
  for (const node of list) {
    switch (node.kind) {
      case 'text': {
        const [text, next] = scanText(node.text, state, node.pos);
        node.text = text;
        state = next;
        break;
      }
      case 'action':
        checkAction(node, state, hasCustomHtml);
        break;
      case 'if':
      case 'with':
      case 'range': {
        const afterList = walkList(node.list, state, hasCustomHtml);
        const afterElse = node.elseList === undefined ? state : walkList(node.elseList, state, hasCustomHtml);
        let joined = join(afterList, afterElse);
        if (joined !== undefined && node.kind === 'range') joined = join(joined, state);
        if (joined === undefined) throw new ParseError(`{{${node.kind}}} branches end in different HTML contexts`, node.pos);
        state = joined;
        break;
      }
      default:
        break;
    }
  }
  return state;
}

/** Go's `join`: equal contexts, or URL values that differ only in the URL part (then unknown). */
function join(a: HtmlState, b: HtmlState): HtmlState | undefined {
  if (JSON.stringify(a) === JSON.stringify(b)) return a;
  if (a.mode === 'value' && b.mode === 'value' && a.attr === b.attr && a.quote === b.quote && a.element === b.element) return { ...a, urlPart: 'unknown' };
  return undefined;
}

function checkAction(node: ActionNode, state: HtmlState, hasCustomHtml: boolean): void {
  if (node.pipe.decl.length > 0) return;
  const cmds = node.pipe.cmds;
  cmds.forEach((cmd, i) => {
    const first = cmd.args[0];
    if (first?.kind === 'identifier' && (first.name === 'html' || first.name === 'urlquery') && i < cmds.length - 1) {
      throw new ParseError(`predefined escaper "${describeArg(first)}" disallowed in template`, cmd.pos);
    }
  });
  const last = cmds[cmds.length - 1]?.args[0];
  const predefined = last?.kind === 'identifier' && (last.name === 'html' || last.name === 'urlquery') && !(last.name === 'html' && hasCustomHtml);
  node.escapers = escapersFor(node, state);
  if (predefined && state.mode !== 'text' && state.mode !== 'rcdata' && state.mode !== 'comment') {
    throw new ParseError(`the predefined escaper "${(last as { name: string }).name}" in an attribute is not emulated by vigil; leave it out (html/template escapes attributes itself)`, node.pos);
  }
  if (predefined && last?.kind === 'identifier' && last.name === 'html') node.escapers = NO_ESCAPERS;
}

function escapersFor(node: ActionNode, state: HtmlState): readonly Escaper[] {
  switch (state.mode) {
    case 'text':
    case 'rcdata':
      return TEXT_ESCAPERS;
    case 'comment':
      node.silent = true;
      return NO_ESCAPERS;
    case 'tag':
    case 'attrName':
    case 'afterName':
    case 'beforeValue':
      throw new ParseError('html/template attribute-name and unquoted-value contexts are not emulated by vigil; quote the attribute value ("...") and put the action inside it', node.pos);
    case 'value':
      if (state.quote === '') throw new ParseError('html/template unquoted attribute values are not emulated by vigil; quote the attribute value', node.pos);
      if (state.attr === 'plain') return ATTR_ESCAPERS;
      if (state.attr === 'url') {
        if (state.urlPart === 'unknown') throw new ParseError('action appears in an ambiguous context within a URL', node.pos);
        return URL_ESCAPERS[state.urlPart];
      }
      throw new ParseError(`html/template ${state.attr === 'js' ? 'JS (on* attribute)' : state.attr === 'css' ? 'CSS (style attribute)' : 'srcset'} contexts are not emulated by vigil`, node.pos);
  }
}

/** Scans literal text from `state`: returns the text to output and the state after it. */
function scanText(text: string, start: HtmlState, pos: number): [string, HtmlState] {
  let state = start;
  let out = '';
  let i = 0;
  while (i < text.length) {
    switch (state.mode) {
      case 'text': {
        const [written, next, consumed] = scanHtmlText(text, i);
        out += written;
        state = next;
        i = consumed;
        break;
      }
      case 'rcdata': {
        const close = findEndTag(text, i, state.element);
        const stop = close < 0 ? text.length : close;
        out += escapeStrayLessThan(text.slice(i, stop));
        if (close >= 0) state = TEXT;
        i = stop;
        break;
      }
      case 'comment': {
        const close = text.indexOf('-->', i);
        i = close < 0 ? text.length : close + 3;
        if (close >= 0) state = TEXT;
        break;
      }
      case 'tag': {
        const afterSpace = spaceEnd(text, i);
        out += text.slice(i, afterSpace);
        i = afterSpace;
        if (i === text.length) break;
        if (text.charAt(i) === '>') {
          out += '>';
          i++;
          state = afterTag(state.element, pos + i);
          break;
        }
        const end = attrNameEnd(text, i, pos);
        const name = text.slice(i, end).toLowerCase();
        out += text.slice(i, end);
        i = end;
        state = { mode: i === text.length ? 'attrName' : 'afterName', element: state.element, attr: attrKind(name) };
        break;
      }
      case 'attrName': {
        const end = attrNameEnd(text, i, pos);
        out += text.slice(i, end);
        i = end;
        if (i < text.length) state = { ...state, mode: 'afterName' };
        break;
      }
      case 'afterName': {
        const afterSpace = spaceEnd(text, i);
        out += text.slice(i, afterSpace);
        i = afterSpace;
        if (i === text.length) break;
        if (text.charAt(i) === '=') {
          out += '=';
          i++;
          state = { ...state, mode: 'beforeValue' };
        } else {
          state = { ...state, mode: 'tag', attr: 'plain' };
        }
        break;
      }
      case 'beforeValue': {
        const afterSpace = spaceEnd(text, i);
        out += text.slice(i, afterSpace);
        i = afterSpace;
        if (i === text.length) break;
        const c = text.charAt(i);
        const quote = c === '"' || c === "'" ? c : '';
        if (quote !== '') {
          out += c;
          i++;
        }
        state = { mode: 'value', element: state.element, attr: state.attr, quote, urlPart: 'none' };
        break;
      }
      case 'value': {
        const close = state.quote === '' ? text.slice(i).search(/[ \t\n\f\r>]/) + i : text.indexOf(state.quote, i);
        const found = state.quote === '' ? close >= i : close >= 0;
        const stop = found ? close : text.length;
        const inside = text.slice(i, stop);
        out += inside;
        const urlPart = state.attr === 'url' ? urlPartAfter(state.urlPart, inside) : state.urlPart;
        i = stop;
        if (!found) {
          state = { ...state, urlPart };
        } else {
          if (state.quote !== '') {
            out += state.quote;
            i++;
          }
          state = { mode: 'tag', element: state.element, attr: 'plain' };
        }
        break;
      }
    }
  }
  return [out, state];
}

/**
 * HTML text up to the next state change: `[written, state, index]`. A `<` that opens a tag or
 * comment changes the state; any other `<` (and one at the very end of the text) is written
 * `&lt;`, except `<!DOCTYPE` (`escapeText` with `tText`).
 */
function scanHtmlText(text: string, from: number): [string, HtmlState, number] {
  let out = '';
  let i = from;
  for (;;) {
    const lt = text.indexOf('<', i);
    if (lt < 0 || lt + 1 === text.length) return [out + escapeStrayLessThan(text.slice(i)), TEXT, text.length];
    if (text.startsWith('<!--', lt)) return [out + escapeStrayLessThan(text.slice(i, lt)), { mode: 'comment' }, lt + 4];
    let nameStart = lt + 1;
    const closing = text.charAt(nameStart) === '/';
    if (closing) {
      nameStart++;
      if (nameStart === text.length) return [out + escapeStrayLessThan(text.slice(i)), TEXT, text.length];
    }
    const nameEnd = tagNameEnd(text, nameStart);
    if (nameEnd > nameStart) {
      const name = text.slice(nameStart, nameEnd).toLowerCase();
      const element: Element = closing ? '' : elementOf(name);
      return [out + escapeStrayLessThan(text.slice(i, lt)) + text.slice(lt, nameEnd), { mode: 'tag', element, attr: 'plain' }, nameEnd];
    }
    // Not a tag: this `<` is text (the `/` of `</` too), written as `&lt;` unless it starts `<!DOCTYPE`.
    out += text.slice(i, lt) + (isDoctype(text, lt) ? '<' : '&lt;');
    i = lt + 1;
  }
}

function afterTag(element: Element, pos: number): HtmlState {
  if (element === 'script' || element === 'style') throw new ParseError(`html/template <${element}> (JS/CSS) contexts are not emulated by vigil`, pos);
  if (element === 'title' || element === 'textarea') return { mode: 'rcdata', element };
  return TEXT;
}
