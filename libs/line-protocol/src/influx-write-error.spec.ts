import { influxWriteError } from './influx-write-error';
import { parseLines } from './parse-lines';

describe('influxWriteError', () => {
  it('is undefined when every line parsed', () => {
    expect(influxWriteError(parseLines('m v=1 1\n# note\n'))).toBeUndefined();
  });

  it('lists unparsable lines bare when nothing was written', () => {
    expect(influxWriteError(parseLines('cpu\ncpu v=\n'))).toBe(
      `unable to parse 'cpu': missing fields\nunable to parse 'cpu v=': missing field value for field key "v"`,
    );
  });

  it('wraps them in a partial write with dropped=0 when other points were written', () => {
    expect(influxWriteError(parseLines('m v=1 1\n  cpu\r\n'))).toBe(`partial write: unable to parse 'cpu': missing fields dropped=0`);
  });

  it('reports points refused by storage first, counting them', () => {
    const result = parseLines('cpu,time=a v=1 1\nm v=1 1\ncpu time=1 1\nbad\n');
    expect(influxWriteError(result)).toBe('partial write: invalid tag key: input tag "time" on measurement "cpu" is invalid dropped=2');
  });
});
