import { Module } from '@nestjs/common';
import { APP_FILTER, NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { KapacitorErrorFilter } from '../http/kapacitor-error';
import { KapacitorApiModule } from '../kapacitor-api.module';
import type { TaskStore } from '../tasks/task-store';
import type { SideloadReload } from './sideload-reload';

/** The API with only what the route reads: the tasks controller is mounted but never called here. */
async function api(sideloads?: SideloadReload): Promise<NestFastifyApplication> {
  @Module({
    imports: [KapacitorApiModule.register({ tasks: {} as TaskStore, ...(sideloads ? { sideloads } : {}) })],
    providers: [{ provide: APP_FILTER, useClass: KapacitorErrorFilter }],
  })
  class SideloadApiModule {}
  const app = await NestFactory.create<NestFastifyApplication>(SideloadApiModule, new FastifyAdapter(), { logger: false, abortOnError: false });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

describe('POST /kapacitor/v1/sideload/reload', () => {
  let app: NestFastifyApplication | undefined;
  afterEach(async () => {
    await app?.close();
  });

  it('answers 204 with no body once the mode reloaded, and asks it once per request', async () => {
    let asked = 0;
    app = await api({ reload: async () => void asked++ });
    const answer = await app.inject({ method: 'POST', url: '/kapacitor/v1/sideload/reload' });
    expect([answer.statusCode, answer.body, asked]).toEqual([204, '', 1]);
  });

  it("answers the mode's refusal in Kapacitor's error shape", async () => {
    app = await api({ reload: async () => ({ status: 503, message: 'Redis is down' }) });
    const answer = await app.inject({ method: 'POST', url: '/kapacitor/v1/sideload/reload' });
    expect([answer.statusCode, JSON.parse(answer.body)]).toEqual([503, { error: 'Redis is down' }]);
  });

  it('is 404 in a mode that mounts no reload', async () => {
    app = await api();
    expect((await app.inject({ method: 'POST', url: '/kapacitor/v1/sideload/reload' })).statusCode).toBe(404);
  });
});
