import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { createLogger } from './logger.factory';
import { routeProcessWarnings } from './process-warnings';

describe('routeProcessWarnings', () => {
  it('replaces the default printer with JSON log lines, demoting kafkajs timer warnings', () => {
    const lines: Record<string, unknown>[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
        done();
      },
    });
    const logger = createLogger({ service: 'test', level: 'info', destination });
    const fakeProcess = new EventEmitter();
    const defaultPrinter = vi.fn();
    fakeProcess.on('warning', defaultPrinter);

    routeProcessWarnings(logger, fakeProcess as unknown as NodeJS.Process);
    const deprecation = Object.assign(new Error('Buffer() is deprecated'), { name: 'DeprecationWarning' });
    const negative = Object.assign(new Error('-1 is a negative number'), { name: 'TimeoutNegativeWarning' });
    fakeProcess.emit('warning', deprecation);
    fakeProcess.emit('warning', negative);

    expect(defaultPrinter).not.toHaveBeenCalled();
    expect(lines.map((line) => [line['level'], line['msg']])).toEqual([['warn', 'node warning: DeprecationWarning']]);
  });
});
