import type { BinaryOperator, Expr, Position, Program, Statement, VarType } from '../ast';
import { TickScriptError } from '../diagnostics/tick-script-error';
import { decodeDuration, decodeNumber } from '../lexer/literal-values';
import type { Token, TokenKind } from '../lexer/token';
import { deepestNode } from './expression-depth';
import { binaryPrecedence } from './precedence';
import type { TokenStream } from './token-stream';

const VAR_TYPES: readonly VarType[] = ['bool', 'duration', 'float', 'int', 'lambda', 'list', 'regex', 'star', 'string'];

/**
 * Limits that keep pathological scripts from exhausting the stack in the parser, the compiler or
 * the engine: nesting of parentheses, unary operators and arguments, and the depth of the syntax
 * tree (one level per chain link or binary operator). Real tasks stay far below both.
 */
const MAX_NESTING = 200;
const MAX_TREE_DEPTH = 1000;

/**
 * Recursive-descent parser; each method parses the production it is named after (see
 * GRAMMAR.md). Binary operators are parsed by precedence climbing.
 */
export class Parser {
  /** Current depth of recursive `primary` calls (parentheses, unary operators, arguments). */
  private nesting = 0;

  constructor(private readonly tokens: TokenStream) {}

  program(): Program {
    const statements: Statement[] = [];
    while (!this.tokens.at('eof')) statements.push(this.statement());
    return { statements };
  }

  programCollectingErrors(): { program: Program; errors: TickScriptError[] } {
    const statements: Statement[] = [];
    const errors: TickScriptError[] = [];
    while (!this.tokens.at('eof')) {
      const start = this.tokens.mark;
      try {
        statements.push(this.statement());
      } catch (error) {
        if (!(error instanceof TickScriptError)) throw error;
        errors.push(error);
        this.tokens.skipToStatementStart(start);
      }
    }
    return { program: { statements }, errors };
  }

  statement(): Statement {
    const token = this.tokens.peek();
    if (token.kind === 'dbrp') return this.dbrpStatement();
    const statement = token.kind === 'var' ? this.declaration() : this.expressionStatement();
    if (statement.kind === 'VarDecl' || statement.kind === 'ExprStatement') {
      const deepest = deepestNode(statement.kind === 'VarDecl' ? statement.value : statement.expr);
      if (deepest.depth > MAX_TREE_DEPTH) {
        throw this.tokens.error(`statement too deeply nested (more than ${MAX_TREE_DEPTH} chained calls or operators)`, deepest.expr.pos);
      }
    }
    return statement;
  }

  expressionStatement(): Statement {
    const expr = this.expression();
    return { kind: 'ExprStatement', expr, pos: expr.pos };
  }

  /** `var name = expression` or the template declaration `var name type`. */
  declaration(): Statement {
    const varToken = this.tokens.next();
    const name = this.tokens.expect('ident', 'a variable name after var');
    if (this.tokens.accept('=')) {
      return { kind: 'VarDecl', name: name.text, value: this.expression(), pos: varToken.pos };
    }
    const typeToken = this.tokens.peek();
    if (typeToken.kind !== 'ident') throw this.tokens.unexpected(typeToken, `"=" or a type (${VAR_TYPES.join(', ')}) after var ${name.text}`);
    this.tokens.next();
    const type = VAR_TYPES.find((candidate) => candidate === typeToken.text);
    if (!type) throw this.tokens.error(`invalid var type ${typeToken.text}: expected one of ${VAR_TYPES.join(', ')}`, typeToken.pos);
    return { kind: 'TypeDecl', name: name.text, type, pos: varToken.pos };
  }

  /** `dbrp "database"."retention_policy"`. */
  dbrpStatement(): Statement {
    const dbrpToken = this.tokens.next();
    const database = this.tokens.expect('reference', 'a double-quoted database name after dbrp, as in dbrp "db"."rp"');
    this.tokens.expect('.', 'a "." between the database and the retention policy, as in dbrp "db"."rp"');
    const retentionPolicy = this.tokens.expect('reference', 'a double-quoted retention policy, as in dbrp "db"."rp"');
    return { kind: 'Dbrp', database: database.value, retentionPolicy: retentionPolicy.value, pos: dbrpToken.pos };
  }

  expression(): Expr {
    const token = this.tokens.peek();
    if (token.kind === 'lambda') return this.lambda();
    if (token.kind === '[') return this.list();
    if (token.kind === 'ident') {
      const following = this.tokens.peek(1).kind;
      if (following === '(') {
        const call = this.functionCall();
        return isChainOperator(this.tokens.peek().kind) ? this.chain(call) : this.precedence(call, 0);
      }
      if (isChainOperator(following)) return this.chain(this.identifier());
    }
    return this.primaryExpr();
  }

  /** Left-associative links: `| method(args)`, `. property[(args)]`, `@ udf(args)`. */
  chain(object: Expr): Expr {
    let current = object;
    for (;;) {
      const operator = this.tokens.peek().kind;
      if (operator !== '|' && operator !== '.' && operator !== '@') return current;
      this.tokens.next();
      const method = this.tokens.expect('ident', `a method name after ${operator}`);
      if (operator === '.' && !this.tokens.at('(')) {
        current = { kind: 'Chain', operator, object: current, method: method.text, args: [], pos: method.pos, bare: true };
        continue;
      }
      const args = this.arguments(method, () => this.expression());
      current = { kind: 'Chain', operator, object: current, method: method.text, args, pos: method.pos };
    }
  }

  /** `name(arguments)` outside a lambda; arguments are full expressions. */
  functionCall(): Expr {
    const name = this.tokens.next();
    const args = this.arguments(name, () => this.expression());
    return { kind: 'Call', name: name.text, args, pos: name.pos };
  }

