import { deadLetterRecordOf, type DeadLetter, type DeadLetterSink } from '@vigil/delivery';
import type { AckedProducer } from '@vigil/kafka';

/**
 * Dead letters on the dead-letter topic (DEAD_LETTER_TOPIC), keyed by alert id like the alerts
 * topic. The producer acknowledges only once every in-sync replica has the record (acks=all), and
 * the scheduler marks the pair dead in the ledger only after that, so a letter is never lost.
 */
export class KafkaDeadLetterSink implements DeadLetterSink {
  constructor(
    private readonly producer: AckedProducer,
    private readonly topic: string,
  ) {}

  async write(letter: DeadLetter): Promise<void> {
    const record = deadLetterRecordOf(letter);
    await this.producer.send(this.topic, [{ key: record.key, value: record.value, headers: record.headers }]);
  }
}
