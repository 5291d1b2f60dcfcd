import { codePoint, posixClass, spaceClass, unicodeClass } from './re2-classes';

/**
 * Translates a Go RE2 pattern into an equivalent JavaScript `u`-mode pattern.
 *
 * Where the two dialects differ, the output spells the RE2 meaning out: `.` never matches `\n`
 * only (JavaScript's also skips `\r` and the line separators), `\s` is ASCII, `^`/`$` under
 * `(?m)` react to `\n` only, and flags set mid-pattern (`a(?i)b`) become JavaScript modifier
 * groups that end where the RE2 group ends. Constructs RE2 rejects, or that JavaScript cannot
 * express (`(?U)`, `\C`), raise Re2SyntaxError.
 */
export class Re2SyntaxError extends Error {}

interface Flags {
  readonly caseInsensitive: boolean;
  readonly multiLine: boolean;
  readonly dotAll: boolean;
}

interface Frame {
  flags: Flags;
  /** Case-insensitivity of the emitted JavaScript where this frame began. */
  readonly baseCase: boolean;
  /** Case-insensitivity of the emitted JavaScript at the current point. */
  emittedCase: boolean;
  /** Whether this frame has an open `(?i:` / `(?-i:` modifier group to close. */
  modifierOpen: boolean;
}

const JS_SYNTAX = new Set('^$\\.*+?()[]{}|/');
const QUANTIFIER = /^\{[0-9]+(?:,[0-9]*)?\}/;

export function translateRe2(pattern: string): string {
  return new Re2Translator(pattern).translate();
}

class Re2Translator {
  private index = 0;
  private output = '';
  private readonly frames: Frame[] = [
    { flags: { caseInsensitive: false, multiLine: false, dotAll: false }, baseCase: false, emittedCase: false, modifierOpen: false },
  ];

  constructor(private readonly pattern: string) {}

  translate(): string {
    while (this.index < this.pattern.length) this.step();
    if (this.frames.length > 1) throw new Re2SyntaxError('missing closing )');
    this.closeModifier(this.frame);
    return this.output;
  }

  private get frame(): Frame {
    const frame = this.frames[this.frames.length - 1];
    if (frame === undefined) throw new Re2SyntaxError('unexpected )');
    return frame;
  }

  private step(): void {
    const char = this.pattern[this.index++] ?? '';
    switch (char) {
      case '\\':
        return this.escape();
      case '[':
        return this.atom(this.characterClass());
      case '(':
        return this.openGroup();
      case ')':
        return this.closeGroup();
      case '|':
        this.closeModifier(this.frame);
        this.output += '|';
        return;
      case '.':
        return this.atom(this.frame.flags.dotAll ? '[\\s\\S]' : '[^\\n]');
      case '^':
        this.output += this.frame.flags.multiLine ? '(?<![^\\n])' : '^';
        return;
      case '$':
        this.output += this.frame.flags.multiLine ? '(?![^\\n])' : '$';
        return;
      case '*':
      case '+':
      case '?':
        this.output += char;
        return;
      case '{': {
        const quantifier = QUANTIFIER.exec(this.pattern.slice(this.index - 1));
        if (quantifier) {
          this.output += quantifier[0];
          this.index += quantifier[0].length - 1;
          return;
        }
        return this.atom('\\{');
      }
      default:
        return this.atom(literal(char));
    }
  }

  /** Emits one matchable item, first bringing the emitted case-sensitivity in line with RE2's. */
  private atom(text: string): void {
    const frame = this.frame;
    if (frame.emittedCase !== frame.flags.caseInsensitive) {
      this.closeModifier(frame);
      if (frame.flags.caseInsensitive !== frame.baseCase) {
        this.output += frame.flags.caseInsensitive ? '(?i:' : '(?-i:';
        frame.modifierOpen = true;
      }
      frame.emittedCase = frame.flags.caseInsensitive;
    }
    this.output += text;
  }

  private closeModifier(frame: Frame): void {
    if (frame.modifierOpen) this.output += ')';
    frame.modifierOpen = false;
    frame.emittedCase = frame.baseCase;
  }

