export { LineProtocolError, type LineProtocolErrorKind } from './line-protocol-error';
export type { ParseOptions } from './parse-options';
export { parseLines, parseLine, type ParseResult } from './parse-lines';
export { parseLineBytes, firstInvalidUtf8 } from './parse-bytes';
export { LineStreamParser } from './line-stream-parser';
export { formatPoint, formatPoints, formatFieldValue } from './format-point';
export { losslessLine } from './lossless-line';
export { formatFloat } from './format-float';
export { escapeMeasurement, escapeTag, escapeFieldKey, quoteString } from './escape';
export { influxWriteError } from './influx-write-error';
export { compareKeys } from './key-order';
export {
  type Precision,
  parsePrecision,
  precisionMultiplier,
  truncateToPrecision,
  isTimeInRange,
  MIN_NANO_TIME,
  MAX_NANO_TIME,
} from './precision';
