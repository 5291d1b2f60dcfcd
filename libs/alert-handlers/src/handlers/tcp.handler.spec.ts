import { type AddressInfo, type Server, type Socket, createServer } from 'node:net';
import { SEED_CRITICAL_JSON, seedCriticalEvent } from '../conformance/seed-events';
import type { HandlerConfig } from '../handler-config';
import { HandlerOptionError } from '../handler-options';
import { buildHandler } from '../handler-registry';
import { parseHostPort } from './tcp.handler';

const tcp = (address: string) => ({ kind: 'tcp', args: [address], options: [] });
const allowing = (...allow: string[]): HandlerConfig => ({ tcp: { allow } });

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
    const handler = buildHandler(tcp(address), allowing(address));
    expect(await handler.send(seedCriticalEvent(), { attempt: 1 })).toEqual({ status: 'delivered' });
    expect(await handler.send(seedCriticalEvent(), { attempt: 1 })).toEqual({ status: 'delivered' });
    await vi.waitFor(() => expect(received).toHaveLength(2));
    expect(received).toEqual([`${SEED_CRITICAL_JSON}\n\n`, `${SEED_CRITICAL_JSON}\n\n`]);
    expect(connections).toBe(2);
  });

  it('fails as retryable when nothing listens', async () => {
    const address = await listen(() => undefined);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const result = await buildHandler(tcp(address), allowing('127.0.0.1:*')).send(seedCriticalEvent(), { attempt: 1 });
    expect(result).toMatchObject({ status: 'failed', retryable: true, reason: expect.stringContaining('ECONNREFUSED') });
  });

  it('parses host:port, including bracketed IPv6', () => {
    expect(parseHostPort('example.org:9000')).toEqual({ host: 'example.org', port: 9000 });
    expect(parseHostPort('[::1]:80')).toEqual({ host: '::1', port: 80 });
    expect(() => parseHostPort('nohost')).toThrow(/host:port/);
    expect(() => parseHostPort('h:99999')).toThrow(/host:port/);
  });

  it('refuses every address without tcp.allow, saying what to add, and never connects', async () => {
    const address = await listen(() => undefined);
    expect(() => buildHandler(tcp(address), {})).toThrow(
      new HandlerOptionError(`.tcp('${address}') is not allowed: vigil connects only to addresses listed in the handler configuration; add "${address}" to tcp.allow`),
    );
    expect(connections).toBe(0);
  });

  it('allows listed addresses only: exact port or any port of a host, hosts without regard to case', () => {
    const config = allowing('logs.example.com:5140', 'Relay.Example.com:*', '[::1]:9000');
    for (const address of ['logs.example.com:5140', 'LOGS.example.com:5140', 'relay.example.com:1', 'relay.example.com:65535', '[::1]:9000']) {
      expect(() => buildHandler(tcp(address), config), address).not.toThrow();
    }
    for (const address of ['logs.example.com:5141', 'logs.example.com.evil.net:5140', '127.0.0.1:5140', '[::1]:9001', 'example.com:5140']) {
      expect(() => buildHandler(tcp(address), config), address).toThrow(HandlerOptionError);
    }
  });

  it('names an IPv6 address with brackets in its refusal', () => {
    expect(() => buildHandler(tcp('[::1]:80'), allowing('localhost:80'))).toThrow(/add "\[::1\]:80" to tcp\.allow/);
  });
});
