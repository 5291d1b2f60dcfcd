import type { ArgNode, CommandNode, IfNode, ItemNode, ListNode, PipeNode, RangeNode } from './template-ast';
import { unquoteGoRune, unquoteGoString } from './go-unquote';
import { type Token, type TokenType, lexTemplate } from './template-lexer';

export class ParseError extends Error {
  constructor(
    message: string,
    readonly pos: number,
  ) {
    super(message);
  }
}

type Terminator = { kind: 'end' | 'else' | 'eof'; pos: number; elseIf?: boolean };

/**
 * Recursive-descent parser for Go's text/template grammar (`text/template/parse/parse.go`): text
 * and actions; `if`/`else if`/`else`, `range` (with `break`/`continue`) and `with` blocks;
 * pipelines with `$x :=`, `$x =` and `$i, $e :=` declarations. Functions must be known and
 * variables declared, as in Go. `define`, `template` and `block` are rejected: Kapacitor's
 * templates are single texts and vigil does not implement template sets.
 */
export class TemplateParser {
  private readonly tokens: Token[];
  private index = 0;
  private vars: string[] = ['$'];
  private rangeDepth = 0;

  constructor(
    source: string,
    private readonly hasFunction: (name: string) => boolean,
  ) {
    this.tokens = lexTemplate(source);
  }

  parse(): ListNode {
    const [list, terminator] = this.itemList();
    if (terminator.kind !== 'eof') throw new ParseError(`unexpected {{${terminator.kind}}}`, terminator.pos);
    return list;
  }

  private itemList(): [ItemNode[], Terminator] {
    const items: ItemNode[] = [];
    for (;;) {
      const token = this.next();
      if (token.type === 'eof') return [items, { kind: 'eof', pos: token.pos }];
      if (token.type === 'text') {
        items.push({ kind: 'text', pos: token.pos, text: token.value });
        continue;
      }
      const item = this.action(token.pos);
      if ('terminator' in item) return [items, item.terminator];
      items.push(item);
    }
  }

  /** Parses after `{{`; `{{end}}` and `{{else}}` come back as terminators of the current list. */
  private action(pos: number): ItemNode | { terminator: Terminator } {
    const token = this.nextNonSpace();
    if (token.type === 'keyword') {
      switch (token.value) {
        case 'end':
          this.expectRightDelim('end');
          return { terminator: { kind: 'end', pos } };
        case 'else': {
          // "{{else if ...}}" is "{{else}}{{if ...}}" whose {{end}} closes both.
          const next = this.peekNonSpace();
          const elseIf = next.type === 'keyword' && next.value === 'if';
          if (!elseIf) this.expectRightDelim('else');
          return { terminator: { kind: 'else', pos, elseIf } };
        }
        case 'if':
        case 'with':
          return this.control(token.value, pos);
        case 'range':
          return this.control('range', pos);
        case 'break':
        case 'continue':
          if (this.rangeDepth === 0) throw new ParseError(`{{${token.value}}} outside {{range}}`, pos);
          this.expectRightDelim(token.value);
          return { kind: token.value, pos };
        default:
          throw new ParseError(`{{${token.value}}} is not supported by vigil (single-template Kapacitor texts only)`, token.pos);
      }
    }
    this.index--;
    return { kind: 'action', pos, pipe: this.pipeline('command', 'rightDelim'), silent: false, escapers: [] };
  }

  private control(context: 'if' | 'with' | 'range', pos: number): IfNode | RangeNode {
    const mark = this.vars.length;
    const pipe = this.pipeline(context, 'rightDelim');
    if (context === 'range') this.rangeDepth++;
    const [list, terminator] = this.itemList();
    if (context === 'range') this.rangeDepth--;
    let elseList: ItemNode[] | undefined;
    if (terminator.kind === 'else') {
      if (terminator.elseIf === true) {
        if (context !== 'if') throw new ParseError(`{{else if}} after {{${context}}}`, terminator.pos);
        this.nextNonSpace();
        elseList = [this.control('if', terminator.pos)];
      } else {
        const [rest, last] = this.itemList();
        if (last.kind !== 'end') throw new ParseError(`expected end; found ${last.kind === 'eof' ? 'EOF' : '{{else}}'}`, last.pos);
        elseList = rest;
      }
    } else if (terminator.kind !== 'end') {
      throw new ParseError(`unexpected EOF: {{${context}}} needs an {{end}}`, pos);
    }
    this.vars.length = mark;
    return context === 'range'
      ? { kind: 'range', pos, pipe, list, elseList }
      : { kind: context, pos, pipe, list, elseList };
  }

