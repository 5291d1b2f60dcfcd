import { Writable } from 'node:stream';
import { createLogger } from './logger.factory';

function capture(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  const lines = () =>
    chunks
      .join('')
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { stream, lines };
}

describe('createLogger', () => {
  it('writes one JSON object per line with the fixed keys', () => {
    const out = capture();
    const logger = createLogger({ service: 'ingest', level: 'info', destination: out.stream });
    logger.info({ topic: 'vigil.points', partition: 3 }, 'partition assigned');
    const [line] = out.lines();
    expect(line).toMatchObject({ level: 'info', service: 'ingest', msg: 'partition assigned', topic: 'vigil.points', partition: 3 });
    expect(typeof line?.['time']).toBe('string');
    expect(Number.isNaN(Date.parse(String(line?.['time'])))).toBe(false);
  });

  it('drops lines below the configured level', () => {
    const out = capture();
    const logger = createLogger({ service: 'notifier', level: 'warn', destination: out.stream });
    logger.info('hidden');
    logger.warn('shown');
    expect(out.lines().map((line) => line['msg'])).toEqual(['shown']);
  });

  it('serialises errors under err with their message', () => {
    const out = capture();
    const logger = createLogger({ service: 'evaluator', level: 'info', destination: out.stream });
    logger.error({ err: new Error('broker down') }, 'connect failed');
    expect(out.lines()[0]?.['err']).toMatchObject({ message: 'broker down', type: 'Error' });
  });
});
