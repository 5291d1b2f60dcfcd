import { type AddressInfo, type Server, type Socket, createServer } from 'node:net';
import { SEED_CRITICAL_JSON, seedCriticalEvent } from '../conformance/seed-events';
import { buildHandler } from '../handler-registry';
import { parseHostPort } from './tcp.handler';

describe('tcp handler', () => {
  let server: Server;
  let received: string[];
  let connections: number;
  let open: Socket[];

  const listen = async (onSocket: (socket: Socket) => void): Promise<string> => {
    server = createServer((socket) => {
      connections++;
      open.push(socket);
      onSocket(socket);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `127.0.0.1:${(server.address() as AddressInfo).port}`;
  };

  beforeEach(() => {
    received = [];
    connections = 0;
    open = [];
  });
  afterEach(async () => {
    for (const socket of open) socket.destroy();
    await new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
  });

  it('sends the JSON and two newlines on a new connection per event', async () => {
    const address = await listen((socket) => {
      let text = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (text += chunk));
      socket.on('end', () => received.push(text));
    });
    const handler = buildHandler({ kind: 'tcp', args: [address], options: [] }, {});
    expect(await handler.send(seedCriticalEvent(), { attempt: 1 })).toEqual({ status: 'delivered' });
    expect(await handler.send(seedCriticalEvent(), { attempt: 1 })).toEqual({ status: 'delivered' });
    await vi.waitFor(() => expect(received).toHaveLength(2));
    expect(received).toEqual([`${SEED_CRITICAL_JSON}\n\n`, `${SEED_CRITICAL_JSON}\n\n`]);
    expect(connections).toBe(2);
  });

  it('fails as retryable when nothing listens', async () => {
    const address = await listen(() => undefined);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const result = await buildHandler({ kind: 'tcp', args: [address], options: [] }, {}).send(seedCriticalEvent(), { attempt: 1 });
    expect(result).toMatchObject({ status: 'failed', retryable: true, reason: expect.stringContaining('ECONNREFUSED') });
  });

  it('parses host:port, including bracketed IPv6', () => {
    expect(parseHostPort('example.org:9000')).toEqual({ host: 'example.org', port: 9000 });
    expect(parseHostPort('[::1]:80')).toEqual({ host: '::1', port: 80 });
    expect(() => parseHostPort('nohost')).toThrow(/host:port/);
    expect(() => parseHostPort('h:99999')).toThrow(/host:port/);
  });
});
