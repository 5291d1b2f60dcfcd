import { createLogger } from '@vigil/observability';
import { PartitionCountRefresher } from './partition-count.refresher';

/** A refresher whose broker answers come from `answers`, in turn (an Error is thrown). */
function refresherWith(answers: Array<number | Error>): { refresher: PartitionCountRefresher; lines: Array<{ level: number; msg: string }> } {
  const lines: Array<{ level: number; msg: string }> = [];
  const logger = createLogger({ service: 'test', level: 'info' });
  vi.spyOn(logger, 'info').mockImplementation(((_obj: object, msg: string) => void lines.push({ level: 30, msg })) as typeof logger.info);
  vi.spyOn(logger, 'warn').mockImplementation(((_obj: object, msg: string) => void lines.push({ level: 40, msg })) as typeof logger.warn);
  const refresher = new PartitionCountRefresher({
    topic: 'points',
    initial: 2,
    intervalMs: 60_000,
    logger,
    fetchCount: async () => {
      const answer = answers.shift();
      if (answer === undefined || answer instanceof Error) throw answer ?? new Error('no answer');
      return answer;
    },
  });
  return { refresher, lines };
}

describe('PartitionCountRefresher', () => {
  it('adopts a changed count once the next refresh confirms it, logging one line per change', async () => {
    const { refresher, lines } = refresherWith([2, 6, 6, 6, 4, 5, 5]);
    const counts: number[] = [refresher.partitions];
    for (let i = 0; i < 7; i++) {
      await refresher.refresh();
      counts.push(refresher.partitions);
    }
    // 6 is seen twice before it counts; 4 comes once only (then 5), so it is never adopted.
    expect(counts).toEqual([2, 2, 2, 6, 6, 6, 6, 5]);
    expect(lines.map((line) => line.msg)).toEqual([
      'points topic partition count changed; keys are placed by the new count',
      'points topic partition count changed; keys are placed by the new count',
    ]);
  });

  it('keeps the last count when the brokers fail or know no partitions, warning once until an answer comes', async () => {
    const { refresher, lines } = refresherWith([new Error('broker down'), 0, new Error('again'), 3, 3, new Error('down again')]);
    for (let i = 0; i < 3; i++) await refresher.refresh();
    expect(refresher.partitions).toBe(2);
    expect(lines).toEqual([{ level: 40, msg: 'partition count refresh failed; keeping the last count' }]);
    for (let i = 0; i < 3; i++) await refresher.refresh();
    expect(refresher.partitions).toBe(3);
    expect(lines.map((line) => line.level)).toEqual([40, 30, 40]);
  });
});
