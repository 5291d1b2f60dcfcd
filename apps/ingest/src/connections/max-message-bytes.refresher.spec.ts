import { KAFKA_DEFAULT_MAX_MESSAGE_BYTES } from '@vigil/ingest-http';
import { createLogger } from '@vigil/observability';
import { MaxMessageBytesRefresher } from './max-message-bytes.refresher';

const logger = createLogger({ service: 'test', level: 'silent' });

describe('MaxMessageBytesRefresher', () => {
  it('adopts what the brokers report at once, and keeps the last value when they fail', async () => {
    const answers: (number | Error | undefined)[] = [65_536, 131_072, new Error('denied'), undefined, 2_000];
    const refresher = new MaxMessageBytesRefresher({
      topic: 't',
      intervalMs: 60_000,
      logger,
      fetch: async () => {
        const answer = answers.shift();
        if (answer instanceof Error) throw answer;
        return answer;
      },
    });
    const seen: number[] = [refresher.maxMessageBytes];
    await refresher.start();
    seen.push(refresher.maxMessageBytes);
    for (let i = 0; i < 4; i++) {
      await refresher.refresh();
      seen.push(refresher.maxMessageBytes);
    }
    refresher.stop();
    expect(seen).toEqual([KAFKA_DEFAULT_MAX_MESSAGE_BYTES, 65_536, 131_072, 131_072, 131_072, 2_000]);
  });

  it('starts from Kafka\'s default when the first read fails', async () => {
    const refresher = new MaxMessageBytesRefresher({ topic: 't', intervalMs: 60_000, logger, fetch: () => Promise.reject(new Error('no rights')) });
    await refresher.start();
    refresher.stop();
    expect(refresher.maxMessageBytes).toBe(1_048_588);
  });
});
