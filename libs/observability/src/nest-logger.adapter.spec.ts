import { Writable } from 'node:stream';
import pino from 'pino';
import { PinoNestLogger } from './nest-logger.adapter';

function capture(level: string): { adapter: PinoNestLogger; lines: () => Array<Record<string, unknown>> } {
  let text = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  const adapter = new PinoNestLogger(pino({ level }, sink));
  return { adapter, lines: () => text.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('PinoNestLogger', () => {
  it("sends Nest's start narration (modules, controllers, routes) to debug, so info shows none of it", () => {
    const { adapter, lines } = capture('info');
    adapter.log('Starting Nest application...', 'NestFactory');
    adapter.log('IngestHttpModule dependencies initialized', 'InstanceLoader');
    adapter.log('ProbesController {/}:', 'RoutesResolver');
    adapter.log('Mapped {/health/live, GET} route', 'RouterExplorer');
    adapter.log('Nest application successfully started', 'NestApplication');
    expect(lines()).toEqual([]);
  });

  it('keeps those lines, with their context, at debug', () => {
    const { adapter, lines } = capture('debug');
    adapter.log('Mapped {/ping, GET} route', 'RouterExplorer');
    expect(lines()).toMatchObject([{ level: 20, context: 'RouterExplorer', msg: 'Mapped {/ping, GET} route' }]);
  });

  it('keeps info for other contexts, and the level of warnings and errors from any context', () => {
    const { adapter, lines } = capture('info');
    adapter.log('consumer joined', 'PartitionOwners');
    adapter.warn('deprecated option', 'NestApplication');
    adapter.error('boom', 'stack trace', 'RouterExplorer');
    expect(lines()).toMatchObject([
      { level: 30, context: 'PartitionOwners', msg: 'consumer joined' },
      { level: 40, context: 'NestApplication', msg: 'deprecated option' },
      { level: 50, context: 'RouterExplorer', msg: 'boom', stack: 'stack trace' },
    ]);
  });
});
