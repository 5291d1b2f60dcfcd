import type { OutgoingMessage } from '@vigil/kafka';

/**
 * Most record bytes one producer `send` carries. kafkajs puts all records of one partition in a
 * send into one record batch, and the broker refuses a batch above the topic's
 * `max.message.bytes` (1 MiB by default) with MESSAGE_TOO_LARGE; bounding the whole send bounds
 * every partition's batch, with room for keys, headers and batch overhead.
 */
export const MAX_SEND_BYTES = 768 * 1024;

/**
 * Splits a request's records into consecutive sends of at most `maxBytes` of keys and values
 * each, keeping their order; a record larger than that goes alone. Sent one after another, the
 * sends keep every partition's order.
 */
export function sendBatches(records: readonly OutgoingMessage[], maxBytes = MAX_SEND_BYTES): OutgoingMessage[][] {
  const batches: OutgoingMessage[][] = [];
  let batch: OutgoingMessage[] = [];
  let bytes = 0;
  for (const record of records) {
    const size = byteLength(record.value) + (record.key === null ? 0 : byteLength(record.key));
    if (batch.length > 0 && bytes + size > maxBytes) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(record);
    bytes += size;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

function byteLength(value: string | Buffer): number {
  return typeof value === 'string' ? Buffer.byteLength(value) : value.length;
}
