import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { NodeStatistics } from '@vigil/evaluation';
import { encodeTaskRecord, KapacitorApiModule, type KapacitorTask, type TaskStatsSource } from '@vigil/kapacitor-api';
import { createLogger } from '@vigil/observability';
import { TopicTaskStore } from './topic-task-store';

const TIME = '2024-05-01T10:00:00.000Z';
const GOOD = "dbrp \"telegraf\".\"autogen\"\nstream\n    |from()\n        .measurement('cpu')\n    |alert()\n        .crit(lambda: \"usage\" > 90.0)\n";
/** Written by an older vigil, or restored from a backup: this vigil knows no such node. */
const BROKEN = "dbrp \"telegraf\".\"autogen\"\nstream\n    |from()\n        .measurement('cpu')\n    |nosuchnode()\n";

const record = { dbrps: [{ db: 'vigil', rp: 'autogen' }], created: TIME, modified: TIME, lastEnabled: TIME };
const stored = (name: string, script: string): KapacitorTask => ({ name, script, status: 'enabled', record });

/** Figures for every task asked about, as if an evaluator ran each: the broken one must not take them. */
const stats: TaskStatsSource = {
  statistics: () => Promise.resolve<NodeStatistics[]>([{ node: 'stream0', type: 'stream', collected: 1, emitted: 1, processed: 1, errors: 0, avgExecTimeNs: 0, workingCardinality: 0 }]),
};

/** Ingest's task API over a tasks topic that holds `old` (no longer compiles) and `new`, read as records. */
async function taskApi(): Promise<NestFastifyApplication> {
  const store = new TopicTaskStore(() => Promise.reject(new Error('nothing is written here')), createLogger({ service: 'test', level: 'silent' }));
  store.apply([
    { key: 'old', value: Buffer.from(encodeTaskRecord(stored('old', BROKEN))), offset: 1n },
    { key: 'new', value: Buffer.from(encodeTaskRecord(stored('new', GOOD))), offset: 2n },
  ]);
  @Module({ imports: [KapacitorApiModule.register({ tasks: store, stats })] })
  class TaskApiModule {}
  const app = await NestFactory.create<NestFastifyApplication>(TaskApiModule, new FastifyAdapter(), { logger: false, abortOnError: false });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

describe('a stored task that no longer compiles, in the task API', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await taskApi();
  });
  afterAll(async () => {
    await app.close();
  });

  const get = async (url: string): Promise<{ status: number; body: Record<string, unknown> }> => {
    const response = await app.inject({ method: 'GET', url });
    return { status: response.statusCode, body: JSON.parse(response.body) as Record<string, unknown> };
  };
  const BROKEN_VIEW = { id: 'old', type: 'stream', dbrps: [{ db: 'telegraf', rp: 'autogen' }, { db: 'vigil', rp: 'autogen' }], script: BROKEN, dot: '', status: 'enabled', executing: false, error: expect.stringMatching(/^5:6: unknown chaining method nosuchnode; /) as unknown };

  it('lists every task, the broken one with its error at line:column, no DOT, its stored status, not executing', async () => {
    const listed = await get('/kapacitor/v1/tasks');
    expect(listed.status).toBe(200);
    const tasks = listed.body['tasks'] as Record<string, unknown>[];
    expect(tasks.map((task) => task['id'])).toEqual(['new', 'old']);
    expect(tasks[1]).toMatchObject({ ...BROKEN_VIEW, stats: null, created: TIME, modified: TIME, 'last-enabled': TIME });
    expect(tasks[0]).toMatchObject({ id: 'new', error: '', executing: true, status: 'enabled' });
    expect(tasks[0]?.['dot']).toContain('digraph new');
  });

  it('shows the broken task with 200 the same way, without figures', async () => {
    const shown = await get('/kapacitor/v1/tasks/old');
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ ...BROKEN_VIEW, stats: {}, link: { rel: 'self', href: '/kapacitor/v1/tasks/old' } });
    const fields = await get('/kapacitor/v1/tasks?pattern=old&fields=error&fields=executing');
    expect(fields.body).toEqual({ tasks: [{ id: 'old', link: { rel: 'self', href: '/kapacitor/v1/tasks/old' }, error: BROKEN_VIEW.error, executing: false }] });
  });

  it('shows the other tasks as before, with their figures', async () => {
    const shown = await get('/kapacitor/v1/tasks/new');
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ id: 'new', error: '', executing: true, stats: { 'node-stats': { stream0: { collected: 1, emitted: 1 } } } });
    expect(shown.body['dot']).toContain('stream0 [avg_exec_time_ns=');
  });
});
