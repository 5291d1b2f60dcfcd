import type { AlertEvent } from '@vigil/core';
import { parseLine } from '@vigil/line-protocol';
import { createTask } from '@vigil/tick-engine';
import { compileTickScript } from '@vigil/tick-lang';
import { SERIES_PARTITION_KEYS } from '@vigil/topic-contract';
import { alertHandlerCalls, httpPostNodeCalls } from './alert-handler-calls';
import { defineTasks, TaskLoadError } from './task-definition';

const SCRIPT = `dbrp "telegraf"."autogen"
stream
  |from().measurement('cpu')
  |alert()
    .crit(lambda: "usage" > 90)
    .post('https://hooks.example.com/a').header('X-Team', 'ops').timeout(5s)
    .stateChangesOnly()
    .exec('/usr/bin/touch', '/tmp/pwned')
    .tcp('relay:9000')
    .alerta().timeout(1h)
    .post().endpoint('broker')
`;

describe('alertHandlerCalls', () => {
  it('lists every handler of every alert node with its options and position, as events carry them', () => {
    const calls = alertHandlerCalls(compileTickScript(SCRIPT).pipeline);
    expect(calls.map((c) => [c.node, `${c.pos.line}:${c.pos.column}`, c.instruction])).toEqual([
      ['alert2', '6:6', { kind: 'post', args: ['https://hooks.example.com/a'], options: [{ name: 'header', args: ['X-Team', 'ops'] }, { name: 'timeout', args: [5_000_000_000] }] }],
      ['alert2', '8:6', { kind: 'exec', args: ['/usr/bin/touch', '/tmp/pwned'], options: [] }],
      ['alert2', '9:6', { kind: 'tcp', args: ['relay:9000'], options: [] }],
      ['alert2', '10:6', { kind: 'alerta', args: [], options: [{ name: 'timeout', args: [3_600_000_000_000] }] }],
      ['alert2', '11:6', { kind: 'post', args: [], options: [{ name: 'endpoint', args: ['broker'] }] }],
    ]);
  });

  it('agrees with the handler lists the engine puts into events', () => {
    const { pipeline } = compileTickScript(SCRIPT);
    const events: AlertEvent[] = [];
    const task = createTask(pipeline, { taskName: 'cpu', now: () => 0n, emitEvent: (event) => events.push(event), emitPoint: () => undefined, log: () => undefined, publish: () => undefined });
    const point = parseLine('cpu usage=95 1000', 1, { database: 'telegraf', retentionPolicy: 'autogen' });
    if (point === undefined || point instanceof Error) throw new Error('bad test point');
    task.write(point);
    expect(events).toHaveLength(1);
    expect(alertHandlerCalls(pipeline).map((c) => c.instruction)).toEqual(events[0]?.handlers);
  });
});

describe('defineTasks with a handler guard', () => {
  const refuseExec = (instruction: { kind: string }): void => {
    if (instruction.kind === 'exec') throw new Error('exec is not allowed here');
  };

  it('refuses a task whose handler the guard refuses, naming line, column and node', () => {
    let error: unknown;
    try {
      defineTasks([{ name: 'rce', script: SCRIPT }], SERIES_PARTITION_KEYS, refuseExec);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TaskLoadError);
    expect((error as Error).message).toBe('task rce: 8:6: alert2: exec is not allowed here');
    expect((error as TaskLoadError).cause).toMatchObject({ line: 8, column: 6, message: 'alert2: exec is not allowed here' });
  });

  it('defines the task when the guard lets every handler through, and checks nothing without a guard', () => {
    expect(defineTasks([{ name: 'ok', script: SCRIPT }], SERIES_PARTITION_KEYS, () => undefined).map((t) => t.name)).toEqual(['ok']);
    expect(defineTasks([{ name: 'ok', script: SCRIPT }], SERIES_PARTITION_KEYS).map((t) => t.name)).toEqual(['ok']);
  });
});

describe('httpPost nodes under the handler guard', () => {
  const script = ['dbrp "telegraf"."autogen"', 'stream', "  |from().measurement('cpu')", "  |httpPost('https://elsewhere.example/ingest')", ''].join('\n');
  const seen: unknown[] = [];
  const refusePost = (instruction: { kind: string; args: readonly unknown[] }): void => {
    seen.push(instruction);
    if (instruction.kind === 'post') throw new Error(`.post() to ${String(instruction.args[0])} is not allowed`);
  };

  it('checks the URL of an httpPost node as a post, since the engine posts to it itself', () => {
    expect(httpPostNodeCalls(compileTickScript(script).pipeline)).toEqual([{ node: 'http_post2', pos: expect.objectContaining({ line: 4, column: 4 }), instruction: { kind: 'post', args: ['https://elsewhere.example/ingest'], options: [] } }]);
    expect(() => defineTasks([{ name: 'exfil', script }], SERIES_PARTITION_KEYS, refusePost)).toThrow('task exfil: 4:4: http_post2: .post() to https://elsewhere.example/ingest is not allowed');
    expect(seen).toHaveLength(1);
  });

  it('hands it the endpoint a node names, at the .endpoint() call', () => {
    const named = script.replace("|httpPost('https://elsewhere.example/ingest')", "|httpPost()\n    .endpoint('metrics')");
    expect(httpPostNodeCalls(compileTickScript(named).pipeline)).toEqual([
      { node: 'http_post2', pos: expect.objectContaining({ line: 5, column: 6 }), instruction: { kind: 'httpPost', args: [], options: [{ name: 'endpoint', args: ['metrics'] }] } },
    ]);
  });
});
