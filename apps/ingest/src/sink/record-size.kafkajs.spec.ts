import { createRequire } from 'node:module';
import { headerBytes, singleRecordBatchBytes } from '@vigil/topic-contract';

/**
 * kafkajs' own record batch encoder (message format v2, what the producer sends), loaded from its
 * sources: the measure ingest refuses points by must never undercount what the broker compares
 * with max.message.bytes, and overcounts only by the room left for the timestamp and offset
 * deltas (8 bytes beyond the one byte each takes in a batch of one record, and one more where
 * that room makes the record's length varint a byte longer).
 */
const load = createRequire(__filename);
const { RecordBatch } = load('kafkajs/src/protocol/recordBatch/v0') as {
  RecordBatch: (batch: { records: unknown[] }) => Promise<{ buffer: Buffer }>;
};
const Record = load('kafkajs/src/protocol/recordBatch/record/v0') as (record: { key: Buffer | null; value: Buffer; headers: Record<string, string> }) => unknown;

describe('singleRecordBatchBytes against kafkajs\' encoder', () => {
  const headers = { 'vigil-db': 'telegraf', 'vigil-rp': 'autogen', 'vigil-precision': 'n' };
  it.each([0, 1, 63, 64, 127, 128, 8_191, 8_192, 16_383, 16_384, 1_048_000, 2_097_152])('a value of %i bytes', async (size) => {
    for (const key of ['host=a', 'é'.repeat(70), null]) {
      const keyBuffer = key === null ? null : Buffer.from(key);
      const value = Buffer.alloc(size, 120);
      const encoded = await RecordBatch({ records: [Record({ key: keyBuffer, value, headers })] });
      const computed = singleRecordBatchBytes(keyBuffer === null ? -1 : keyBuffer.length, size, headerBytes(headers));
      expect(computed - encoded.buffer.length).toBeGreaterThanOrEqual(0);
      expect(computed - encoded.buffer.length).toBeLessThanOrEqual(9);
    }
  });
});
