import { formatValueV, sortedMapEntries } from './fmt-value';
import { codePoints, quoteGoRune, quoteGoString } from './go-quote';
import { GoDuration, GoTime } from './go-time';
import { goKind, goTypeName, structFields } from './go-value';
import { type FloatFormat, formatFloat } from './strconv-float';

const UTF8 = new TextEncoder();

/** One `%` directive: flags, width, precision and verb. */
interface Directive {
  minus: boolean;
  plus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  width: number | undefined;
  precision: number | undefined;
  verb: string;
}

/**
 * Go's `fmt.Sprintf` for the verbs templates use: `%v %d %s %q %f %e %g %t %x %X %c %b %o %T %%`,
 * with the flags `- + # 0 space`, widths and precisions (`%-10s`, `%05d`, `%.2f`, `%0.3f`, `*`).
 * Go's error notation is reproduced: `%!d(string=x)`, `%!s(MISSING)`, `%!(EXTRA int64=1)`.
 * Not supported: argument indexes (`%[1]d`), `%+v`/`%#v` field names and Go syntax (printed as
 * `%v`), hex floats and pointers.
 */
export function sprintf(format: string, args: readonly unknown[]): string {
  let out = '';
  let next = 0;
  let i = 0;
  while (i < format.length) {
    const percent = format.indexOf('%', i);
    if (percent < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, percent);
    i = percent + 1;
    const d: Directive = { minus: false, plus: false, sharp: false, space: false, zero: false, width: undefined, precision: undefined, verb: '' };
    i = readFlags(format, i, d);
    if (format.charAt(i) === '*') {
      d.width = intArgument(args[next++]);
      if (d.width !== undefined && d.width < 0) {
        d.minus = true;
        d.zero = false;
        d.width = -d.width;
      }
      i++;
    } else [d.width, i] = readNumber(format, i);
    if (format.charAt(i) === '.') {
      i++;
      if (format.charAt(i) === '*') {
        d.precision = intArgument(args[next++]);
        i++;
      } else [d.precision, i] = readNumber(format, i);
      d.precision ??= 0;
    }
    if (i >= format.length) {
      out += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i) ?? 0);
    i += verb.length;
    d.verb = verb;
    if (verb === '%') out += '%';
    else if (next >= args.length) out += `%!${verb}(MISSING)`;
    else out += formatDirective(args[next++], d);
  }
  if (next < args.length) {
    out += '%!(EXTRA ' + args.slice(next).map(describe).join(', ') + ')';
  }
  return out;
}

function readFlags(format: string, start: number, d: Directive): number {
  let i = start;
  for (;;) {
    switch (format.charAt(i)) {
      case '-':
        d.minus = true;
        d.zero = false;
        break;
      case '+':
        d.plus = true;
        break;
      case '#':
        d.sharp = true;
        break;
      case ' ':
        d.space = true;
        break;
      case '0':
        d.zero = !d.minus;
        break;
      default:
        return i;
    }
    i++;
  }
}

function readNumber(format: string, start: number): [number | undefined, number] {
  let i = start;
  while (i < format.length && format.charCodeAt(i) >= 48 && format.charCodeAt(i) <= 57) i++;
  return i === start ? [undefined, i] : [Number(format.slice(start, i)), i];
}

function intArgument(arg: unknown): number | undefined {
  return typeof arg === 'bigint' ? Number(arg) : undefined;
}

function describe(arg: unknown): string {
  return arg === null || arg === undefined ? '<nil>' : `${goTypeName(arg)}=${formatValueV(arg)}`;
}

function badVerb(arg: unknown, d: Directive): string {
  return `%!${d.verb}(${describe(arg)})`;
}

function formatDirective(arg: unknown, d: Directive): string {
  if (d.verb === 'T') return pad(arg === null || arg === undefined ? '<nil>' : goTypeName(arg), d);
  // Like fmt, a Stringer is printed through String() for the string verbs.
  if ((arg instanceof GoTime || arg instanceof GoDuration) && 'vsxXq'.includes(d.verb)) {
    return formatString(arg.String(), d);
  }
  switch (goKind(arg)) {
    case 'bool':
      return d.verb === 'v' || d.verb === 't' ? pad(arg ? 'true' : 'false', d) : badVerb(arg, d);
    case 'int':
      return formatInteger(arg as bigint, d) ?? badVerb(arg, d);
    case 'duration':
      return formatInteger((arg as GoDuration).ns, d) ?? badVerb(arg, d);
    case 'float':
      return formatFloatDirective(arg as number, d) ?? badVerb(arg, d);
    case 'string':
      return 'vsqxX'.includes(d.verb) ? formatString(arg as string, d) : badVerb(arg, d);
    case 'map':
      return 'map[' + sortedMapEntries(arg as Map<unknown, unknown>).map(([k, v]) => `${formatDirective(k, d)}:${formatDirective(v, d)}`).join(' ') + ']';
    case 'slice':
      return '[' + (arg as unknown[]).map((v) => formatDirective(v, d)).join(' ') + ']';
    case 'struct':
      return '{' + structFields(arg as object).map(([, v]) => formatDirective(v, d)).join(' ') + '}';
    case 'invalid':
    case 'nil':
      return d.verb === 'v' ? pad('<nil>', d) : badVerb(arg, d);
    default:
      return badVerb(arg, d);
  }
}

