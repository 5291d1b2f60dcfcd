/**
 * A Go template that cannot be parsed (`phase: 'parse'`, Kapacitor fails the task definition) or
 * executed (`phase: 'exec'`, Kapacitor's node stops with the error). The message follows Go's
 * `template: name:line:col: ...` shape; `line` and `column` are 1-based positions in the source.
 */
export class TemplateError extends Error {
  constructor(
    message: string,
    readonly phase: 'parse' | 'exec',
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
    this.name = 'TemplateError';
  }
}

/** Builds a TemplateError for the given offset of `source`. */
export function templateError(name: string, source: string, offset: number, phase: 'parse' | 'exec', detail: string): TemplateError {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < source.length; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  const column = offset - lineStart + 1;
  const prefix = phase === 'parse' ? `template: ${name}:${line}:${column}: ` : `template: ${name}:${line}:${column}: executing "${name}": `;
  return new TemplateError(prefix + detail, phase, line, column);
}
