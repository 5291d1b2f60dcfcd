import { type ActionNode, type ListNode, describeArg } from './template-ast';
import { ParseError } from './template-parser';

/**
 * The part of Go's html/template contextual escaping that vigil emulates, applied once after
 * parsing. html/template escapes each `{{ }}` according to where it sits in the HTML; vigil
 * supports the contexts Kapacitor details templates use and refuses the others rather than
 * produce different bytes:
 *
 * - HTML text (and RCDATA: `<title>`, `<textarea>`): supported; values are escaped with
 *   `& < > ' " + NUL` (template-escapers.ts), the template's own text is kept.
 * - HTML comments: supported; html/template removes them from the output, and actions inside
 *   them print nothing.
 * - Inside a tag or an attribute value (`<a href="{{ .X }}">`): refused (attribute, URL, CSS and
 *   JS-in-attribute escapers are not emulated).
 * - `<script>` and `<style>` elements: refused (JS/CSS escapers and comment stripping are not
 *   emulated), even without actions inside.
 *
 * It also reproduces html/template's pipeline rules: a predefined escaper (`html`, `urlquery`)
 * is only allowed as the last command, and a trailing `html` replaces the automatic escaper.
 */
type Mode = 'text' | 'tag' | 'quoted' | 'comment' | 'rcdata';

interface HtmlState {
  readonly mode: Mode;
  readonly tag: string;
  readonly closing: boolean;
  readonly quote: string;
}

const TEXT: HtmlState = { mode: 'text', tag: '', closing: false, quote: '' };

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
        if (!sameState(afterList, afterElse) || (node.kind === 'range' && !sameState(afterList, state))) {
          throw new ParseError(`{{${node.kind}}} branches end in different HTML contexts`, node.pos);
        }
        state = afterList;
        break;
      }
      default:
        break;
    }
  }
  return state;
}

function sameState(a: HtmlState, b: HtmlState): boolean {
  return a.mode === b.mode && a.tag === b.tag && a.closing === b.closing && a.quote === b.quote;
}

function checkAction(node: ActionNode, state: HtmlState, hasCustomHtml: boolean): void {
  if (node.pipe.decl.length > 0) return;
  if (state.mode === 'tag' || state.mode === 'quoted') {
    throw new ParseError('html/template attribute and tag contexts are not emulated by vigil; move the action into HTML text', node.pos);
  }
  if (state.mode === 'comment') node.silent = true;
  const cmds = node.pipe.cmds;
  cmds.forEach((cmd, i) => {
    const first = cmd.args[0];
    if (first?.kind === 'identifier' && (first.name === 'html' || first.name === 'urlquery') && i < cmds.length - 1) {
      throw new ParseError(`predefined escaper "${describeArg(first)}" disallowed in template`, cmd.pos);
    }
  });
  const last = cmds[cmds.length - 1]?.args[0];
  node.escape = !(last?.kind === 'identifier' && last.name === 'html' && !hasCustomHtml);
}

/** Scans literal text from `state`: returns the text to output and the state after it. */
function scanText(text: string, start: HtmlState, pos: number): [string, HtmlState] {
  let state = start;
  let out = '';
  let i = 0;
  while (i < text.length) {
    switch (state.mode) {
      case 'text': {
        const lt = text.indexOf('<', i);
        if (lt < 0) {
          out += text.slice(i);
          i = text.length;
        } else if (text.startsWith('<!--', lt)) {
          out += text.slice(i, lt);
          state = { ...TEXT, mode: 'comment' };
          i = lt + 4;
        } else {
          const tag = /^<(\/?)([A-Za-z][A-Za-z0-9:-]*)/.exec(text.slice(lt));
          const consumed = tag === null ? lt + 1 : lt + tag[0].length;
          out += text.slice(i, consumed);
          if (tag !== null) state = { mode: 'tag', tag: (tag[2] ?? '').toLowerCase(), closing: tag[1] === '/', quote: '' };
          i = consumed;
        }
        break;
      }
      case 'tag': {
        const m = text.slice(i).search(/["'>]/);
        if (m < 0) {
          out += text.slice(i);
          i = text.length;
          break;
        }
        const at = i + m;
        const c = text.charAt(at);
        out += text.slice(i, at + 1);
        i = at + 1;
        if (c !== '>') state = { ...state, mode: 'quoted', quote: c };
        else state = afterTag(state, pos + at);
        break;
      }
      case 'quoted': {
        const close = text.indexOf(state.quote, i);
        const stop = close < 0 ? text.length : close + 1;
        out += text.slice(i, stop);
        if (close >= 0) state = { ...state, mode: 'tag', quote: '' };
        i = stop;
        break;
      }
      case 'comment': {
        const close = text.indexOf('-->', i);
        i = close < 0 ? text.length : close + 3;
        if (close >= 0) state = TEXT;
        break;
      }
      case 'rcdata': {
        const close = text.slice(i).toLowerCase().indexOf('</' + state.tag);
        const stop = close < 0 ? text.length : i + close;
        out += text.slice(i, stop);
        if (close >= 0) state = TEXT;
        i = stop;
        break;
      }
    }
  }
  return [out, state];
}

function afterTag(state: HtmlState, pos: number): HtmlState {
  if (!state.closing && (state.tag === 'script' || state.tag === 'style')) {
    throw new ParseError(`html/template <${state.tag}> (JS/CSS) contexts are not emulated by vigil`, pos);
  }
  if (!state.closing && (state.tag === 'title' || state.tag === 'textarea')) return { ...TEXT, mode: 'rcdata', tag: state.tag };
  return TEXT;
}
