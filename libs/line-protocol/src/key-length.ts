import { fail } from './scan-failure';

/** InfluxDB's limit on measurement + tags + field key, in UTF-8 bytes (models.MaxKeyLength). */
export const MAX_KEY_LENGTH = 65535;

/**
 * Fails when the series key (measurement and tags, `text[start, start + keyLength)`) plus the
 * field key `text[fieldKeyStart, fieldKeyEnd)` exceed InfluxDB's limit. InfluxDB counts bytes and
 * adds 4 for its field separator.
 */
export function checkKeyLength(text: string, start: number, keyLength: number, fieldKeyStart: number, fieldKeyEnd: number): void {
  const size = utf8Length(text, start, start + keyLength) + 4 + utf8Length(text, fieldKeyStart, fieldKeyEnd);
  if (size > MAX_KEY_LENGTH) fail(fieldKeyStart, `max key length exceeded: ${size} > ${MAX_KEY_LENGTH}`);
}

function utf8Length(text: string, from: number, to: number): number {
  let bytes = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
