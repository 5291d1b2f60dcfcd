import { FakeHttpServer } from '../conformance/fake-http-server';
import { seedCriticalEvent } from '../conformance/seed-events';
import { HandlerOptionError } from '../handler-options';
import { buildHandler } from '../handler-registry';

describe('post templates', () => {
  let server: FakeHttpServer;
  beforeEach(async () => {
    server = await FakeHttpServer.start();
  });
  afterEach(async () => {
    await server.close();
  });

  it('executes the URL as a template over the alert data', async () => {
    const handler = buildHandler({ kind: 'post', args: [`${server.url}/alerts/{{ .ID }}/{{ .Level }}`], options: [] }, {});
    expect(await handler.send(seedCriticalEvent(), { attempt: 1 })).toEqual({ status: 'delivered' });
    expect(server.requests[0]?.path).toBe('/alerts/status_provedor_p1pa/CRITICAL');
  });

  it("replaces the body with the endpoint's alert template and adds no Content-Type", async () => {
    const alertTemplate = '{"text":"{{ .Message }}","at":"{{ .Time }}","resource":"{{ index (index .Data.Series 0).Tags "nome_recurso" }}","was":"{{ .PreviousLevel }}"}';
    const handler = buildHandler({ kind: 'post', args: [], options: [{ name: 'endpoint', args: ['chat'] }] }, { post: { endpoints: { chat: { url: `${server.url}/chat`, alertTemplate } } } });
    expect(await handler.send(seedCriticalEvent(), { attempt: 1 })).toEqual({ status: 'delivered' });
    const request = server.requests[0];
    expect(request?.body).toBe('{"text":"status_provedor_p1pa is CRITICAL","at":"2023-05-21 23:51:10.038 +0000 UTC","resource":"p1","was":"INFO"}');
    expect(request?.headers['content-type']).toBeUndefined();
  });

  it('prefers a configured endpoint over the script URL, as Kapacitor does', async () => {
    const handler = buildHandler(
      { kind: 'post', args: ['http://127.0.0.1:1/unused'], options: [{ name: 'endpoint', args: ['b'] }] },
      { post: { endpoints: { b: { url: `${server.url}/configured` } } } },
    );
    await handler.send(seedCriticalEvent(), { attempt: 1 });
    expect(server.requests[0]?.path).toBe('/configured');
  });

  it('refuses a template that does not parse when the handler is built', () => {
    expect(() => buildHandler({ kind: 'post', args: ['http://x/{{ .ID '], options: [] }, {})).toThrow(HandlerOptionError);
  });

  it('fails without retry when the template cannot execute for this event', async () => {
    const handler = buildHandler({ kind: 'post', args: [`${server.url}/{{ index .Data.Series 5 }}`], options: [] }, {});
    expect(await handler.send(seedCriticalEvent(), { attempt: 1 })).toMatchObject({ status: 'failed', retryable: false });
    expect(server.requests).toHaveLength(0);
  });
});
