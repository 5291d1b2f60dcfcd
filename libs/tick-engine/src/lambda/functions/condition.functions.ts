import { BOOL, DURATION, FLOAT, INT, MISSING, MISSING_TYPE, REGEX, STRING, TIME, type TypeCode, type Value } from '../value-type';
import { signature, stateless, unarySignatures, type FunctionSpec } from './function-spec';

/**
 * if() and isPresent().
 *
 * if() evaluates all three arguments (there is no laziness in Kapacitor's function calls) and
 * its signatures demand that both branches have the same type. isPresent() is the one function
 * that accepts a missing value; its signatures leave out durations, times and regexes, so
 * isPresent("time") is an error in Kapacitor and here.
 */

const BRANCH_TYPES: readonly TypeCode[] = [FLOAT, INT, STRING, BOOL, REGEX, TIME, DURATION];

export const CONDITION_FUNCTIONS: readonly FunctionSpec[] = [
  stateless(
    'if',
    BRANCH_TYPES.map((type) => signature([BOOL, type, type], type)),
    (args) => (args[0] === true ? args[1] : args[2]) as Value,
  ),
  stateless('isPresent', unarySignatures([MISSING_TYPE, BOOL, STRING, INT, FLOAT], BOOL), (args) => args[0] !== MISSING),
];