  private pipeline(context: string, end: 'rightDelim' | 'rightParen'): PipeNode {
    const pos = this.peekNonSpace().pos;
    const decl: string[] = [];
    let isAssign = false;
    for (;;) {
      const variable = this.peekNonSpace();
      if (variable.type !== 'variable') break;
      const start = this.index;
      this.nextNonSpace();
      const next = this.peekNonSpace();
      if (next.type === 'declare' || next.type === 'assign') {
        this.nextNonSpace();
        isAssign = next.type === 'assign';
        if (isAssign && !this.vars.includes(variable.value)) throw new ParseError(`undefined variable "${variable.value}"`, variable.pos);
        decl.push(variable.value);
        if (!isAssign) this.vars.push(variable.value);
        break;
      }
      if (next.type === 'char' && next.value === ',') {
        this.nextNonSpace();
        decl.push(variable.value);
        this.vars.push(variable.value);
        if (context !== 'range' || decl.length >= 2) throw new ParseError(`too many declarations in ${context}`, next.pos);
        if (this.peekNonSpace().type !== 'variable') throw new ParseError('missing variable in range declaration', next.pos);
        continue;
      }
      // Not a declaration: the variable starts the first command.
      this.index = start;
      break;
    }
    const cmds: CommandNode[] = [];
    for (;;) {
      const token = this.nextNonSpace();
      if (token.type === end) {
        this.checkPipeline(context, cmds, pos);
        return { kind: 'pipe', pos, decl, isAssign, cmds };
      }
      if (!STARTS_OPERAND.has(token.type)) throw new ParseError(`unexpected ${describe(token)} in ${context}`, token.pos);
      this.index--;
      cmds.push(this.command(end));
    }
  }

  private checkPipeline(context: string, cmds: CommandNode[], pos: number): void {
    if (cmds.length === 0) throw new ParseError(`missing value for ${context}`, pos);
    cmds.slice(1).forEach((cmd, i) => {
      const first = cmd.args[0];
      if (first !== undefined && ['bool', 'dot', 'nil', 'number', 'string'].includes(first.kind)) {
        throw new ParseError(`non executable command in pipeline stage ${i + 2}`, cmd.pos);
      }
    });
  }

