import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeRequest, decodeResponse, encodeRequest, encodeResponse, FrameSplitter } from './udf-codec';
import { UdfAgentConnection, type AgentListener } from './udf-agent-connection';
import { loadUdfInfo } from './udf-info';
import type { AgentPoint, AgentResponse } from './udf-messages';
import { testAgentConfig } from './test-agent.fixture';

const POINT: AgentPoint = {
  time: '1700000000000000001',
  name: 'cpu',
  database: 'telegraf',
  retentionPolicy: 'autogen',
  group: 'host=a',
  dimensions: ['host'],
  tags: { host: 'a' },
  fieldsDouble: { value: 2.5 },
  fieldsInt: { n: '-9007199254740993' },
  fieldsString: {},
  fieldsBool: { ok: true },
  byName: false,
};

function recorder(): AgentListener & { data: ReturnType<typeof vi.fn>; failures: string[]; received: AgentResponse[] } {
  const received: AgentResponse[] = [];
  const failures: string[] = [];
  return { received, failures, data: vi.fn((response: AgentResponse) => received.push(response)), failed: (reason) => failures.push(reason), stderr: () => undefined };
}

describe('the UDF codec', () => {
  it('round-trips a point request with int64 values beyond 2^53 exactly', () => {
    const frame = encodeRequest({ kind: 'point', point: POINT });
    const [body, ...rest] = new FrameSplitter().push(frame);
    expect(rest).toEqual([]);
    expect(decodeRequest(body as Uint8Array)).toEqual({ kind: 'point', point: POINT });
  });

  it('cuts frames split across chunks and joined in one chunk', () => {
    const a = encodeResponse({ kind: 'keepalive', time: '5' });
    const b = encodeResponse({ kind: 'error', error: 'bad field' });
    const c = encodeResponse({ kind: 'snapshot', snapshot: new Uint8Array([1, 2, 3]) });
    const stream = Buffer.concat([a, b, c]);
    const splitter = new FrameSplitter();
    const bodies = [...splitter.push(stream.subarray(0, 1)), ...splitter.push(stream.subarray(1, a.length + 2)), ...splitter.push(stream.subarray(a.length + 2))];
    expect(bodies.map((body) => decodeResponse(body))).toEqual([
      { kind: 'keepalive', time: '5' },
      { kind: 'error', error: 'bad field' },
      { kind: 'snapshot', snapshot: new Uint8Array([1, 2, 3]) },
    ]);
    expect(splitter.buffered).toBe(0);
  });

  it('round-trips init options of every value type', () => {
    const options = [
      { name: 'field', values: [{ type: 'STRING' as const, stringValue: 'usage' }] },
      { name: 'size', values: [{ type: 'INT' as const, intValue: '10' }] },
      { name: 'k', values: [{ type: 'DOUBLE' as const, doubleValue: 1.5 }, { type: 'BOOL' as const, boolValue: true }, { type: 'DURATION' as const, durationValue: '60000000000' }] },
    ];
    const [body] = new FrameSplitter().push(encodeRequest({ kind: 'init', options, taskID: 't', nodeID: 'n' }));
    expect(decodeRequest(body as Uint8Array)).toEqual({ kind: 'init', options, taskID: 't', nodeID: 'n' });
  });

  it('refuses a frame longer than it accepts', () => {
    expect(() => new FrameSplitter().push(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f]))).toThrow(/longer than/);
  });
});

