import { applyHtmlContext } from './html-context';
import { BUILTINS, type TemplateFunc } from './template-builtins';
import { TemplateError, templateError } from './template-error';
import { ExecFailure, type Program, executeProgram } from './template-exec';
import { compileFastPath, FALLBACK } from './template-fast-path';
import { LexError } from './template-lexer';
import { ParseError, TemplateParser } from './template-parser';

export interface TemplateOptions {
  /**
   * `true` emulates Go's html/template (Kapacitor's `.details()`): every interpolated value is
   * HTML-escaped and untyped nil prints nothing; `false` is text/template (`.id()`,
   * `.message()`), where a missing value prints `<no value>`.
   */
  readonly html: boolean;
  /** Extra functions, like `Template.Funcs` in Go; they take precedence over the builtins. */
  readonly funcs?: Readonly<Record<string, TemplateFunc>>;
  /** The template name used in error messages (`template: details:1:5: ...`). */
  readonly name?: string;
}

export interface GoTemplate {
  readonly source: string;
  /**
   * Renders the template. Throws a TemplateError (`phase: 'exec'`) where Go's Execute returns
   * an error, e.g. a field missing from a struct or a failed function call.
   */
  execute(data: unknown): string;
}

/**
 * Parses a Go text/template or html/template source once; `execute` can then run it for every
 * event. Throws a TemplateError (`phase: 'parse'`) for what Go's Parse rejects, and, in html
 * mode, for the HTML contexts vigil does not emulate (see html-context.ts).
 *
 * The data is a value in vigil's Go model (go-value.ts): plain objects are structs whose keys are
 * the Go field names (`.Name`, `.Tags`), `Map`/`GoMap` are Go maps, `bigint` is int64, `number`
 * is float64, `GoTime`/`GoDuration` are time.Time/time.Duration.
 */
export function parseTemplate(source: string, options: TemplateOptions): GoTemplate {
  const name = options.name ?? 'template';
  const funcs = new Map(Object.entries(options.funcs ?? {}));
  let program: Program;
  try {
    const parser = new TemplateParser(source, (fn) => funcs.has(fn) || BUILTINS.has(fn));
    const root = parser.parse();
    if (options.html) applyHtmlContext(root, funcs.has('html'));
    program = { root, html: options.html, funcs };
  } catch (error) {
    if (error instanceof ParseError || error instanceof LexError) throw templateError(name, source, error.pos, 'parse', error.message);
    throw error;
  }
  // Most alert templates are text and simple lookups, rendered without the general executor.
  const fast = compileFastPath(program);
  return {
    source,
    execute(data: unknown): string {
      if (fast !== undefined) {
        const rendered = fast(data);
        if (rendered !== FALLBACK) return rendered;
      }
      try {
        return executeProgram(program, data);
      } catch (error) {
        if (error instanceof ExecFailure) throw templateError(name, source, error.pos, 'exec', error.message);
        throw error;
      }
    },
  };
}

export { TemplateError };
