import { Writable } from 'node:stream';
import { logLevel } from 'kafkajs';
import { createLogger } from '@vigil/observability';
import { pinoLogCreator } from './kafka-log.adapter';

function capture(level: string) {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger({ service: 'test', level, destination }) };
}

describe('pinoLogCreator', () => {
  it('writes kafkajs entries as pino lines with msg, component and the extra fields', () => {
    const { lines, logger } = capture('debug');
    const log = pinoLogCreator(logger)(logLevel.INFO);
    log({
      namespace: 'Consumer',
      level: logLevel.WARN,
      label: 'WARN',
      log: { message: 'Consumer has joined the group', timestamp: '2020-01-01T00:00:00Z', logger: 'kafkajs', groupId: 'g1' },
    });
    expect(lines).toEqual([
      expect.objectContaining({ level: 'warn', msg: 'Consumer has joined the group', component: 'Consumer', groupId: 'g1', lib: 'kafkajs' }),
    ]);
    expect(lines[0]).not.toHaveProperty('timestamp');
  });

  it('demotes per-response protocol errors, which kafkajs retries, to debug', () => {
    const { lines, logger } = capture('info');
    const log = pinoLogCreator(logger)(logLevel.INFO);
    log({
      namespace: 'Connection',
      level: logLevel.ERROR,
      label: 'ERROR',
      log: { message: 'Response Heartbeat(key: 12, version: 3)', timestamp: 't', logger: 'kafkajs' },
    });
    log({ namespace: 'Consumer', level: logLevel.ERROR, label: 'ERROR', log: { message: 'Crash', timestamp: 't', logger: 'kafkajs' } });
    expect(lines.map((line) => [line['level'], line['msg']])).toEqual([['error', 'Crash']]);
  });
});