  private openGroup(): void {
    const rest = this.pattern.slice(this.index);
    const named = /^\?P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(rest);
    if (named) {
      this.index += named[0].length;
      return this.pushFrame(`(?<${named[1]}>`, this.frame.flags);
    }
    const flagGroup = /^\?([imsU-]*)(:|\))/.exec(rest);
    if (flagGroup && (flagGroup[1] !== '' || flagGroup[2] === ':')) {
      this.index += flagGroup[0].length;
      const flags = applyFlags(this.frame.flags, flagGroup[1] ?? '');
      if (flagGroup[2] === ')') {
        this.frame.flags = flags;
        return;
      }
      return this.pushFrame('(?:', flags);
    }
    if (rest.startsWith('?')) throw new Re2SyntaxError(`unsupported group syntax (${rest.slice(0, 3)}`);
    return this.pushFrame('(', this.frame.flags);
  }

  private pushFrame(opening: string, flags: Flags): void {
    this.atom(opening);
    const parentCase = this.frame.emittedCase;
    this.frames.push({ flags, baseCase: parentCase, emittedCase: parentCase, modifierOpen: false });
  }

  private closeGroup(): void {
    if (this.frames.length === 1) throw new Re2SyntaxError('unexpected )');
    this.closeModifier(this.frame);
    this.frames.pop();
    this.output += ')';
  }

  private escape(): void {
    const char = this.pattern[this.index++];
    if (char === undefined) throw new Re2SyntaxError('trailing backslash at end of expression');
    switch (char) {
      case 'A':
        this.output += '^';
        return;
      case 'z':
        this.output += '$';
        return;
      case 'b':
      case 'B':
        this.output += `\\${char}`;
        return;
      case 'Q':
        return this.quoted();
      case 's':
      case 'S':
        return this.atom(`[${spaceClass(char === 'S')}]`);
      default:
        return this.atom(this.classEscape(char, false));
    }
  }

  /** `\Q...\E`: everything up to `\E` (or the end) is literal text. */
  private quoted(): void {
    const end = this.pattern.indexOf('\\E', this.index);
    const text = this.pattern.slice(this.index, end === -1 ? undefined : end);
    this.index = end === -1 ? this.pattern.length : end + 2;
    for (const char of text) this.atom(literal(char));
  }

  /** An escape valid both inside and outside a class; `inClass` selects the class spelling of `\s`. */
  private classEscape(char: string, inClass: boolean): string {
    if ('dDwW'.includes(char)) return `\\${char}`;
    if (char === 's' || char === 'S') return inClass ? spaceClass(char === 'S') : `[${spaceClass(char === 'S')}]`;
    if (char === 'p' || char === 'P') return unicodeClass(this.propertyName(), char === 'P');
    const simple: Readonly<Record<string, string>> = { a: '\\x07', f: '\\f', t: '\\t', n: '\\n', r: '\\r', v: '\\v' };
    const mapped = simple[char];
    if (mapped !== undefined) return mapped;
    if (char === 'x') return codePoint(this.hexEscape());
    if (char >= '0' && char <= '7') return codePoint(this.octalEscape(char));
    if (/[\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]/.test(char)) return literal(char, inClass);
    throw new Re2SyntaxError(`invalid escape sequence \\${char}`);
  }

  private propertyName(): string {
    if (this.pattern[this.index] !== '{') {
      const name = this.pattern[this.index++];
      if (name === undefined) throw new Re2SyntaxError('invalid character class range \\p');
      return name;
    }
    const end = this.pattern.indexOf('}', this.index);
    if (end === -1) throw new Re2SyntaxError('invalid character class range \\p{');
    const name = this.pattern.slice(this.index + 1, end);
    this.index = end + 1;
    return name;
  }

  private hexEscape(): number {
    const braced = /^\{([0-9a-fA-F]{1,6})\}/.exec(this.pattern.slice(this.index));
    const short = /^[0-9a-fA-F]{2}/.exec(this.pattern.slice(this.index));
    const digits = braced ? braced[1] : short?.[0];
    if (digits === undefined) throw new Re2SyntaxError('invalid escape sequence \\x');
    this.index += (braced ?? short)?.[0].length ?? 0;
    const value = Number.parseInt(digits, 16);
    if (value > 0x10ffff) throw new Re2SyntaxError('invalid escape sequence \\x');
    return value;
  }

  /** Go reads `\0`..`\7` plus up to two more octal digits; a lone `\1`..`\7` is a backreference RE2 rejects. */
  private octalEscape(first: string): number {
    const more = /^[0-7]{0,2}/.exec(this.pattern.slice(this.index))?.[0] ?? '';
    if (first !== '0' && more === '') throw new Re2SyntaxError(`invalid escape sequence \\${first} (backreferences are not supported)`);
    this.index += more.length;
    return Number.parseInt(first + more, 8);
  }

  private characterClass(): string {
    let text = '[';
    if (this.pattern[this.index] === '^') {
      text += '^';
      this.index++;
    }
    let first = true;
    for (;;) {
      const char = this.pattern[this.index++];
      if (char === undefined) throw new Re2SyntaxError('missing closing ]');
      if (char === ']' && !first) return `${text}]`;
      first = false;
      if (char === '[' && this.pattern[this.index] === ':') {
        const posix = /^:(\^?)([a-z]+):\]/.exec(this.pattern.slice(this.index));
        if (posix) {
          const contents = posixClass(posix[2] ?? '', posix[1] === '^');
          if (contents === undefined) throw new Re2SyntaxError(`invalid character class range [:${posix[2]}:]`);
          text += contents;
          this.index += posix[0].length;
          continue;
        }
      }
      if (char === '\\') {
        const escaped = this.pattern[this.index++];
        if (escaped === undefined) throw new Re2SyntaxError('missing closing ]');
        text += this.classEscape(escaped, true);
        continue;
      }
      text += char === '-' ? '-' : literal(char, true);
    }
  }
}

function applyFlags(flags: Flags, spec: string): Flags {
  let on = true;
  let { caseInsensitive, multiLine, dotAll } = flags;
  for (const char of spec) {
    if (char === '-') on = false;
    else if (char === 'i') caseInsensitive = on;
    else if (char === 'm') multiLine = on;
    else if (char === 's') dotAll = on;
    else throw new Re2SyntaxError('the ungreedy flag (?U) has no JavaScript equivalent');
  }
  return { caseInsensitive, multiLine, dotAll };
}

/** A literal character, escaped where JavaScript `u` mode gives it a meaning. */
function literal(char: string, inClass = false): string {
  if (JS_SYNTAX.has(char) || (inClass && char === '-')) return `\\${char}`;
  return char;
}
