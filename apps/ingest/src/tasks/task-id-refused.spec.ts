import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { KapacitorApiModule } from '@vigil/kapacitor-api';
import { createLogger } from '@vigil/observability';
import { TopicTaskStore } from './topic-task-store';

const SCRIPT = "dbrp \"telegraf\".\"autogen\"\nstream\n    |from()\n        .measurement('cpu')\n    |alert()\n        .crit(lambda: \"usage\" > 90.0)\n";

describe('task ids the task API refuses (ingest, tasks topic)', () => {
  const written: string[] = [];
  let app: NestFastifyApplication;
  beforeAll(async () => {
    const store = new TopicTaskStore(async (key) => BigInt(written.push(key)), createLogger({ service: 'test', level: 'silent' }));
    @Module({ imports: [KapacitorApiModule.register({ tasks: store })] })
    class TaskApiModule {}
    const adapter = new FastifyAdapter();
    // As the ingest adapter does: every body arrives as bytes.
    adapter.getInstance().removeAllContentTypeParsers();
    adapter.getInstance().addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    app = await NestFactory.create<NestFastifyApplication>(TaskApiModule, adapter, { logger: false, bodyParser: false, abortOnError: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(async () => {
    await app.close();
  });

  const create = async (id: string): Promise<{ status: number; body: unknown }> => {
    const response = await app.inject({ method: 'POST', url: '/kapacitor/v1/tasks', payload: JSON.stringify({ id, script: SCRIPT }), headers: { 'content-type': 'application/json' } });
    return { status: response.statusCode, body: JSON.parse(response.body) as unknown };
  };

  it.each([
    ['a/b', `task ID must contain only letters, numbers, '-', '.' and '_'. "a/b"`],
    ['cpu high', `task ID must contain only letters, numbers, '-', '.' and '_'. "cpu high"`],
    ['.', 'task ID ".": task names cannot be "." or "..", which name folders'],
    ['..', 'task ID "..": task names cannot be "." or "..", which name folders'],
    ['x'.repeat(201), `task ID "${'x'.repeat(201)}": task names may only use 1 to 200 ASCII letters, digits, ".", "_" and "-"`],
  ])('answers 400 to %j and writes no record', async (id, error) => {
    expect(await create(id)).toEqual({ status: 400, body: { error } });
    expect(written).toEqual([]);
  });

  it('writes the record of a good id', async () => {
    expect((await create('cpu.high')).status).toBe(200);
    expect(written).toEqual(['cpu.high']);
  });
});
