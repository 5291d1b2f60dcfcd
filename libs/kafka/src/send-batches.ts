import { headerBytes, KAFKA_DEFAULT_MAX_MESSAGE_BYTES, RECORD_BATCH_OVERHEAD, recordBytes } from '@vigil/topic-contract';
import type { OutgoingMessage } from './acked-producer';

/**
 * Most record bytes one producer `send` carries in all, whatever the partitions: a bound on the
 * produce request (the broker's `socket.request.max.bytes` is 100 MiB) and on what one
 * acknowledgement covers.
 */
export const MAX_SEND_BYTES = 8 * 1024 * 1024;

/**
 * Splits a request's records into consecutive sends, keeping their order. kafkajs puts all
 * records of one partition in a send into one record batch, and the broker refuses a batch above
 * the topic's `max.message.bytes` with MESSAGE_TOO_LARGE; so a send holds, for each partition,
 * records whose batch stays within `maxMessageBytes` (measured as the broker measures it), and at
 * most `maxSendBytes` in all. Records without an explicit partition are placed by kafkajs from
 * their key, so they all count against one batch. A usual request (every partition's share below
 * the limit) is one send. Every record must fit alone (the encoders refuse points that do not);
 * one that does not still goes alone, and the broker refuses it.
 */
export function sendBatches<R extends OutgoingMessage>(records: readonly R[], maxMessageBytes = KAFKA_DEFAULT_MAX_MESSAGE_BYTES, maxSendBytes = MAX_SEND_BYTES): R[][] {
  const sends: R[][] = [];
  let send: R[] = [];
  let sendBytes = 0;
  const batchBytes = new Map<number | undefined, number>();
  for (const record of records) {
    const size = recordBytes(record.key === null ? -1 : byteLength(record.key), byteLength(record.value), headerBytes(record.headers));
    const batch = batchBytes.get(record.partition) ?? RECORD_BATCH_OVERHEAD;
    if (send.length > 0 && (batch + size > maxMessageBytes || sendBytes + size > maxSendBytes)) {
      sends.push(send);
      send = [];
      sendBytes = 0;
      batchBytes.clear();
    }
    send.push(record);
    sendBytes += size;
    batchBytes.set(record.partition, (batchBytes.get(record.partition) ?? RECORD_BATCH_OVERHEAD) + size);
  }
  if (send.length > 0) sends.push(send);
  return sends;
}

function byteLength(value: string | Uint8Array): number {
  return typeof value === 'string' ? Buffer.byteLength(value) : value.length;
}
