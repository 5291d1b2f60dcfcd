import type { HandlerInstruction } from '@vigil/core';
import { SEED_CRITICAL_JSON, seedCriticalEvent } from '../conformance/seed-events';
import type { HandlerConfig } from '../handler-config';
import { HandlerOptionError } from '../handler-options';
import { buildHandler, checkHandlerAllowed } from '../handler-registry';
import type { AlertRecord } from './kafka.handler';

const kafka = (options: HandlerInstruction['options']): HandlerInstruction => ({ kind: 'kafka', args: [], options });

/** Records what the handler asks to write; fails when told to. */
function recordingProducer(failWith?: Error): { records: AlertRecord[]; config: HandlerConfig } {
  const records: AlertRecord[] = [];
  const kafkaProducer = {
    produce: (record: AlertRecord) => {
      if (failWith) return Promise.reject(failWith);
      records.push(record);
      return Promise.resolve();
    },
  };
  return { records, config: { kafka: { clusters: { default: { brokers: ['k1:9092'] }, eu: { brokers: ['k2:9092'] } } }, kafkaProducer } };
}

describe('kafka handler', () => {
  it("writes Kapacitor's alert JSON and a newline, keyed by the alert id, with the notification's key as a header", async () => {
    const { records, config } = recordingProducer();
    const result = await buildHandler(kafka([{ name: 'kafkaTopic', args: ['alerts'] }]), config).send(seedCriticalEvent(), { attempt: 1, idempotencyKey: 'e1:0:h' });
    expect(result).toEqual({ status: 'delivered' });
    expect(records).toEqual([{ cluster: 'default', topic: 'alerts', key: 'status_provedor_p1pa', value: `${SEED_CRITICAL_JSON}\n`, headers: { 'Idempotency-Key': 'e1:0:h' } }]);
  });

  it('writes the template text instead, to the named cluster', async () => {
    const { records, config } = recordingProducer();
    const handler = buildHandler(kafka([{ name: 'cluster', args: ['eu'] }, { name: 'kafkaTopic', args: ['alerts'] }, { name: 'template', args: ['{{ .ID }} is {{ .Level }}'] }]), config);
    await handler.send(seedCriticalEvent(), { attempt: 1 });
    expect(records.map((r) => [r.cluster, r.value, r.headers])).toEqual([['eu', 'status_provedor_p1pa is CRITICAL', {}]]);
  });

  it("fails as the producer's error says: retriable unless kafkajs marked it not", async () => {
    const fatal = Object.assign(new Error('Topic authorization failed'), { retriable: false });
    const outage = new Error('Connection error: connect ECONNREFUSED');
    const send = (error: Error) => buildHandler(kafka([{ name: 'kafkaTopic', args: ['t'] }]), recordingProducer(error).config).send(seedCriticalEvent(), { attempt: 1 });
    expect(await send(fatal)).toEqual({ status: 'failed', retryable: false, reason: 'kafka cluster "default" topic "t": Topic authorization failed' });
    expect(await send(outage)).toMatchObject({ status: 'failed', retryable: true });
  });

  it('fails without retry when the template fails on an event', async () => {
    const { config } = recordingProducer();
    const result = await buildHandler(kafka([{ name: 'kafkaTopic', args: ['t'] }, { name: 'template', args: ['{{ .Nope }}'] }]), config).send(seedCriticalEvent(), { attempt: 1 });
    expect(result).toMatchObject({ status: 'failed', retryable: false });
  });

  it('is refused at definition without a topic or with a cluster the configuration lacks', () => {
    expect(() => checkHandlerAllowed(kafka([]), { kafka: { clusters: { default: { brokers: ['k:9092'] } } } })).toThrow(/kafkaTopic/);
    expect(() => checkHandlerAllowed(kafka([{ name: 'kafkaTopic', args: ['t'] }]), {})).toThrow(
      new HandlerOptionError('.kafka() names cluster "default", which is not configured: add kafka.clusters.default.brokers to the handler configuration'),
    );
    expect(() => checkHandlerAllowed(kafka([{ name: 'cluster', args: ['us'] }, { name: 'kafkaTopic', args: ['t'] }]), recordingProducer().config)).toThrow(/\(configured: default, eu\)/);
  });

  it('is refused clearly by a process with no Kafka producer (vigil serve)', () => {
    expect(() => buildHandler(kafka([{ name: 'kafkaTopic', args: ['t'] }]), { kafka: { clusters: { default: { brokers: ['k:9092'] } } } })).toThrow(/no Kafka producer/);
  });
});
