import { type AddressInfo, createServer } from 'node:net';
import { HANDLER_SPECS, type HandlerSpec } from '../handler-registry';
import { runServiceTest, SERVICE_TESTS, serviceTestList, serviceTestsOf } from './service-tests';

// Kapacitor has no service test for these: they write to a file, a socket or a program the script names.
const NO_SERVICE_TEST = ['log', 'tcp', 'exec'];

describe('service tests', () => {
  it('lists every declared handler that has a service test, in name order, with its defaults', () => {
    const declared = HANDLER_SPECS.filter((spec) => spec.serviceTest !== undefined).map((spec) => spec.serviceTest?.name);
    const listed = serviceTestList({}).map((test) => test.name);
    expect(listed).toEqual([...declared].sort());
    expect(listed).toEqual(['alerta', 'alertmanager', 'bigpanda', 'discord', 'httppost', 'kafka', 'mqtt', 'opsgenie', 'opsgenie2', 'pagerduty', 'pagerduty2', 'pushover', 'sensu', 'servicenow', 'slack', 'smtp', 'snmptrap', 'teams', 'telegram', 'victorops']);
    expect(serviceTestList({ sensu: { addr: '127.0.0.1:3030', handlers: ['ops'] } }).find((test) => test.name === 'sensu')?.options).toEqual({ source: 'Kapacitor', handlers: ['ops'], message: 'test sensu message', level: 'CRITICAL' });
  });

  it('gives every delivering handler a service test except the ones Kapacitor has none for', () => {
    const without = HANDLER_SPECS.filter((spec) => spec.build !== undefined && spec.serviceTest === undefined).map((spec) => spec.kind);
    expect(without).toEqual(NO_SERVICE_TEST);
  });

  it('lists a handler added with a service test without another list to edit', () => {
    const added: HandlerSpec = { kind: 'zz', summary: '', config: '', repeats: '', serviceTest: { name: 'aaa', defaults: () => ({}), instruction: () => ({ args: [], options: [] }) } };
    expect(serviceTestsOf([...HANDLER_SPECS, added]).map((test) => [test.name, test.kind])[0]).toEqual(['aaa', 'zz']);
  });

  it('sends a test check result through the sensu handler to a real socket', async () => {
    const received: string[] = [];
    const server = createServer((socket) => {
      let text = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => {
        text += chunk;
        if (!text.endsWith('\n')) return;
        received.push(text);
        socket.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const addr = `127.0.0.1:${(server.address() as AddressInfo).port}`;
      const spec = SERVICE_TESTS.find((test) => test.name === 'sensu');
      if (spec === undefined) throw new Error('no sensu service test');
      const result = await runServiceTest(spec, { level: 'WARNING', handlers: ['pager'] }, { sensu: { addr } }, 1_000_000_000n);
      expect(result).toEqual({ success: true, message: '' });
      expect(received).toHaveLength(1);
      expect(JSON.parse(received[0] ?? '')).toEqual({ handlers: ['pager'], name: 'sensu-service-test', output: 'test sensu message', source: 'Kapacitor', status: 1 });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('answers a test of an unconfigured handler with the reason, not a throw', async () => {
    const spec = SERVICE_TESTS.find((test) => test.name === 'kafka');
    if (spec === undefined) throw new Error('no kafka service test');
    const result = await runServiceTest(spec, null, { kafka: { clusters: { default: { brokers: ['127.0.0.1:9092'] } } } }, 0n);
    expect(result.success).toBe(false);
    expect(result.message).toContain('no Kafka producer');
  });
});
