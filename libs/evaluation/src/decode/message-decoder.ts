import type { Point } from '@vigil/core';
import { parseLines, parsePrecision } from '@vigil/line-protocol';
import { POINT_HEADERS } from '@vigil/topic-contract';

/** A Kafka record as the evaluator reads it (the shape @vigil/kafka's ConsumedMessage has). */
export interface InputMessage {
  /** int64 offset as a decimal string. */
  readonly offset: string;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, string>>;
  /** Record timestamp, ms since the epoch: the time of line-protocol lines that have none. */
  readonly timestampMs: number;
}

/** The points of one record, or why it has none. */
export interface DecodedMessage {
  readonly offset: bigint;
  readonly points: readonly Point[];
  /** Lines or values that were not points (skipped). */
  readonly errors: number;
  readonly firstError?: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly timestampMs: number;
}

/** Decodes one value of a binary or JSON point encoding; rejects a value that is not a point. */
export type PointValueDecoder = (value: Buffer) => Promise<Point>;

export interface MessageDecoderOptions {
  /** Database of line-protocol points whose message has no `vigil-db` header. */
  readonly defaultDatabase: string;
  /** Retention policy of line-protocol points whose message has no `vigil-rp` header. */
  readonly defaultRetentionPolicy: string;
  /** Values starting with `{`: @vigil/kafka's JSON point codec. */
  readonly json?: PointValueDecoder;
  /** Values starting with byte 0: Avro in the schema registry's wire format. */
  readonly avro?: PointValueDecoder;
}

/**
 * Turns records of the points topic into points. The encoding is told by the first byte, as
 * producers may differ: 0 is the registry's Avro wire format, `{` a JSON point, anything else
 * line protocol with one or more lines (Telegraf's Kafka output batches lines, and ingest writes
 * one line-protocol record per partition of a request; its older records hold one JSON or Avro
 * point each, so a topic may mix both). Line protocol is
 * parsed synchronously; only Avro and JSON values go through the (async) injected decoders.
 */
export class MessageDecoder {
  constructor(private readonly options: MessageDecoderOptions) {}

  async decodeAll(messages: readonly InputMessage[]): Promise<DecodedMessage[]> {
    const decoded: DecodedMessage[] = new Array<DecodedMessage>(messages.length);
    let pending: Promise<void>[] | undefined;
    for (let i = 0; i < messages.length; i++) {
      const message = messages[i] as InputMessage;
      const result = this.decode(message);
      if (result instanceof Promise) (pending ??= []).push(result.then((value) => void (decoded[i] = value)));
      else decoded[i] = result;
    }
    if (pending) await Promise.all(pending);
    return decoded;
  }

  decode(message: InputMessage): DecodedMessage | Promise<DecodedMessage> {
    const value = message.value;
    if (value === null || value.length === 0) return failed(message, 'empty message value');
    const first = value[0];
    if (first === 0) return this.decodeWith(message, value, this.options.avro, 'Avro');
    if (first === 0x7b) return this.decodeWith(message, value, this.options.json, 'JSON');
    return this.decodeLines(message, value);
  }

  private decodeLines(message: InputMessage, value: Buffer): DecodedMessage {
    const headers = message.headers;
    const precision = parsePrecision(headers[POINT_HEADERS.precision] ?? '');
    if (precision === undefined) return failed(message, `unknown ${POINT_HEADERS.precision} header "${headers[POINT_HEADERS.precision]}"`);
    const parsed = parseLines(value.toString('utf8'), {
      database: headers[POINT_HEADERS.database] ?? this.options.defaultDatabase,
      retentionPolicy: headers[POINT_HEADERS.retentionPolicy] ?? this.options.defaultRetentionPolicy,
      precision,
      defaultTime: BigInt(message.timestampMs) * 1_000_000n,
    });
    const error = parsed.errors[0];
    return {
      offset: BigInt(message.offset),
      points: parsed.points,
      errors: parsed.errors.length,
      ...(error ? { firstError: `line ${error.line}: ${error.message}` } : {}),
      headers,
      timestampMs: message.timestampMs,
    };
  }

  private async decodeWith(message: InputMessage, value: Buffer, decoder: PointValueDecoder | undefined, format: string): Promise<DecodedMessage> {
    if (!decoder) return failed(message, `${format} value, but no ${format} decoder is configured`);
    try {
      const point = await decoder(value);
      return { offset: BigInt(message.offset), points: [this.withDbrp(point, message.headers)], errors: 0, headers: message.headers, timestampMs: message.timestampMs };
    } catch (error) {
      return failed(message, error instanceof Error ? error.message : String(error));
    }
  }

  /** Encodings that carry a database and retention policy keep theirs; empty ones get the defaults. */
  private withDbrp(point: Point, headers: Readonly<Record<string, string>>): Point {
    if (point.database !== '' && point.retentionPolicy !== '') return point;
    return {
      ...point,
      database: point.database || (headers[POINT_HEADERS.database] ?? this.options.defaultDatabase),
      retentionPolicy: point.retentionPolicy || (headers[POINT_HEADERS.retentionPolicy] ?? this.options.defaultRetentionPolicy),
    };
  }
}

function failed(message: InputMessage, reason: string): DecodedMessage {
  return { offset: BigInt(message.offset), points: [], errors: 1, firstError: reason, headers: message.headers, timestampMs: message.timestampMs };
}