  private command(end: 'rightDelim' | 'rightParen'): CommandNode {
    const pos = this.peekNonSpace().pos;
    const args: ArgNode[] = [];
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand !== undefined) args.push(operand);
      const token = this.next();
      if (token.type === 'space') continue;
      if (token.type === 'rightDelim' || token.type === 'rightParen') {
        if (token.type !== end) throw new ParseError(`unexpected ${describe(token)} in operand`, token.pos);
        this.index--;
      } else if (token.type !== 'pipe') {
        throw new ParseError(`unexpected ${describe(token)} in operand`, token.pos);
      }
      break;
    }
    if (args.length === 0) throw new ParseError('empty command', pos);
    return { pos, args };
  }

  private operand(): ArgNode | undefined {
    const node = this.term();
    if (node === undefined || this.peek().type !== 'field') return node;
    const fields: string[] = [];
    while (this.peek().type === 'field') fields.push(this.next().value.slice(1));
    switch (node.kind) {
      case 'field':
        return { ...node, idents: [...node.idents, ...fields] };
      case 'variable':
        return { ...node, idents: [...node.idents, ...fields] };
      case 'bool':
      case 'string':
      case 'number':
      case 'nil':
      case 'dot':
        throw new ParseError(`unexpected . after term "${node.kind === 'dot' ? '.' : node.kind}"`, node.pos);
      default:
        return { kind: 'chain', pos: node.pos, node, fields };
    }
  }

  private term(): ArgNode | undefined {
    const token = this.nextNonSpace();
    const pos = token.pos;
    switch (token.type) {
      case 'identifier':
        if (!this.hasFunction(token.value)) throw new ParseError(`function "${token.value}" not defined`, pos);
        return { kind: 'identifier', pos, name: token.value };
      case 'dot':
        return { kind: 'dot', pos };
      case 'nil':
        return { kind: 'nil', pos };
      case 'variable':
        if (!this.vars.includes(token.value)) throw new ParseError(`undefined variable "${token.value}"`, pos);
        return { kind: 'variable', pos, name: token.value, idents: [] };
      case 'field':
        return { kind: 'field', pos, idents: [token.value.slice(1)] };
      case 'bool':
        return { kind: 'bool', pos, value: token.value === 'true' };
      case 'number':
      case 'charConstant':
        return { kind: 'number', pos, text: token.value, value: parseNumber(token) };
      case 'leftParen':
        return this.pipeline('parenthesized pipeline', 'rightParen');
      case 'string':
      case 'rawString':
        return { kind: 'string', pos, value: unquote(token) };
      default:
        this.index--;
        return undefined;
    }
  }

  private expectRightDelim(context: string): void {
    const token = this.nextNonSpace();
    if (token.type !== 'rightDelim') throw new ParseError(`unexpected ${describe(token)} in ${context}`, token.pos);
  }

  private next(): Token {
    const token = this.tokens[this.index] ?? EOF;
    if (this.index < this.tokens.length - 1) this.index++;
    return token;
  }

  private peek(): Token {
    return this.tokens[this.index] ?? EOF;
  }

  private nextNonSpace(): Token {
    let token = this.next();
    while (token.type === 'space') token = this.next();
    return token;
  }

  private peekNonSpace(): Token {
    let i = this.index;
    while (this.tokens[i]?.type === 'space') i++;
    return this.tokens[i] ?? EOF;
  }
}

const EOF: Token = { type: 'eof', value: '', pos: 0 };

const STARTS_OPERAND = new Set<TokenType>([
  'bool', 'charConstant', 'dot', 'field', 'identifier', 'number', 'nil', 'rawString', 'string', 'variable', 'leftParen',
]);

function describe(token: Token): string {
  if (token.type === 'eof') return 'EOF';
  if (token.type === 'rightDelim') return '"}}"';
  return `<${token.value}>`;
}

function unquote(token: Token): string {
  try {
    return unquoteGoString(token.value);
  } catch (error) {
    throw new ParseError(`${(error as Error).message}: ${token.value}`, token.pos);
  }
}

/**
 * A number constant as Go's text/template passes it to an `interface{}` argument: float64 when
 * the text has a fraction or exponent (`1.0`, `1e3`), int otherwise (`10`, `0x1F`, `010` = 8,
 * `'a'` = 97). Complex constants are not supported.
 */
function parseNumber(token: Token): bigint | number {
  const text = token.value;
  try {
    if (token.type === 'charConstant') return BigInt(unquoteGoRune(text));
    if (text.endsWith('i')) throw new Error('complex constants are not supported');
    const isHexInt = /^0[xX]/.test(text) && !/[pP]/.test(text);
    if (!isHexInt && /[.eEpP]/.test(text)) {
      const value = Number(text.replace(/_/g, ''));
      if (Number.isNaN(value)) throw new Error('illegal number syntax');
      return value;
    }
    return parseGoInt(text.replace(/_/g, ''));
  } catch (error) {
    throw new ParseError(`${(error as Error).message}: "${text}"`, token.pos);
  }
}

function parseGoInt(text: string): bigint {
  const negative = text.startsWith('-');
  const unsigned = text.replace(/^[+-]/, '');
  if (!/^[0-9]/.test(unsigned)) throw new Error('illegal number syntax');
  const body = /^0[0-7]+$/.test(unsigned) ? '0o' + unsigned.slice(1) : unsigned;
  let value: bigint;
  try {
    value = BigInt(body);
  } catch {
    throw new Error('illegal number syntax');
  }
  if (negative) value = -value;
  if (value > 9223372036854775807n || value < -9223372036854775808n) throw new Error('overflows int');
  return value;
}
