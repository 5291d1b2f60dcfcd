import { firstInvalidUtf8, parseLineBytes } from './parse-bytes';
import { parseLines } from './parse-lines';

const bytes = (...parts: (string | number[])[]): Buffer => Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(part))));

describe('parseLineBytes', () => {
  it('parses a valid body exactly as parseLines parses its text', () => {
    const text = 'cpu,host=é v=1 1\n# comment\n\nmem,host=b used="ü" 2\nbad line\n';
    expect(parseLineBytes(Buffer.from(text, 'utf8'))).toEqual(parseLines(text));
  });

  it('refuses each line holding bytes that are not UTF-8, naming the line, and keeps the others', () => {
    const body = bytes('cpu,host=a v=1 1\n', 'cpu,host=', [0xff], ' v=2 2\n', 'cpu,host=', [0xfe], ' v=3 3\r\n', 'cpu,host=b v=4 4');
    const result = parseLineBytes(body);
    expect(result.points.map((point) => [point.tags['host'], point.fields['v']])).toEqual([
      ['a', 1],
      ['b', 4],
    ]);
    expect(result.lines).toEqual([1, 4]);
    expect(result.errors.map((error) => [error.line, error.column, error.reason, error.text])).toEqual([
      [2, 10, 'invalid UTF-8 (byte 0xff)', 'cpu,host=\uFFFD v=2 2'],
      [3, 10, 'invalid UTF-8 (byte 0xfe)', 'cpu,host=\uFFFD v=3 3'],
    ]);
  });

  it('never merges two tag values that differ only in their invalid bytes', () => {
    const result = parseLineBytes(bytes('m,t=', [0xc3, 0x28], ' v=1 1\n', 'm,t=', [0xa0, 0xa1], ' v=1 1\n'));
    expect(result.points).toEqual([]);
    expect(result.errors.map((error) => error.line)).toEqual([1, 2]);
  });

  it('checks measurement, tag keys, field keys and string values alike, and keeps syntax errors in line order', () => {
    const body = bytes([0xff], 'm v=1 1\n', 'm,', [0xff], '=a v=1 1\n', 'nope\n', 'm ', [0xff], '=1 1\n', 'm s="', [0xed, 0xa0, 0x80], '" 1\n');
    const result = parseLineBytes(body);
    expect(result.points).toEqual([]);
    expect(result.errors.map((error) => [error.line, error.reason.startsWith('invalid UTF-8')])).toEqual([
      [1, true],
      [2, true],
      [3, false],
      [4, true],
      [5, true],
    ]);
  });
});

describe('firstInvalidUtf8', () => {
  it.each([
    ['ascii', [0x61, 0x62], -1],
    ['two-byte', [0xc3, 0xa9], -1],
    ['four-byte', [0xf0, 0x9f, 0x98, 0x80], -1],
    ['lone continuation', [0x61, 0x80], 1],
    ['overlong', [0xc0, 0xaf], 0],
    ['overlong three-byte', [0xe0, 0x80, 0xaf], 0],
    ['surrogate', [0xed, 0xa0, 0x80], 0],
    ['above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['truncated', [0x61, 0xe2, 0x82], 1],
  ])('%s', (_name, input, expected) => {
    expect(firstInvalidUtf8(Uint8Array.from(input))).toBe(expected);
    expect(expected < 0).toBe(Buffer.from(input).toString('utf8') === new TextDecoder('utf-8').decode(Uint8Array.from(input)) && !Buffer.from(input).toString('utf8').includes('\uFFFD'));
  });
});
