import { connectAsync, type MqttClient } from 'mqtt';
import { buildMqttHandler, type HandlerConfig, MqttConnections, runServiceTest, SERVICE_TESTS, sharedMqttConnections } from '@vigil/alert-handlers';
import { type AlertEvent, decodeAlertEvent } from '@vigil/core';
import { HAVE_MOSQUITTO, type RunningMosquitto, startMosquitto } from '@vigil/testing';

/** The seed's CRITICAL event (libs/alert-handlers' conformance events), as the notifier receives it. */
function seedCriticalEvent(): AlertEvent {
  const json =
    '{"id":"status_provedor_p1pa","message":"status_provedor_p1pa is CRITICAL","details":"","time":"2023-05-21T23:51:10.038Z","duration":0,"level":"CRITICAL",' +
    '"data":{"series":[{"name":"performance_influx","tags":{"nome_provedor":"pa","nome_recurso":"p1"},"columns":["time","sucesso"],"values":[["2023-05-21T23:51:10.038Z",0]]}]},' +
    '"previousLevel":"INFO","recoverable":false}';
  return { ...decodeAlertEvent(json), task: 'provider_health', node: 'alert2', topic: '', category: '', handlers: [] };
}

interface Received {
  readonly topic: string;
  readonly message: string;
  readonly qos: number;
  readonly retain: boolean;
}

/** A subscriber on the broker (mqtt.js, as any MQTT consumer would read the alerts). */
async function subscribe(url: string, topic: string, options: { username?: string; password?: string } = {}): Promise<{ client: MqttClient; received: Received[] }> {
  const client = await connectAsync(url, { ...options, reconnectPeriod: 0 });
  const received: Received[] = [];
  client.on('message', (name, payload, packet) => received.push({ topic: name, message: payload.toString('utf8'), qos: packet.qos, retain: packet.retain }));
  await client.subscribeAsync(topic, { qos: 2 });
  return { client, received };
}

async function waitForMessages(received: readonly Received[], count: number): Promise<void> {
  for (let tries = 0; received.length < count && tries < 500; tries++) await new Promise((resolve) => setTimeout(resolve, 10));
}

async function waitForLog(broker: RunningMosquitto, line: string): Promise<void> {
  for (let tries = 0; !broker.log().includes(line) && tries < 500; tries++) await new Promise((resolve) => setTimeout(resolve, 10));
}

const withMessage = (message: string): AlertEvent => ({ ...seedCriticalEvent(), message });

const instruction = (topic: string, options: { name: string; args: (string | number | boolean)[] }[] = []) => ({ kind: 'mqtt', args: [topic], options });

