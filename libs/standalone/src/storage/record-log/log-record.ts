/** A record as a log stores it: the same shape as a Kafka message without partition. */
export interface LogRecord {
  readonly key: string;
  readonly value: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** A record read back, with its position in the log. */
export interface StoredLogRecord extends LogRecord {
  readonly offset: bigint;
}

/** One JSON object per line; a newline inside a string is escaped by JSON, so lines never split. */
export function encodeRecordLine(record: LogRecord): string {
  return `${JSON.stringify({ key: record.key, value: record.value, headers: record.headers })}\n`;
}

/** Parses one line back into a record, or returns why it is not one. */
export function decodeRecordLine(line: string): LogRecord | { readonly invalid: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (error) {
    return { invalid: (error as Error).message };
  }
  if (typeof parsed !== 'object' || parsed === null) return { invalid: 'not a JSON object' };
  const { key, value, headers } = parsed as Record<string, unknown>;
  if (typeof key !== 'string' || typeof value !== 'string') return { invalid: 'key and value must be strings' };
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) return { invalid: 'headers must be an object' };
  for (const header of Object.values(headers)) {
    if (typeof header !== 'string') return { invalid: 'header values must be strings' };
  }
  return { key, value, headers: headers as Record<string, string> };
}

export function isInvalid(decoded: LogRecord | { readonly invalid: string }): decoded is { readonly invalid: string } {
  return 'invalid' in decoded;
}
