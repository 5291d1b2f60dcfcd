import { open, readFile, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { splitLines } from '../files/line-split';
import { decodeRecordLine, isInvalid, type StoredLogRecord } from './log-record';
import { CorruptLineError } from '../files/corrupt-line.error';
import type { TornTail } from '../files/torn-tail';

/**
 * A segment remembers the byte position of a record once this many bytes follow the last one it
 * remembered, so a read starts at most this far (plus one record) before its offset, however large
 * the records are. A record count would not do: the point log's records hold whole write requests
 * (often hundreds of kilobytes), and 256 of them made a read rescan up to a hundred megabytes.
 */
export const INDEX_INTERVAL_BYTES = 64 * 1024;
const READ_CHUNK_BYTES = 256 * 1024;

/** Segment files are named by their first offset, zero-padded so that names sort like offsets. */
export function segmentFileName(base: bigint): string {
  return `${base.toString().padStart(20, '0')}.log`;
}

export function segmentBaseOf(fileName: string): bigint | undefined {
  const match = /^(\d{20})\.log$/.exec(fileName);
  return match?.[1] === undefined ? undefined : BigInt(match[1]);
}

/**
 * One file of a record log: the records from `base` to `next - 1`, one JSON line each. `size`
 * counts only durable bytes, so readers never see a record before its fsync completed.
 */
export class LogSegment {
  /** Offsets (from base) of the indexed records, ascending; the first is always 0. */
  private readonly indexedOffsets: number[] = [];
  /** Byte position of each indexed record. */
  private readonly positions: number[] = [];

  private constructor(
    readonly base: bigint,
    readonly path: string,
    public next: bigint,
    public size: number,
  ) {}

  static empty(folder: string, base: bigint): LogSegment {
    return new LogSegment(base, join(folder, segmentFileName(base)), base, 0);
  }

  /**
   * Reads a segment back at open and checks every line. In the last segment a final line that is
   * unterminated or unreadable is what a crash during a write leaves: it was never acknowledged,
   * so it is cut off (`onTornTail` is told). Anywhere else a bad line is corruption and stops the
   * open with a CorruptLineError naming the file, the line and its byte position.
   */
  static async recover(folder: string, base: bigint, isLast: boolean, onTornTail?: (tail: TornTail) => void): Promise<LogSegment> {
    const segment = LogSegment.empty(folder, base);
    const buffer = await readFile(segment.path);
    const { lines, tail } = splitLines(buffer);
    let valid = 0;
    for (const [index, line] of lines.entries()) {
      const decoded = decodeRecordLine(buffer.toString('utf8', line.start, line.end));
      if (isInvalid(decoded)) {
        const isFinalLine = index === lines.length - 1 && tail === buffer.length;
        if (isLast && isFinalLine) break;
        throw new CorruptLineError(segment.path, index + 1, decoded.invalid, line.start);
      }
      segment.noteAppended([line.end + 1 - line.start]);
      valid = line.end + 1;
    }
    if (valid < buffer.length) {
      if (!isLast) throw new CorruptLineError(segment.path, segment.lineCount() + 1, 'unterminated line', valid);
      await truncate(segment.path, valid);
      onTornTail?.({ file: segment.path, position: valid, bytes: buffer.length - valid });
    }
    return segment;
  }

  /** Records lines that are now durable, each given by its length in bytes (newline included). */
  noteAppended(lineBytes: readonly number[]): void {
    for (const bytes of lineBytes) {
      const lastPosition = this.positions[this.positions.length - 1];
      if (lastPosition === undefined || this.size - lastPosition >= INDEX_INTERVAL_BYTES) {
        this.indexedOffsets.push(Number(this.next - this.base));
        this.positions.push(this.size);
      }
      this.next += 1n;
      this.size += bytes;
    }
  }

  /** Reads up to `max` records from `from` (which must lie in this segment). */
  async read(from: bigint, max: number): Promise<StoredLogRecord[]> {
    const start = this.seek(from);
    let offset = start.offset;
    let position = start.position;
    const end = this.size;
    const records: StoredLogRecord[] = [];
    const handle = await open(this.path, 'r');
    try {
      let carry = Buffer.alloc(0);
      while (position < end && records.length < max) {
        const chunk = Buffer.alloc(Math.min(READ_CHUNK_BYTES, end - position));
        const { bytesRead } = await handle.read(chunk, 0, chunk.length, position);
        if (bytesRead === 0) break;
        position += bytesRead;
        const buffer = carry.length > 0 ? Buffer.concat([carry, chunk.subarray(0, bytesRead)]) : chunk.subarray(0, bytesRead);
        const { lines, tail } = splitLines(buffer);
        for (const line of lines) {
          if (offset >= from) {
            records.push(this.decodeAt(buffer.toString('utf8', line.start, line.end), offset));
            if (records.length === max) break;
          }
          offset += 1n;
        }
        carry = buffer.subarray(tail);
      }
    } finally {
      await handle.close();
    }
    return records;
  }

  /** The indexed record nearest before `from` (at most INDEX_INTERVAL_BYTES and one record before it): where a read starts. */
  seek(from: bigint): { readonly offset: bigint; readonly position: number } {
    const target = Number(from - this.base);
    let low = 0;
    let high = this.indexedOffsets.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.indexedOffsets[middle] ?? 0) <= target) low = middle;
      else high = middle - 1;
    }
    if (high < 0) return { offset: this.base, position: 0 };
    return { offset: this.base + BigInt(this.indexedOffsets[low] ?? 0), position: this.positions[low] ?? 0 };
  }

  private decodeAt(line: string, offset: bigint): StoredLogRecord {
    const decoded = decodeRecordLine(line);
    if (isInvalid(decoded)) throw new CorruptLineError(this.path, Number(offset - this.base) + 1, decoded.invalid);
    return { offset, ...decoded };
  }

  private lineCount(): number {
    return Number(this.next - this.base);
  }
}
