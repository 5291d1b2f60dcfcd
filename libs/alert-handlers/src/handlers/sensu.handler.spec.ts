import type { HandlerInstruction } from '@vigil/core';
import { type AddressInfo, type Server, type Socket, createServer } from 'node:net';
import { seedCriticalEvent } from '../conformance/seed-events';
import { buildHandler } from '../handler-registry';

const sensu = (options: HandlerInstruction['options']): HandlerInstruction => ({ kind: 'sensu', args: [], options });

/** A Sensu 1.x client socket: reads one check result until the sender stops, then answers and closes. */
class FakeSensuSocket {
  readonly received: string[] = [];
  answer: string | 'hang' = 'ok';
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: Server) {}

  static async start(): Promise<FakeSensuSocket> {
    const server = createServer();
    const fake = new FakeSensuSocket(server);
    server.on('connection', (socket) => {
      fake.sockets.add(socket);
      let text = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => {
        text += chunk;
        // The check result is one JSON line; answer once it is whole.
        if (!text.endsWith('\n')) return;
        fake.received.push(text);
        if (fake.answer !== 'hang') socket.end(fake.answer);
      });
      socket.on('close', () => fake.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get addr(): string {
    return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('sensu handler', () => {
  let socket: FakeSensuSocket;
  beforeEach(async () => {
    socket = await FakeSensuSocket.start();
  });
  afterEach(async () => {
    await socket.close();
  });

  it("writes Kapacitor's check result (keys sorted, metadata that replaces no key, newline) and takes the answer ok", async () => {
    const handler = buildHandler(
      sensu([
        { name: 'source', args: ['{{ index .Tags "nome_recurso" }}'] },
        { name: 'handlers', args: ['pager', 'mail'] },
        { name: 'metadata', args: ['team', 'ops'] },
        { name: 'metadata', args: ['status', 'ignored'] },
      ]),
      { sensu: { addr: socket.addr } },
    );
    expect(await handler.send(seedCriticalEvent(), { attempt: 1 })).toEqual({ status: 'delivered' });
    expect(socket.received).toEqual(['{"handlers":["pager","mail"],"name":"status_provedor_p1pa","output":"status_provedor_p1pa is CRITICAL","source":"p1","status":2,"team":"ops"}\n']);
  });

  it('falls back to the configured source and handlers, and writes null without handlers', async () => {
    await buildHandler(sensu([]), { sensu: { addr: socket.addr, source: 'vigil', handlers: ['default'] } }).send(seedCriticalEvent({ level: 'WARNING' }), { attempt: 1 });
    await buildHandler(sensu([]), { sensu: { addr: socket.addr } }).send(seedCriticalEvent({ level: 'INFO' }), { attempt: 1 });
    expect(socket.received).toEqual([
      '{"handlers":["default"],"name":"status_provedor_p1pa","output":"status_provedor_p1pa is CRITICAL","source":"vigil","status":1}\n',
      '{"handlers":null,"name":"status_provedor_p1pa","output":"status_provedor_p1pa is CRITICAL","source":"Kapacitor","status":0}\n',
    ]);
  });

  it('fails without retry on another answer or an invalid name, and retries when refused or silent', async () => {
    socket.answer = 'invalid check result';
    const handler = buildHandler(sensu([]), { sensu: { addr: socket.addr }, timeoutMs: 100 });
    expect(await handler.send(seedCriticalEvent(), { attempt: 1 })).toEqual({ status: 'failed', retryable: false, reason: 'sensu socket error: invalid check result' });
    expect(await handler.send(seedCriticalEvent({ id: 'cpu:host=a' }), { attempt: 1 })).toMatchObject({ status: 'failed', retryable: false });
    socket.answer = 'hang';
    expect(await handler.send(seedCriticalEvent(), { attempt: 1 })).toEqual({ status: 'failed', retryable: true, reason: 'sensu client socket unreachable: timeout' });
    const addr = socket.addr;
    await socket.close();
    const refused = await buildHandler(sensu([]), { sensu: { addr } }).send(seedCriticalEvent(), { attempt: 1 });
    expect(refused).toMatchObject({ status: 'failed', retryable: true });
    socket = await FakeSensuSocket.start();
  });

  it('asks for the address, and refuses a source that does not parse', () => {
    expect(() => buildHandler(sensu([]), {})).toThrow(/sensu\.addr/);
    expect(() => buildHandler(sensu([{ name: 'source', args: ['{{ .ID '] }]), { sensu: { addr: socket.addr } })).toThrow(/source\(\) does not parse/);
  });
});
