import type { Position } from '@vigil/tick-lang';
import { lambdaError } from '../lambda-failure';
import { translateRe2 } from './re2-translator';

/**
 * Compiles a TICKscript regex literal (RE2 syntax) once, at lambda compile time. The result has
 * no `g` or `y` flag, so `test()` keeps no state between points and matches anywhere in the
 * string, like Go's MatchString.
 */
export function compileRegexLiteral(pattern: string, position: Position): RegExp {
  try {
    return new RegExp(translateRe2(pattern), 'u');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw lambdaError(`invalid regex /${pattern}/: ${reason}`, position);
  }
}

const GLOBAL_COPIES = new WeakMap<RegExp, RegExp>();

/** The same pattern with the `g` flag, for scanning successive matches; cached per regex. */
export function globalCopy(regex: RegExp): RegExp {
  let copy = GLOBAL_COPIES.get(regex);
  if (copy === undefined) {
    copy = new RegExp(regex.source, `${regex.flags}g`);
    GLOBAL_COPIES.set(regex, copy);
  }
  return copy;
}
