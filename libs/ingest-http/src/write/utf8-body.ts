import { firstInvalidUtf8 } from '@vigil/line-protocol';
import { WriteRefusedError } from './write-outcome';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A body that must be UTF-8 as a whole (JSON points), as text; otherwise a 400 naming the line
 * and column of the first byte that is not UTF-8. Decoding with U+FFFD instead would silently
 * merge tag values that differ only in those bytes.
 */
export function utf8BodyText(body: Uint8Array): string {
  try {
    return strictUtf8.decode(body);
  } catch {
    const offset = firstInvalidUtf8(body);
    const lineStart = body.lastIndexOf(10, offset - 1) + 1;
    let line = 1;
    for (let i = body.indexOf(10); i >= 0 && i < offset; i = body.indexOf(10, i + 1)) line++;
    const column = new TextDecoder('utf-8').decode(body.subarray(lineStart, offset)).length + 1;
    const byte = (body[offset] ?? 0).toString(16).padStart(2, '0');
    throw new WriteRefusedError(400, `body is not valid UTF-8: byte 0x${byte} at line ${line}, column ${column}`);
  }
}

/** A remote_write label name or value, which protobuf carries as bytes; undefined when not UTF-8. */
export function utf8Label(bytes: Uint8Array | undefined): string | undefined {
  if (bytes === undefined || bytes.length === 0) return '';
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}
