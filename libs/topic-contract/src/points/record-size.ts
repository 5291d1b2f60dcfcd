/*
 * How large a points-topic record is as the broker measures it (Kafka's message format v2), so a
 * producer can tell before sending whether a point can ever be written under the topic's
 * `max.message.bytes`. Ingest and `vigil serve` both measure with it, so they give one body the
 * same answer (docs/ingest.md, Points too large for Kafka).
 */

/**
 * Kafka's default `message.max.bytes`, and so every topic's `max.message.bytes` unless set:
 * 1 MiB plus the 12 bytes of a batch's offset and length. The broker refuses a record batch
 * larger than the topic's value with MESSAGE_TOO_LARGE, whatever the producer retries.
 */
export const KAFKA_DEFAULT_MAX_MESSAGE_BYTES = 1_048_588;

/** A record batch's header before its records (message format v2, from baseOffset to recordCount). */
export const RECORD_BATCH_OVERHEAD = 61;

/**
 * Room for a record's timestamp and offset deltas. Each is a varint the producer fills in at send
 * time (kafkajs: milliseconds since the batch's first record, and the index in the batch); five
 * bytes each covers deltas up to 2^34 ms and 2^34 records, so the sizes below never undercount.
 */
const DELTA_BYTES = 10;

/** Bytes of a zigzag varint, as Kafka writes record lengths. */
function varintBytes(value: number): number {
  let zigzag = value >= 0 ? value * 2 : -value * 2 - 1;
  let bytes = 1;
  while (zigzag >= 128) {
    zigzag = Math.floor(zigzag / 128);
    bytes++;
  }
  return bytes;
}

/** Bytes the headers of a record take in it. */
export function headerBytes(headers: Readonly<Record<string, string | Uint8Array>> = {}): number {
  let bytes = 0;
  let count = 0;
  for (const [name, value] of Object.entries(headers)) {
    const nameBytes = Buffer.byteLength(name);
    const valueBytes = typeof value === 'string' ? Buffer.byteLength(value) : value.length;
    bytes += varintBytes(nameBytes) + nameBytes + varintBytes(valueBytes) + valueBytes;
    count++;
  }
  return varintBytes(count) + bytes;
}

/**
 * Bytes one record takes in a record batch (message format v2: length, attributes, timestamp and
 * offset deltas, key, value, headers), counting the deltas at their largest. `keyBytes` -1 is a
 * null key; `headers` is the result of headerBytes.
 */
export function recordBytes(keyBytes: number, valueBytes: number, headers: number): number {
  const body = 1 + DELTA_BYTES + varintBytes(keyBytes) + Math.max(keyBytes, 0) + varintBytes(valueBytes) + valueBytes + headers;
  return varintBytes(body) + body;
}

/**
 * The size of a batch holding this record alone: what the broker compares with
 * `max.message.bytes`. A record over the limit can never be written, alone or with others.
 */
export function singleRecordBatchBytes(keyBytes: number, valueBytes: number, headers: number): number {
  return RECORD_BATCH_OVERHEAD + recordBytes(keyBytes, valueBytes, headers);
}

/**
 * Most bytes a record takes beyond its key, value and headers (length, attributes, deltas and
 * the key and value lengths, counted at their largest): with it, a cheap test on string lengths
 * tells most points fit without measuring their key in bytes.
 */
const RECORD_FRAMING_BYTES = 26;

/**
 * True when a record of a key of `keyChars` UTF-16 units (at most 3 bytes each), `valueBytes`
 * and `headers` certainly fits in a batch of `limit`; false means "measure it exactly".
 */
export function surelyFits(keyChars: number, valueBytes: number, headers: number, limit: number): boolean {
  return RECORD_BATCH_OVERHEAD + RECORD_FRAMING_BYTES + keyChars * 3 + valueBytes + headers <= limit;
}
