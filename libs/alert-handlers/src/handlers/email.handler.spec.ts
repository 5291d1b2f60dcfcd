import { type Server, type Socket, createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { HandlerInstruction } from '@vigil/core';
import { FakeSmtpServer, parseMail, refusedSmtpPort } from '../conformance/fake-smtp-server';
import { seedCriticalEvent } from '../conformance/seed-events';
import type { DeliveryResult, SendContext } from '../handler';
import type { EmailConfig } from '../handler-config';
import { buildHandler } from '../handler-registry';

const USERNAME = 'kapacitor';
const PASSWORD = 'smtp-pass-9f2c-secret';
const DETAILS = '<h1>status_provedor_p1pa</h1><p>latência 251 &amp; "sucesso" 0</p>';

const email = (args: string[] = [], to?: string[]): HandlerInstruction => ({ kind: 'email', args, options: to ? [{ name: 'to', args: to }] : [] });
const smtp = (port: number, overrides: Partial<EmailConfig> = {}): EmailConfig => ({ host: '127.0.0.1', port, username: USERNAME, password: PASSWORD, from: 'vigil@example.com', ...overrides });

describe('email handler', () => {
  let server: FakeSmtpServer;
  let lines: string[];
  const context = (): SendContext => ({ attempt: 1, log: (line) => lines.push(JSON.stringify(line)) });
  const event = seedCriticalEvent({ details: DETAILS });

  const expectNoSecret = (result: DeliveryResult): void => {
    for (const text of [result.status === 'failed' ? result.reason : '', ...lines]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(Buffer.from(PASSWORD).toString('base64'));
    }
  };

  beforeEach(async () => {
    server = await FakeSmtpServer.start({ username: USERNAME, password: PASSWORD });
    lines = [];
  });
  afterEach(async () => {
    await server.close();
  });

  it('sends the message as subject and the details as HTML body, from the configured sender to the script recipients', async () => {
    const handler = buildHandler(email(['oncall@example.com'], ['ops@example.com']), { email: smtp(server.port, { to: ['unused@example.com'] }) });
    const result = await handler.send(event, context());
    expect(result).toEqual({ status: 'delivered' });
    expect(server.mails).toHaveLength(1);
    const mail = server.mails[0];
    expect(mail?.from).toBe('vigil@example.com');
    expect(mail?.to).toEqual(['oncall@example.com', 'ops@example.com']);
    expect(mail?.user).toBe(USERNAME);
    const { headers, body } = parseMail(mail?.raw ?? '');
    expect(headers['from']).toBe('vigil@example.com');
    expect(headers['to']).toBe('oncall@example.com, ops@example.com');
    expect(headers['subject']).toBe('status_provedor_p1pa is CRITICAL');
    expect(headers['content-type']).toBe('text/html; charset=utf-8');
    expect(body).toBe(DETAILS);
  });

  it('falls back to the configured recipients when the script names none', async () => {
    await buildHandler(email(), { email: smtp(server.port, { to: ['a@example.com', 'b@example.com'] }) }).send(event, context());
    expect(server.mails.map((m) => m.to)).toEqual([['a@example.com', 'b@example.com']]);
  });

  it('refuses to build without recipients, SMTP host or sender, naming the setting', () => {
    expect(() => buildHandler(email(), { email: smtp(25) })).toThrow(/email\.to/);
    expect(() => buildHandler(email(['a@example.com']), {})).toThrow(/email\.host/);
    expect(() => buildHandler(email(['a@example.com']), { email: smtp(25, { from: '' }) })).toThrow(/email\.from/);
    expect(() => buildHandler({ kind: 'email', args: [], options: [{ name: 'subject', args: ['x'] }] }, { email: smtp(25) })).toThrow(/no property \.subject\(\)/);
  });

  it('fails without retry when the server refuses the recipient permanently (5xx)', async () => {
    server.answer = { code: 550, text: 'mailbox unavailable' };
    const result = await buildHandler(email(['nobody@example.com']), { email: smtp(server.port) }).send(event, context());
    expect(result).toMatchObject({ status: 'failed', retryable: false });
    expect(result.status === 'failed' && result.reason).toContain('550');
    expect(server.mails).toHaveLength(0);
    expectNoSecret(result);
  });

  it('fails as retryable when the server refuses the recipient for now (4xx)', async () => {
    server.answer = { code: 451, text: 'greylisted, try again later' };
    const result = await buildHandler(email(['oncall@example.com']), { email: smtp(server.port) }).send(event, context());
    expect(result).toMatchObject({ status: 'failed', retryable: true });
    expect(result.status === 'failed' && result.reason).toContain('451');
    expectNoSecret(result);
  });

  it('fails without retry when authentication is refused, and never names the password', async () => {
    const wrong = `${PASSWORD}-but-wrong`;
    const result = await buildHandler(email(['oncall@example.com']), { email: smtp(server.port, { password: wrong }) }).send(event, context());
    expect(result).toMatchObject({ status: 'failed', retryable: false });
    expect(result.status === 'failed' && result.reason).toContain('535');
    expect(result.status === 'failed' && result.reason).not.toContain(wrong);
    expectNoSecret(result);
  });

  it('fails as retryable when the connection is refused', async () => {
    const result = await buildHandler(email(['oncall@example.com']), { email: smtp(await refusedSmtpPort()) }).send(event, context());
    expect(result).toMatchObject({ status: 'failed', retryable: true });
    expect(result.status === 'failed' && result.reason).toContain('ECONNREFUSED');
    expect(result.status === 'failed' && result.reason).not.toContain('127.0.0.1');
    expectNoSecret(result);
  });

  describe('against a server that never greets', () => {
    let silent: Server;
    const sockets: Socket[] = [];
    beforeEach(async () => {
      silent = createServer((socket) => sockets.push(socket));
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    });
    afterEach(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    });

    it('fails as retryable on timeout', async () => {
      const { port } = silent.address() as AddressInfo;
      const result = await buildHandler(email(['oncall@example.com']), { timeoutMs: 100, email: smtp(port) }).send(event, context());
      expect(result).toMatchObject({ status: 'failed', retryable: true });
      expect(result.status === 'failed' && result.reason).toContain('timeout');
      expectNoSecret(result);
    });

    it('fails as retryable when the attempt is cancelled', async () => {
      const { port } = silent.address() as AddressInfo;
      const controller = new AbortController();
      const sending = buildHandler(email(['oncall@example.com']), { email: smtp(port) }).send(event, { ...context(), signal: controller.signal });
      controller.abort();
      expect(await sending).toMatchObject({ status: 'failed', retryable: true, reason: expect.stringContaining('cancelled') });
    });
  });
});