function formatInteger(value: bigint, d: Directive): string | undefined {
  switch (d.verb) {
    case 'c':
      return pad(String.fromCodePoint(validRune(value)), d);
    case 'q':
      return pad(quoteGoRune(validRune(value)), d);
    case 'U': {
      const hex = (value < 0n ? -value : value).toString(16).toUpperCase().padStart(4, '0');
      return pad(`U+${hex}`, d);
    }
    case 'v':
    case 'd':
      return integerDigits(value, 10, '', d);
    case 'b':
      return integerDigits(value, 2, d.sharp ? '0b' : '', d);
    case 'o':
      return integerDigits(value, 8, d.sharp ? '0' : '', d);
    case 'O':
      return integerDigits(value, 8, '0o', d);
    case 'x':
      return integerDigits(value, 16, d.sharp ? '0x' : '', d);
    case 'X':
      return integerDigits(value, 16, d.sharp ? '0X' : '', d).toUpperCase();
    default:
      return undefined;
  }
}

function validRune(value: bigint): number {
  const n = Number(value);
  return n < 0 || n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff) ? 0xfffd : n;
}

/** Go's fmtInteger: precision is a minimum digit count; `0` pads to the width after the sign. */
function integerDigits(value: bigint, base: number, prefix: string, d: Directive): string {
  const negative = value < 0n;
  let digits = (negative ? -value : value).toString(base);
  const sign = negative ? '-' : d.plus ? '+' : d.space ? ' ' : '';
  if (d.precision !== undefined) {
    if (d.precision === 0 && value === 0n) digits = '';
    digits = digits.padStart(d.precision, '0');
  } else if (d.zero && d.width !== undefined) {
    digits = digits.padStart(d.width - sign.length - prefix.length, '0');
  }
  return pad(sign + prefix + digits, d);
}

function formatFloatDirective(x: number, d: Directive): string | undefined {
  let fmt: FloatFormat;
  let precision: number;
  switch (d.verb) {
    case 'v':
    case 'g':
    case 'G':
      fmt = d.verb === 'G' ? 'G' : 'g';
      precision = d.precision ?? -1;
      break;
    case 'e':
    case 'E':
    case 'f':
    case 'F':
      fmt = d.verb === 'F' ? 'f' : (d.verb as FloatFormat);
      precision = d.precision ?? 6;
      break;
    default:
      return undefined;
  }
  let num = formatFloat(x, fmt, precision);
  if (num.charAt(0) !== '-' && num.charAt(0) !== '+') num = '+' + num;
  if (d.space && num.charAt(0) === '+' && !d.plus) num = ' ' + num.slice(1);
  if (num.charAt(1) === 'I' || num.charAt(1) === 'N') {
    // Infinities keep their sign; NaN only shows one when asked for. Never zero-padded.
    if (num.charAt(1) === 'N' && !d.space && !d.plus) num = num.slice(1);
    return pad(num, { ...d, zero: false });
  }
  if (d.plus || num.charAt(0) !== '+') {
    // A sign to show: zero padding goes between the sign and the digits.
    if (d.zero && d.width !== undefined && d.width > num.length) {
      return num.charAt(0) + '0'.repeat(d.width - num.length) + num.slice(1);
    }
    return pad(num, d);
  }
  return pad(num.slice(1), d);
}

function formatString(s: string, d: Directive): string {
  let text = s;
  if (d.precision !== undefined) text = [...codePoints(text)].slice(0, d.precision).map((c) => String.fromCodePoint(c)).join('');
  switch (d.verb) {
    case 'q':
      return pad(quoteGoString(text), d);
    case 'x':
    case 'X': {
      let hex = '';
      for (const byte of UTF8.encode(text)) hex += byte.toString(16).padStart(2, '0');
      return pad(d.verb === 'X' ? hex.toUpperCase() : hex, d);
    }
    default:
      return pad(text, d);
  }
}

/** Pads to the width counted in runes, with spaces (or zeros with the `0` flag) on the left. */
function pad(text: string, d: Pick<Directive, 'width' | 'minus' | 'zero'>): string {
  if (d.width === undefined) return text;
  let length = 0;
  for (const _ of codePoints(text)) length++;
  if (length >= d.width) return text;
  const fill = (d.zero && !d.minus ? '0' : ' ').repeat(d.width - length);
  return d.minus ? text + fill : fill + text;
}