describe('a connection to vigil\'s test agent', () => {
  it('learns Info: edges and option types', async () => {
    const info = await loadUdfInfo('sum', testAgentConfig());
    expect(info).toEqual({
      wants: 'STREAM',
      provides: 'STREAM',
      options: { field: { valueTypes: ['STRING'] }, as: { valueTypes: ['STRING'] }, scale: { valueTypes: ['DOUBLE'] }, failAbove: { valueTypes: ['DOUBLE'] } },
    });
  });

  it('initialises, answers points in order, snapshots and restores into a new process', async () => {
    const listener = recorder();
    const first = UdfAgentConnection.open('sum', testAgentConfig(), listener);
    const init = await first.ask({ kind: 'init', options: [{ name: 'scale', values: [{ type: 'DOUBLE', doubleValue: 2 }] }], taskID: 't', nodeID: 'sum1' });
    expect(init.init).toEqual({ success: true, error: '' });
    for (const value of [1, 2, 3]) first.send({ kind: 'point', point: { ...POINT, fieldsDouble: { value } } });
    const snapshot = await first.ask({ kind: 'snapshot' });
    await first.close();
    expect(listener.received.map((r) => (r.kind === 'point' ? r.point.fieldsDouble['sum'] : r.kind))).toEqual([2, 6, 12]);

    const second = UdfAgentConnection.open('sum', testAgentConfig(), listener);
    await second.ask({ kind: 'init', options: [], taskID: 't', nodeID: 'sum1' });
    expect((await second.ask({ kind: 'restore', snapshot: snapshot.snapshot })).restore.success).toBe(true);
    second.send({ kind: 'point', point: { ...POINT, fieldsDouble: { value: 4 } } });
    await second.drain();
    await second.close();
    expect(listener.received.map((r) => (r.kind === 'point' ? r.point.fieldsDouble['sum'] : r.kind))).toEqual([2, 6, 12, 16]);
    expect(listener.failures).toEqual([]);
  });

  it('reports the agent\'s error text as its failure and stops the agent', async () => {
    const listener = recorder();
    const connection = UdfAgentConnection.open('sum', testAgentConfig(), listener);
    await connection.ask({ kind: 'init', options: [{ name: 'failAbove', values: [{ type: 'DOUBLE', doubleValue: 10 }] }], taskID: 't', nodeID: 'n' });
    connection.send({ kind: 'point', point: { ...POINT, fieldsDouble: { value: 11 } } });
    await expect(connection.drain()).rejects.toThrow('value 11 is above 10');
    expect(listener.failures).toEqual(['value 11 is above 10']);
    await connection.close();
  });

  it('kills an agent that stops answering keepalives and says so', async () => {
    const listener = recorder();
    const connection = UdfAgentConnection.open('sum', testAgentConfig('stream', 1500), listener);
    await connection.ask({ kind: 'init', options: [], taskID: 't', nodeID: 'n' });
    connection.send({ kind: 'point', point: { ...POINT, fieldsDouble: { value: -1 } } });
    await expect(connection.drain()).rejects.toThrow(/^keepalive timed out, last keepalive received was: /);
    expect(listener.failures).toHaveLength(1);
    await connection.close();
  });

  it('talks to an agent listening on a unix socket, one connection per node', async () => {
    // Each connection is served by a process of the test agent, its stdio piped to the socket.
    const agent = testAgentConfig();
    const server = createServer((socket) => {
      const child = spawn(agent.prog, [...agent.args], { stdio: ['pipe', 'pipe', 'ignore'] });
      socket.pipe(child.stdin);
      child.stdout.pipe(socket);
      socket.on('close', () => child.kill());
    });
    const path = join(mkdtempSync(join(tmpdir(), 'vigil-udf-socket-')), 'agent.sock');
    await new Promise<void>((resolve) => server.listen(path, resolve));
    try {
      const config = { kind: 'socket' as const, socket: path, timeoutMs: 10_000 };
      expect((await loadUdfInfo('sum', config)).wants).toBe('STREAM');
      const listener = recorder();
      const connection = UdfAgentConnection.open('sum', config, listener);
      await connection.ask({ kind: 'init', options: [], taskID: 't', nodeID: 'n' });
      connection.send({ kind: 'point', point: { ...POINT, fieldsDouble: { value: 5 } } });
      await connection.drain();
      await connection.close();
      expect(listener.received.map((r) => (r.kind === 'point' ? r.point.fieldsDouble['sum'] : r.kind))).toEqual([5]);
      expect(listener.failures).toEqual([]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('gives the process the function\'s env and PATH, HOME, LANG, LC_ALL, TZ, TMPDIR of vigil\'s, not the rest (which may hold secrets)', async () => {
    const lines: string[] = [];
    process.env['VIGIL_TEST_SECRET'] = 'hunter2';
    try {
      const connection = UdfAgentConnection.open('sum', { ...testAgentConfig(), env: { AGENT_SETTING: 'on' } }, { data: () => undefined, failed: () => undefined, stderr: (line) => lines.push(line) });
      await connection.ask({ kind: 'info' });
      await connection.close();
    } finally {
      delete process.env['VIGIL_TEST_SECRET'];
    }
    expect(lines).toEqual(['test agent started; VIGIL_TEST_SECRET=unset AGENT_SETTING=on']);
  });

  it('says why a program cannot be started', async () => {
    await expect(loadUdfInfo('missing', { kind: 'process', prog: '/nonexistent/agent', args: [], env: {}, timeoutMs: 1000 })).rejects.toThrow('UDF missing: cannot start /nonexistent/agent: spawn /nonexistent/agent ENOENT');
  });
});
