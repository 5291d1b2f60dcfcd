import { createLogger } from '@vigil/observability';
import { InMemoryLog } from '../tailing/in-memory-log.test';
import { LogRetention } from './log-retention';

const logger = createLogger({ service: 'test', level: 'silent' });

async function filled(count: number): Promise<InMemoryLog> {
  const log = new InMemoryLog();
  await log.append(Array.from({ length: count }, (_, i) => ({ key: String(i), value: String(i), headers: {} })));
  return log;
}

describe('LogRetention', () => {
  it('deletes each log below its reader position, and nothing of a log whose reader has none yet', async () => {
    const points = await filled(10);
    const events = await filled(10);
    const retention = new LogRetention({
      logs: [
        { name: 'points', log: points, processedBelow: () => 6n },
        { name: 'events', log: events, processedBelow: () => undefined },
      ],
      intervalMs: 3_600_000,
      logger,
    });
    await retention.run();
    expect(points.start()).toBe(6n);
    expect(events.start()).toBe(0n);
  });

  it('keeps going with the other logs when one refuses, and runs once more at stop', async () => {
    const events = await filled(5);
    let position = 2n;
    const retention = new LogRetention({
      logs: [
        { name: 'points', log: { truncateBefore: () => Promise.reject(new Error('EIO')) }, processedBelow: () => 3n },
        { name: 'events', log: events, processedBelow: () => position },
      ],
      intervalMs: 3_600_000,
      logger,
    });
    retention.start();
    await retention.run();
    expect(events.start()).toBe(2n);
    position = 4n;
    await retention.stop();
    expect(events.start()).toBe(4n);
  });
});
