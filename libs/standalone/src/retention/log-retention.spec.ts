import { createLogger } from '@vigil/observability';
import { InMemoryLog } from '../tailing/in-memory-log.test';
import { LogRetention, retainedBelow, type SegmentSize } from './log-retention';

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

describe('retainedBelow', () => {
  // Four segments of 100 bytes: offsets 0-9, 10-19, 20-29 and the one being written from 30.
  const segments: SegmentSize[] = [0n, 10n, 20n, 30n].map((base) => ({ base, bytes: 100 }));

  it('keeps the oldest segment until the segments after it hold the bytes asked for', () => {
    expect(retainedBelow(segments, 30n, 0)).toBe(30n);
    expect(retainedBelow(segments, 30n, 200)).toBe(20n);
    expect(retainedBelow(segments, 30n, 201)).toBe(10n);
    expect(retainedBelow(segments, 30n, 300)).toBe(10n);
    expect(retainedBelow(segments, 30n, 301)).toBe(0n);
    expect(retainedBelow(segments, 30n, 10_000)).toBe(0n);
  });

  it('never passes the checkpoint, however little is to be kept', () => {
    expect(retainedBelow(segments, 15n, 100)).toBe(15n);
    expect(retainedBelow([{ base: 0n, bytes: 5 }], 3n, 1)).toBe(0n);
  });
});

describe('LogRetention keeping the newest bytes', () => {
  it('deletes only the processed segments the later ones outweigh', async () => {
    const truncations: bigint[] = [];
    const log = {
      segmentSizes: () => [0n, 10n, 20n, 30n].map((base) => ({ base, bytes: 100 })),
      truncateBefore: (offset: bigint) => {
        truncations.push(offset);
        return Promise.resolve(0);
      },
    };
    const retention = new LogRetention({ logs: [{ name: 'points', log, processedBelow: () => 30n, keepNewestBytes: 250 }], intervalMs: 3_600_000, logger });
    await retention.run();
    expect(truncations).toEqual([10n]);
  });

  it('refuses to keep bytes of a log that cannot tell its segment sizes, and deletes nothing', async () => {
    const points = await filled(10);
    const warnings: unknown[] = [];
    const watching = { ...logger, warn: (...args: unknown[]) => warnings.push(args) } as typeof logger;
    const retention = new LogRetention({ logs: [{ name: 'points', log: points, processedBelow: () => 6n, keepNewestBytes: 1 }], intervalMs: 3_600_000, logger: watching });
    await retention.run();
    expect(points.start()).toBe(0n);
    expect(warnings).toHaveLength(1);
  });
});