  /** `( [item { , item } [,] ] )`; a trailing comma is allowed, as in Kapacitor. */
  arguments(owner: Token, item: () => Expr): Expr[] {
    const open = this.tokens.expect('(', `"(" after ${owner.text}`);
    const args: Expr[] = [];
    while (!this.tokens.at(')')) {
      args.push(item());
      if (!this.tokens.accept(',')) break;
    }
    this.closing(')', open);
    return args;
  }

  /** `[ item { , item } [,] ]` where items are identifiers, strings or `*`. */
  list(): Expr {
    const open = this.tokens.next();
    const items: Expr[] = [];
    while (!this.tokens.at(']')) {
      items.push(this.listItem());
      if (!this.tokens.accept(',')) break;
    }
    this.closing(']', open);
    return { kind: 'List', items, pos: open.pos };
  }

  listItem(): Expr {
    const token = this.tokens.peek();
    if (token.kind === 'ident') return this.identifier();
    if (token.kind === 'string') return this.stringLiteral();
    if (token.kind === '*') return { kind: 'Star', pos: this.tokens.next().pos };
    throw this.tokens.unexpected(token, "a list item (an identifier, a 'string' or *)");
  }

  lambda(): Expr {
    const keyword = this.tokens.next();
    return { kind: 'Lambda', body: this.primaryExpr(), pos: keyword.pos };
  }

  primaryExpr(): Expr {
    return this.precedence(this.primary(), 0);
  }

  /** Precedence climbing over left-associative binary operators (see precedence.ts). */
  precedence(left: Expr, minPrecedence: number): Expr {
    let lhs = left;
    let look = this.tokens.peek();
    while (binaryPrecedence(look.kind) >= minPrecedence) {
      const operator = this.tokens.next();
      const opPrecedence = binaryPrecedence(operator.kind);
      let rhs = this.primary();
      look = this.tokens.peek();
      while (binaryPrecedence(look.kind) > opPrecedence) {
        rhs = this.precedence(rhs, binaryPrecedence(look.kind));
        look = this.tokens.peek();
      }
      lhs = { kind: 'Binary', op: operator.kind as BinaryOperator, left: lhs, right: rhs, pos: operator.pos };
    }
    return lhs;
  }

  primary(): Expr {
    if (this.nesting >= MAX_NESTING) {
      throw this.tokens.error(`expression nested too deeply (more than ${MAX_NESTING} levels)`, this.tokens.peek().pos);
    }
    this.nesting++;
    try {
      return this.primaryUnguarded();
    } finally {
      this.nesting--;
    }
  }

  private primaryUnguarded(): Expr {
    const token = this.tokens.peek();
    switch (token.kind) {
      case '(': {
        const open = this.tokens.next();
        const inner = this.primaryExpr();
        this.closing(')', open);
        return inner;
      }
      case 'number':
        return this.numberLiteral();
      case 'duration':
        return this.durationLiteral();
      case 'string':
        return this.stringLiteral();
      case 'TRUE':
      case 'FALSE':
        this.tokens.next();
        return { kind: 'Bool', value: token.kind === 'TRUE', pos: token.pos };
      case 'regex':
        this.tokens.next();
        return { kind: 'Regex', pattern: token.value, pos: token.pos };
      case '*':
        this.tokens.next();
        return { kind: 'Star', pos: token.pos };
      case 'reference':
        this.tokens.next();
        return { kind: 'Reference', name: token.value, pos: token.pos };
      case 'ident':
        return this.tokens.peek(1).kind === '(' ? this.lambdaFunctionCall() : this.identifier();
      case '-':
      case '!': {
        this.tokens.next();
        return { kind: 'Unary', op: token.kind, operand: this.primary(), pos: token.pos };
      }
      default:
        throw this.tokens.unexpected(token, 'an expression');
    }
  }

  /** A function call inside a lambda: each argument is an operator expression. */
  lambdaFunctionCall(): Expr {
    const name = this.tokens.next();
    const args = this.arguments(name, () => this.primaryExpr());
    return { kind: 'Call', name: name.text, args, pos: name.pos };
  }

  identifier(): Expr {
    const token = this.tokens.expect('ident', 'an identifier');
    return { kind: 'Identifier', name: token.text, pos: token.pos };
  }

  numberLiteral(): Expr {
    const token = this.tokens.next();
    const decoded = decodeNumber(token.text);
    if (!decoded.ok) throw this.tokens.error(decoded.reason, token.pos);
    const literal = decoded.value;
    return literal.kind === 'Int'
      ? { kind: 'Int', value: literal.value, pos: token.pos }
      : { kind: 'Float', value: literal.value, pos: token.pos };
  }

  durationLiteral(): Expr {
    const token = this.tokens.next();
    const decoded = decodeDuration(token.text);
    if (!decoded.ok) throw this.tokens.error(decoded.reason, token.pos);
    return { kind: 'Duration', ns: decoded.value, literal: token.text, pos: token.pos };
  }

  stringLiteral(): Expr {
    const token = this.tokens.next();
    return { kind: 'String', value: token.value, pos: token.pos };
  }

  private closing(kind: TokenKind, open: Token): void {
    const token = this.tokens.peek();
    if (token.kind === kind) {
      this.tokens.next();
      return;
    }
    throw this.tokens.unexpected(token, `"," or "${kind}" to close the "${open.text}" at ${formatPos(open.pos)}`);
  }
}

function isChainOperator(kind: TokenKind): boolean {
  return kind === '|' || kind === '.' || kind === '@';
}

function formatPos(pos: Position): string {
  return `${pos.line}:${pos.column}`;
}

