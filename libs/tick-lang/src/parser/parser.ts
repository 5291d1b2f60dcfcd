import type { Expr, Program } from '../ast';
import { TickScriptError } from '../diagnostics/tick-script-error';
import { lex } from '../lexer/lexer';
import type { Token } from '../lexer/token';
import { Parser } from './recursive-descent-parser';
import { TokenStream } from './token-stream';

/** Parses a TICKscript into its syntax tree; throws a TickScriptError at the first problem. */
export function parse(source: string): Program {
  const parser = new Parser(new TokenStream(lex(source), source));
  return parser.program();
}

/**
 * Parses the text of a lambda without the `lambda:` keyword, as task vars of type lambda hold it
 * (Kapacitor's `ParseLambda`), e.g. `"value" > 10`.
 */
export function parseLambdaExpression(source: string): Expr {
  const tokens = new TokenStream(lex(source), source);
  const expr = new Parser(tokens).primaryExpr();
  if (!tokens.at('eof')) throw tokens.unexpected(tokens.peek(), 'the end of the lambda');
  return expr;
}

/**
 * Parses as far as possible, collecting one error per broken statement: after an error the
 * parser resumes at the next `var` or `dbrp` keyword. A lexer error ends the parse.
 */
export function parseCollectingErrors(source: string): { program: Program; errors: TickScriptError[] } {
  let tokens: Token[];
  try {
    tokens = lex(source);
  } catch (error) {
    if (error instanceof TickScriptError) return { program: { statements: [] }, errors: [error] };
    throw error;
  }
  const parser = new Parser(new TokenStream(tokens, source));
  return parser.programCollectingErrors();
}
