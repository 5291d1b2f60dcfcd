import { isAfter, parseSourceHeader, POINT_HEADERS, type SourcePosition } from '@vigil/topic-contract';
import { decodeSourcePositions, encodeSourcePositions } from '../checkpoint/checkpoint-fields';
import type { DecodedMessage } from '../decode/message-decoder';

/** Where a forwarded record comes from: its source partition and its position there. */
export interface RecordSource {
  readonly partition: string;
  readonly position: SourcePosition;
}

/**
 * On a repartition topic, the last `vigil-source` position applied per source partition. A
 * record at or before it is a repeat, forwarded again by a source that crashed before its
 * commit, and is dropped. Saved in the checkpoint with the offset.
 */
export class SourcePositions {
  private readonly positions = new Map<string, SourcePosition>();

  /** Takes the positions of a checkpoint's sources field. */
  restore(text: string): void {
    for (const [partition, position] of decodeSourcePositions(text)) this.positions.set(partition, position);
  }

  /** The source of a forwarded record, undefined for a record without one, or false for a repeat to drop. */
  sourceOf(message: DecodedMessage): RecordSource | undefined | false {
    const header = message.headers[POINT_HEADERS.source];
    if (header === undefined) return undefined;
    const source = parseSourceHeader(header);
    if (!source) return undefined;
    const seen = this.positions.get(source.partition);
    if (seen !== undefined && !isAfter(source.position, seen)) return false;
    return source;
  }

  /** Call once the record's points are applied. */
  applied(source: RecordSource): void {
    this.positions.set(source.partition, source.position);
  }

  /** The checkpoint's sources field. */
  encode(): string {
    return encodeSourcePositions(this.positions);
  }
}
