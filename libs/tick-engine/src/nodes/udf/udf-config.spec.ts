import { parseUdfConfig } from './udf-config';

describe('parseUdfConfig', () => {
  it('reads processes and sockets, with Kapacitor\'s 10s timeout when none is given', () => {
    expect(
      parseUdfConfig(
        {
          functions: {
            movingAverage: { prog: '/usr/local/bin/moving_avg', args: ['-v'], env: { GOMAXPROCS: '1' }, timeout: '1m30s' },
            outliers: { socket: '/run/outliers.sock' },
          },
        },
        'udf.json',
      ),
    ).toEqual({
      movingAverage: { kind: 'process', prog: '/usr/local/bin/moving_avg', args: ['-v'], env: { GOMAXPROCS: '1' }, timeoutMs: 90_000 },
      outliers: { kind: 'socket', socket: '/run/outliers.sock', timeoutMs: 10_000 },
    });
    expect(parseUdfConfig({}, 'udf.json')).toEqual({});
  });

  it.each([
    [{ functions: { f: { prog: 'a', socket: '/s' } } }, 'udf.json: UDF f: both socket and process config provided'],
    [{ functions: { f: { args: [] } } }, 'udf.json: UDF f: must set either prog or socket'],
    [{ functions: { f: { prog: 'a', timeout: '1ms' } } }, 'udf.json: UDF f: timeout is too small: 1ms'],
    [{ functions: { f: { prog: 'a', timeout: 'ten' } } }, 'udf.json: UDF f: timeout "ten" is not a duration such as "10s"'],
    [{ functions: { f: { prog: 'a', args: [1] } } }, 'udf.json: UDF f: args must be a list of strings'],
    [{ functions: { f: { prog: 'a', user: 'root' } } }, 'udf.json: UDF f: unknown field user (fields: prog, args, env, timeout, socket)'],
    [{ functions: { 'moving-avg': { prog: 'a' } } }, 'udf.json: UDF "moving-avg": a function name must be a TICKscript identifier (letters, digits, _)'],
    [{ udf: {} }, 'udf.json: unknown field udf (the configuration has only "functions")'],
  ])('refuses %j', (config, message) => {
    expect(() => parseUdfConfig(config, 'udf.json')).toThrow(message);
  });
});
