import { FifoQueue } from './fifo-queue';

describe('FifoQueue', () => {
  it('takes entries in the order they were pushed, across compactions', () => {
    const queue = new FifoQueue<number>();
    const taken: number[] = [];
    for (let i = 0; i < 5_000; i++) {
      queue.push(i);
      if (i % 3 === 0) taken.push(queue.take() ?? -1);
    }
    expect(queue.length).toBe(5_000 - taken.length);
    for (let entry = queue.take(); entry !== undefined; entry = queue.take()) taken.push(entry);
    expect(taken).toEqual(Array.from({ length: 5_000 }, (_, i) => i));
    expect(queue.length).toBe(0);
    expect(queue.take()).toBeUndefined();
  });
});
