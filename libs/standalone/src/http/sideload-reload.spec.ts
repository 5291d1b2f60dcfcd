import { Module } from '@nestjs/common';
import { APP_FILTER, NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FieldValue, Point } from '@vigil/core';
import { KapacitorApiModule, KapacitorErrorFilter } from '@vigil/kapacitor-api';
import { createTaskFromScript, type Task } from '@vigil/tick-engine';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sideloadReload, standaloneEngine, type StandaloneEngine } from '../evaluation/standalone-engine';
import { useTempFolder } from '../storage/files/temp-folder.test';
import { TaskFolder } from '../storage/tasks/task-folder';
import { TaskCatalog } from '../tasks/task-catalog';

/** The Kapacitor API as `vigil serve` mounts it, with the engine's sideload reload. */
async function api(folder: string, engine: StandaloneEngine): Promise<NestFastifyApplication> {
  const catalog = new TaskCatalog(await TaskFolder.open(join(folder, 'tasks')), [], async () => undefined, {});
  @Module({
    imports: [KapacitorApiModule.register({ tasks: catalog, sideloads: sideloadReload(engine) })],
    providers: [{ provide: APP_FILTER, useClass: KapacitorErrorFilter }],
  })
  class SideloadApiModule {}
  const app = await NestFactory.create<NestFastifyApplication>(SideloadApiModule, new FastifyAdapter(), { logger: false, abortOnError: false });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

function taskOf(engine: StandaloneEngine, dir: string, seen: Record<string, FieldValue>[]): Task {
  const script = `dbrp "db"."rp"\nstream|from().measurement('m')|sideload().source('file://${dir}').order('limits.json').field('limit', 0)|httpOut('out')`;
  return createTaskFromScript(script, {
    taskName: 'limits',
    registry: engine.registry,
    now: () => 0n,
    emitEvent: () => undefined,
    emitPoint: () => undefined,
    log: () => undefined,
    publish: (_endpoint, _group, message) => {
      if (message?.kind === 'point') seen.push(message.point.fields);
    },
  });
}

const point = (time: bigint): Point => ({ database: 'db', retentionPolicy: 'rp', name: 'm', tags: {}, fields: { v: 1 }, time });

describe('POST /kapacitor/v1/sideload/reload in vigil serve', () => {
  const folder = useTempFolder('sideload-reload');
  let app: NestFastifyApplication | undefined;
  afterEach(async () => {
    await app?.close();
  });

  it('answers 204 and the running task reads the changed file; a file that no longer reads is a 500 naming it, and the old value stays', async () => {
    const dir = join(folder(), 'sideload');
    mkdirSync(dir);
    writeFileSync(join(dir, 'limits.json'), '{"limit": 10}');
    const engine = standaloneEngine({ clusterId: 'c', serverId: 's' });
    const seen: Record<string, FieldValue>[] = [];
    const task = taskOf(engine, dir, seen);
    app = await api(folder(), engine);

    task.write(point(1n));
    writeFileSync(join(dir, 'limits.json'), '{"limit": 20}');
    const reloaded = await app.inject({ method: 'POST', url: '/kapacitor/v1/sideload/reload' });
    expect([reloaded.statusCode, reloaded.body]).toEqual([204, '']);
    task.write(point(2n));

    writeFileSync(join(dir, 'limits.json'), '{"limit": ');
    const failed = await app.inject({ method: 'POST', url: '/kapacitor/v1/sideload/reload' });
    expect(failed.statusCode).toBe(500);
    expect((JSON.parse(failed.body) as { error: string }).error).toMatch(new RegExp(`^failed to update source ".*": .*failed to unmarshal json values "${join(dir, 'limits.json')}"`));
    task.write(point(3n));

    expect(seen.map((fields) => fields['limit'])).toEqual([10n, 20n, 20n]);
  });
});
