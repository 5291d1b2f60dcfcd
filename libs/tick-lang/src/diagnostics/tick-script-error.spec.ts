import { TickScriptError } from './tick-script-error';
import { SourcePositions } from './source-position';

describe('TickScriptError', () => {
  const source = "stream\n    |from()\n        .measurement(\"cpu\")\n";

  it('formats line:column, the source line and a caret under the column', () => {
    const error = new TickScriptError('bad thing', { line: 3, column: 22, offset: 40 });
    expect(error.format(source)).toBe(
      '3:22: bad thing\n' +
      '        .measurement("cpu")\n' +
      '                     ^',
    );
  });

  it('uses the attached source when format() gets none', () => {
    const error = new TickScriptError('bad thing', { line: 2, column: 5, offset: 11 }, source);
    expect(error.format()).toBe('2:5: bad thing\n    |from()\n    ^');
    expect(new TickScriptError('x', { line: 1, column: 1, offset: 0 }).format()).toBe('1:1: x');
  });

  it('keeps tabs in the caret line so the caret lines up', () => {
    const error = new TickScriptError('here', { line: 1, column: 3, offset: 2 });
    expect(error.format('\t\tx')).toBe('1:3: here\n\t\tx\n\t\t^');
  });

  it('counts columns in characters, not UTF-16 units', () => {
    const text = "'😀é' x";
    const pos = new SourcePositions(text).at(text.indexOf('x'));
    expect(pos).toEqual({ line: 1, column: 6, offset: 6 });
    expect(new TickScriptError('m', pos).format(text)).toBe("1:6: m\n'😀é' x\n     ^");
  });

  it('clamps positions to line 1, column 1 at least', () => {
    const error = new TickScriptError('m', { line: 0, column: 0, offset: -1 });
    expect([error.line, error.column, error.offset]).toEqual([1, 1, 0]);
  });

  it('is an Error whose message is the bare description', () => {
    const error = new TickScriptError('bad thing', { line: 1, column: 2, offset: 1 });
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe('bad thing');
    expect(String(error)).toBe('TickScriptError: 1:2: bad thing');
  });
});
