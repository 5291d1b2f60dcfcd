import type { Position } from '../ast';

/**
 * Every problem found in a TICKscript (lexing, parsing, evaluating, validating against the node
 * catalog) is reported as this error, so callers can rely on a line and a column being present.
 * `message` is the bare description; `format()` adds the position, the source line and a caret.
 */
export class TickScriptError extends Error {
  override readonly name = 'TickScriptError';
  /** 1-based line of the offending text. */
  readonly line: number;
  /** 1-based column (in characters) of the offending text. */
  readonly column: number;
  /** 0-based offset (UTF-16 index) of the offending text. */
  readonly offset: number;
  /** The script the position refers to, when the thrower knew it; used by `format()`. */
  readonly source: string | undefined;

  constructor(message: string, pos: Position, source?: string) {
    super(message);
    this.line = Math.max(1, pos.line);
    this.column = Math.max(1, pos.column);
    this.offset = Math.max(0, pos.offset);
    this.source = source;
  }

  get pos(): Position {
    return { line: this.line, column: this.column, offset: this.offset };
  }

  /** The same error bound to the script text, so that `format()` can quote the line. */
  withSource(source: string): TickScriptError {
    return this.source === source ? this : new TickScriptError(this.message, this.pos, source);
  }

  /**
   * `line:column: message`, then the source line and a caret under the column. Without a source
   * (neither given here nor attached) only the first line is produced.
   */
  format(source?: string): string {
    const head = `${this.line}:${this.column}: ${this.message}`;
    const text = source ?? this.source;
    if (text === undefined) return head;
    const sourceLine = text.split('\n')[this.line - 1];
    if (sourceLine === undefined) return head;
    const shown = sourceLine.replace(/\r$/, '');
    return `${head}\n${shown}\n${caretLine(shown, this.column)}`;
  }

  override toString(): string {
    return `${this.name}: ${this.line}:${this.column}: ${this.message}`;
  }
}

/**
 * Spaces up to the column, keeping the tabs of the source line so that the caret lines up in a
 * terminal whatever the tab width.
 */
function caretLine(sourceLine: string, column: number): string {
  const chars = Array.from(sourceLine).slice(0, column - 1);
  const padding = chars.map((char) => (char === '\t' ? '\t' : ' ')).join('');
  return `${padding}^`;
}
