import fc from 'fast-check';
import { Unsigned, type FieldValue, type Point } from '@vigil/core';
import { MAX_NANO_TIME, MIN_NANO_TIME } from './precision';

// Generators shared by the property tests (the `.test.ts` suffix keeps this file out of the build
// and out of the test run).

/** Characters that stress the scanner: every delimiter, escapes, blanks, and non-ASCII text. */
export const scannerChars = fc.constantFrom(
  ...['a', 'b', 't', 'f', 'T', 'i', 'u', 'e', 'N', 'I', '0', '1', '9', '.', '-', '+', '_'],
  ...[' ', ',', '=', '"', '\\', '#', '\t', '\n', '\r', '\0', 'é', '🚀', '\uD800'],
);

/** Any text, biased toward line protocol's special characters. */
export const anyText = fc.oneof(fc.string({ unit: scannerChars, maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 40 }));

const nameChars = fc.constantFrom('a', 'Z', '0', '_', '-', '.', ' ', ',', '=', '"', '\\', '#', '\t', '\r', '\0', 'é', '🚀', 't');

/** A name line protocol can carry: not empty, no newline, no trailing backslash. */
function name(extra: (text: string) => boolean): fc.Arbitrary<string> {
  return fc.string({ unit: nameChars, minLength: 1, maxLength: 8 }).filter((text) => !text.endsWith('\\') && extra(text));
}

const measurement = name((text) => !['\t', '\0', '#'].includes(text[0] as string));
const tagKey = name((text) => text !== 'time');
const tagValue = name(() => true);
const fieldKey = name((text) => text !== 'time' && !['\t', '\0'].includes(text[0] as string));

export const fieldValue: fc.Arbitrary<FieldValue> = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map((value) => new Unsigned(value)),
  fc.string({ unit: fc.constantFrom('a', ' ', ',', '=', '"', '\\', '\n', '\r\n', 'é', '🚀'), maxLength: 10 }),
  fc.boolean(),
);

/** Any point line protocol can carry. */
export const anyPoint: fc.Arbitrary<Point> = fc.record({
  database: fc.constant('db'),
  retentionPolicy: fc.constant('rp'),
  name: measurement,
  tags: fc.dictionary(tagKey, tagValue, { maxKeys: 4, noNullPrototype: true }),
  fields: fc.dictionary(fieldKey, fieldValue, { minKeys: 1, maxKeys: 4, noNullPrototype: true }),
  time: fc.bigInt({ min: MIN_NANO_TIME, max: MAX_NANO_TIME }),
}, { noNullPrototype: true });

/** Raw, already-escaped pieces of names, so that generated lines exercise the escape rules. */
const rawName = fc.string({ unit: fc.constantFrom('a', 'b', 'x', 'é', '\\', '\\ ', '\\,', '\\=', '\\"', '\\\\', '"', '=', 't'), minLength: 1, maxLength: 5 });
const rawValue = fc.oneof(
  fc.constantFrom('1', '-1.5', '1e3', '.5', '1.', '12i', '-3i', '7u', 't', 'FALSE', 'true', '1e400', 'x'),
  fc.string({ unit: fc.constantFrom('a', ' ', ',', '=', '\\"', '\\\\', '\\', '\n', 'é'), maxLength: 6 }).map((text) => `"${text}"`),
);
const rawLine = fc
  .tuple(
    rawName,
    fc.array(fc.tuple(rawName, rawName), { maxLength: 3 }),
    fc.array(fc.tuple(rawName, rawValue), { minLength: 1, maxLength: 3 }),
    fc.option(fc.bigInt({ min: -(10n ** 19n), max: 10n ** 19n })),
  )
  .map(([measurementText, tags, fields, time]) => {
    const tagText = tags.map(([key, value]) => `,${key}=${value}`).join('');
    const fieldText = fields.map(([key, value]) => `${key}=${value}`).join(',');
    return `${measurementText}${tagText} ${fieldText}${time === null ? '' : ` ${time}`}`;
  });

/** Line protocol text made of mostly well-formed lines, with comments, blanks and both line breaks. */
export const lineText = fc
  .array(fc.oneof({ weight: 8, arbitrary: rawLine }, fc.constantFrom('', '# comment', '  ', 'm v=1 1')), { maxLength: 6 })
  .chain((lines) => fc.tuple(fc.constant(lines), fc.array(fc.constantFrom('\n', '\r\n'), { minLength: lines.length, maxLength: lines.length })))
  .map(([lines, breaks]) => lines.map((line, i) => line + (breaks[i] as string)).join(''));