describe.skipIf(!HAVE_MOSQUITTO)('.mqtt() handler against a real Mosquitto (apt-get install mosquitto; .ci/run installs it)', () => {
  let broker: RunningMosquitto;
  let connections: MqttConnections;
  beforeEach(async () => {
    broker = await startMosquitto();
    connections = new MqttConnections('spec');
  });
  afterEach(async () => {
    await connections.close();
    await broker.stop();
  });
  // The service test publishes through the process-wide connections, as vigil serve does.
  afterAll(() => sharedMqttConnections.close());

  it('delivers the alert message at QoS 0, 1 and 2 to the rendered topic, over one connection', async () => {
    const config: HandlerConfig = { mqtt: { brokers: { local: { url: broker.url } } }, timeoutMs: 5_000 };
    const subscriber = await subscribe(broker.url, 'alerts/#');
    try {
      for (const qos of [0, 1, 2]) {
        const handler = buildMqttHandler(instruction('alerts/{{ index .Tags "nome_recurso" }}/q' + qos, [{ name: 'qos', args: [qos] }]), config, connections);
        expect(await handler.send(seedCriticalEvent(), { attempt: 1 })).toEqual({ status: 'delivered' });
      }
      await waitForMessages(subscriber.received, 3);
      expect([...subscriber.received].sort((a, b) => a.topic.localeCompare(b.topic))).toEqual([
        { topic: 'alerts/p1/q0', message: 'status_provedor_p1pa is CRITICAL', qos: 0, retain: false },
        { topic: 'alerts/p1/q1', message: 'status_provedor_p1pa is CRITICAL', qos: 1, retain: false },
        { topic: 'alerts/p1/q2', message: 'status_provedor_p1pa is CRITICAL', qos: 2, retain: false },
      ]);
    } finally {
      await subscriber.client.endAsync();
    }
  });

  it('keeps a retained message for a subscriber that comes later', async () => {
    const handler = buildMqttHandler(instruction('alerts/retained', [{ name: 'retained', args: [true] }, { name: 'qos', args: [1] }]), { mqtt: { brokers: { local: { url: broker.url } } } }, connections);
    expect(await handler.send(seedCriticalEvent(), { attempt: 1 })).toEqual({ status: 'delivered' });
    const late = await subscribe(broker.url, 'alerts/retained');
    try {
      await waitForMessages(late.received, 1);
      expect(late.received).toEqual([{ topic: 'alerts/retained', message: 'status_provedor_p1pa is CRITICAL', qos: 1, retain: true }]);
    } finally {
      await late.client.endAsync();
    }
  });

  it('logs in with the configured user, refuses a wrong password without retry and never shows it', async () => {
    const secured = await startMosquitto({ user: { username: 'vigil', password: 'right-mqtt-secret' } });
    const own = new MqttConnections('auth');
    try {
      const good: HandlerConfig = { mqtt: { brokers: { secured: { url: secured.url, username: 'vigil', password: 'right-mqtt-secret' } } } };
      const subscriber = await subscribe(secured.url, 'alerts/#', { username: 'vigil', password: 'right-mqtt-secret' });
      expect(await buildMqttHandler(instruction('alerts/auth'), good, own).send(seedCriticalEvent(), { attempt: 1 })).toEqual({ status: 'delivered' });
      await waitForMessages(subscriber.received, 1);
      expect(subscriber.received.map((message) => message.topic)).toEqual(['alerts/auth']);
      await subscriber.client.endAsync();

      const bad: HandlerConfig = { mqtt: { brokers: { secured: { url: secured.url, username: 'vigil', password: 'wrong-mqtt-secret' } } }, timeoutMs: 5_000 };
      const result = await buildMqttHandler(instruction('alerts/auth'), bad, own).send(seedCriticalEvent(), { attempt: 1 });
      expect(result).toMatchObject({ status: 'failed', retryable: false });
      expect(JSON.stringify(result)).toContain('MQTT broker \\"secured\\" refused the connection');
      expect(JSON.stringify(result)).not.toContain('mqtt-secret');
    } finally {
      await own.close();
      await secured.stop();
    }
  });

  it('fails as retryable while the broker is down, and delivers once it is back', async () => {
    const config: HandlerConfig = { mqtt: { brokers: { local: { url: broker.url } } }, timeoutMs: 1_000 };
    const handler = buildMqttHandler(instruction('alerts/outage', [{ name: 'qos', args: [1] }]), config, connections);
    expect(await handler.send(seedCriticalEvent(), { attempt: 1 })).toEqual({ status: 'delivered' });
    const port = broker.port;
    await broker.stop();
    const down = await handler.send(seedCriticalEvent(), { attempt: 1 });
    expect(down).toMatchObject({ status: 'failed', retryable: true, reason: expect.stringMatching(/^MQTT broker "local" (unreachable|did not)/) });
    broker = await startMosquitto({ port });
    const subscriber = await subscribe(broker.url, 'alerts/outage');
    try {
      // mqtt.js reconnects every 5 s; an attempt waits up to its timeout for the connection.
      let again = await handler.send(seedCriticalEvent(), { attempt: 2 });
      for (let attempt = 3; again.status !== 'delivered' && attempt < 12; attempt++) again = await handler.send(seedCriticalEvent(), { attempt });
      expect(again).toEqual({ status: 'delivered' });
      await waitForMessages(subscriber.received, 1);
      expect(subscriber.received.map((message) => message.message)).toContain('status_provedor_p1pa is CRITICAL');
    } finally {
      await subscriber.client.endAsync();
    }
  });

  it('ends its connection with a DISCONNECT when closed, not by just closing the socket', async () => {
    const handler = buildMqttHandler(instruction('alerts/bye'), { mqtt: { brokers: { local: { url: broker.url } } } }, connections);
    expect(await handler.send(seedCriticalEvent(), { attempt: 1 })).toEqual({ status: 'delivered' });
    await connections.close();
    await waitForLog(broker, 'Client vigil-local-spec ');
    const lines = broker.log().split('\n').filter((line) => line.includes('Client vigil-local-spec '));
    expect(lines.map((line) => line.replace(/^\d+: /, ''))).toEqual(['Client vigil-local-spec disconnected.']);
  });

  it('does not send a QoS 1 message that timed out again after reconnecting: the notifier retries it, not mqtt.js', async () => {
    const config: HandlerConfig = { mqtt: { brokers: { local: { url: broker.url } } }, timeoutMs: 500 };
    const handler = buildMqttHandler(instruction('alerts/stale', [{ name: 'qos', args: [1] }]), config, connections);
    expect(await handler.send(withMessage('before'), { attempt: 1 })).toEqual({ status: 'delivered' });
    // A frozen broker holds the connection and never acknowledges.
    broker.pause();
    expect(await handler.send(withMessage('timed out'), { attempt: 1 })).toMatchObject({ status: 'failed', retryable: true, reason: 'MQTT broker "local" did not acknowledge the message: timeout' });
    const port = broker.port;
    await broker.stop();
    broker = await startMosquitto({ port });
    const subscriber = await subscribe(broker.url, 'alerts/stale');
    try {
      // After mqtt.js reconnects (every 5 s) it first sends what its store holds, then new messages.
      let after = await handler.send(withMessage('after'), { attempt: 1 });
      for (let attempt = 2; after.status !== 'delivered' && attempt < 12; attempt++) after = await handler.send(withMessage('after'), { attempt });
      expect(after).toEqual({ status: 'delivered' });
      await waitForMessages(subscriber.received, 1);
      expect(subscriber.received.map((message) => message.message)).toEqual(['after']);
    } finally {
      await subscriber.client.endAsync();
    }
  });

  it("runs Kapacitor's mqtt service test through the registry's handler", async () => {
    const spec = SERVICE_TESTS.find((test) => test.name === 'mqtt');
    if (spec === undefined) throw new Error('no mqtt service test');
    const config: HandlerConfig = { mqtt: { brokers: { local: { url: broker.url } } } };
    expect(await runServiceTest(spec, null, config, 0n)).toMatchObject({ success: false, message: expect.stringContaining('topic') });
    const subscriber = await subscribe(broker.url, 'test/#');
    try {
      expect(await runServiceTest(spec, { topic: 'test/mqtt', qos: 'at-least-once' }, config, 0n)).toEqual({ success: true, message: '' });
      await waitForMessages(subscriber.received, 1);
      expect(subscriber.received).toEqual([{ topic: 'test/mqtt', message: 'test MQTT message', qos: 1, retain: false }]);
    } finally {
      await subscriber.client.endAsync();
    }
  });
});
