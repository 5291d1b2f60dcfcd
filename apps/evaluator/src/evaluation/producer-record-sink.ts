import type { OutgoingRecord, RecordSink } from '@vigil/evaluation';
import type { AckedProducer, OutgoingMessage } from '@vigil/kafka';

/** The evaluator's RecordSink: one acknowledged send per topic, all topics at once. */
export class ProducerRecordSink implements RecordSink {
  constructor(private readonly producer: AckedProducer) {}

  async send(records: readonly OutgoingRecord[]): Promise<void> {
    const byTopic = new Map<string, OutgoingMessage[]>();
    for (const record of records) {
      const messages = byTopic.get(record.topic);
      const message: OutgoingMessage = { key: record.key, value: record.value, headers: record.headers };
      if (messages) messages.push(message);
      else byTopic.set(record.topic, [message]);
    }
    await Promise.all([...byTopic].map(([topic, messages]) => this.producer.send(topic, messages)));
  }
}
