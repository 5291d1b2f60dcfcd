import type { HandlerInstruction } from '@vigil/core';
import { seedCriticalEvent } from '../conformance/seed-events';
import { type DeliveryResult, delivered } from '../handler';
import type { HandlerConfig } from '../handler-config';
import { HandlerOptionError } from '../handler-options';
import { buildMqttHandler } from './mqtt.handler';
import type { MqttPublish, MqttPublisher } from './mqtt-connections';

const mqtt = (topic: string, options: HandlerInstruction['options'] = []): HandlerInstruction => ({ kind: 'mqtt', args: [topic], options });

/** Records what the handler asks to publish and answers as told. */
class RecordingPublisher implements MqttPublisher {
  readonly published: MqttPublish[] = [];
  answer: DeliveryResult = delivered;
  publish(request: MqttPublish): Promise<DeliveryResult> {
    this.published.push(request);
    return Promise.resolve(this.answer);
  }
}

const CONFIG: HandlerConfig = {
  mqtt: { brokers: { local: { url: 'mqtt://127.0.0.1:1883' }, remote: { url: 'mqtts://mq.example.com:8883', username: 'vigil', password: 'mqtt-secret' } }, defaultBroker: 'local' },
  timeoutMs: 2_000,
};

describe('mqtt handler', () => {
  it('publishes the message alone to the rendered topic with the QoS and retain flag the script sets', async () => {
    const publisher = new RecordingPublisher();
    const handler = buildMqttHandler(mqtt('alerts/{{ index .Tags "nome_recurso" }}/{{ .Level }}', [{ name: 'qos', args: [1] }, { name: 'retained', args: [true] }, { name: 'brokerName', args: ['remote'] }]), CONFIG, publisher);
    expect(await handler.send(seedCriticalEvent(), { attempt: 1 })).toEqual(delivered);
    expect(publisher.published).toEqual([
      { brokerName: 'remote', broker: CONFIG.mqtt?.brokers['remote'], topic: 'alerts/p1/CRITICAL', message: 'status_provedor_p1pa is CRITICAL', qos: 1, retained: true, timeoutMs: 2_000 },
    ]);
    expect(handler.targetOrigin()).toBe('mqtts://mq.example.com:8883');
  });

  it('takes QoS 0, no retain and the default broker when the script says nothing', async () => {
    const publisher = new RecordingPublisher();
    await buildMqttHandler(mqtt('alerts/cpu', [{ name: 'brokerName', args: [''] }]), CONFIG, publisher).send(seedCriticalEvent(), { attempt: 1 });
    expect(publisher.published[0]).toMatchObject({ brokerName: 'local', topic: 'alerts/cpu', qos: 0, retained: false });
    // One broker and no default: that broker.
    const only: HandlerConfig = { mqtt: { brokers: { solo: { url: 'tcp://127.0.0.1:1883' } } } };
    await buildMqttHandler(mqtt('alerts/cpu'), only, publisher).send(seedCriticalEvent(), { attempt: 1 });
    expect(publisher.published[1]?.brokerName).toBe('solo');
  });

  it('passes the outcome of the publish on', async () => {
    const publisher = new RecordingPublisher();
    publisher.answer = { status: 'failed', retryable: true, reason: 'MQTT broker "local" unreachable: ECONNREFUSED' };
    expect(await buildMqttHandler(mqtt('alerts/cpu'), CONFIG, publisher).send(seedCriticalEvent(), { attempt: 1 })).toEqual(publisher.answer);
  });

  it('fails without retry on a topic that renders empty, has a wildcard, or whose template fails', async () => {
    const publisher = new RecordingPublisher();
    const send = (topic: string) => buildMqttHandler(mqtt(topic), CONFIG, publisher).send(seedCriticalEvent(), { attempt: 1 });
    expect(await send('{{ index .Tags "missing" }}')).toEqual({ status: 'failed', retryable: false, reason: 'mqtt: missing MQTT topic: the topic template rendered empty' });
    expect(await send('alerts/+/cpu')).toMatchObject({ status: 'failed', retryable: false, reason: expect.stringContaining('wildcard') });
    expect(await send('alerts/#')).toMatchObject({ status: 'failed', retryable: false });
    expect(await send('{{ .Missing.Field }}')).toMatchObject({ status: 'failed', retryable: false, reason: expect.stringContaining('topic template failed') });
    expect(publisher.published).toEqual([]);
  });

  it('refuses at build what no event can fix, naming the setting', () => {
    const build = (instruction: HandlerInstruction, config: HandlerConfig = CONFIG) => () => buildMqttHandler(instruction, config, new RecordingPublisher());
    expect(build(mqtt('a'), {})).toThrow(/mqtt\.brokers\.<name>\.url/);
    expect(build(mqtt(''))).toThrow(/needs a topic/);
    expect(build(mqtt('{{ .ID '))).toThrow(HandlerOptionError);
    expect(build(mqtt('a', [{ name: 'brokerName', args: ['nope'] }]))).toThrow(/unknown MQTT broker "nope": configure mqtt\.brokers\.nope\.url, or use one of: local, remote/);
    expect(build(mqtt('a', [{ name: 'qos', args: [3] }]))).toThrow(/0, 1 or 2/);
    expect(build(mqtt('a'), { mqtt: { brokers: { a: { url: 'mqtt://a' }, b: { url: 'mqtt://b' } } } })).toThrow(/brokerName\('a'\) or configure mqtt\.defaultBroker/);
    expect(build(mqtt('a', [{ name: 'topic', args: ['x'] }]))).toThrow(/has no property \.topic\(\)/);
  });
});
