import { connectAsync, type MqttClient } from 'mqtt';
import { HAVE_MOSQUITTO, HAVE_SNMPTRAPD, type RunningMosquitto, type RunningSnmptrapd, startMosquitto, startSnmptrapd, waitFor } from '@vigil/testing';
import { useServeFixture } from './support/serve-fixture';

const MQTT_PASSWORD = 'e2e-mqtt-password';
const COMMUNITY = 'e2e-snmp-community';

const TASK = `dbrp "telegraf"."autogen"

stream
  |from()
    .measurement('cpu')
  |alert()
    .id('cpu:{{ index .Tags "host" }}')
    .message('{{ .ID }} is {{ .Level }}')
    .crit(lambda: "usage_idle" < 10)
    .mqtt('alerts/cpu')
      .qos(1)
    .snmpTrap('1.3.6.1.4.1.1')
      .data('1.3.6.1.4.1.1.5', 's', '{{ .Level }}')
      .data('1.3.6.1.4.1.1.6', 'i', '{{ index .Fields "usage_idle" }}')
      .data('1.3.6.1.4.1.1.7', 'c', '42')
      .data('1.3.6.1.4.1.1.8', 's', '{{ .Message }}')
`;

interface Received {
  readonly topic: string;
  readonly message: string;
  readonly qos: number;
}

/**
 * `.mqtt()` and `.snmpTrap()` through `vigil serve` to real receivers: a Mosquitto broker that
 * wants a password (read by an MQTT subscriber) and an snmptrapd that logs the traps it takes.
 */
describe.skipIf(!HAVE_MOSQUITTO || !HAVE_SNMPTRAPD)('vigil serve: .mqtt() to Mosquitto and .snmpTrap() to snmptrapd (apt-get install mosquitto snmptrapd; .ci/run installs them)', () => {
  const fixture = useServeFixture('mqtt-snmp');
  let broker: RunningMosquitto;
  let trapd: RunningSnmptrapd;
  let subscriber: MqttClient;
  const received: Received[] = [];

  beforeAll(async () => {
    broker = await startMosquitto({ user: { username: 'vigil', password: MQTT_PASSWORD } });
    trapd = await startSnmptrapd(COMMUNITY);
    subscriber = await connectAsync(broker.url, { username: 'vigil', password: MQTT_PASSWORD, reconnectPeriod: 0 });
    subscriber.on('message', (topic, payload, packet) => received.push({ topic, message: payload.toString('utf8'), qos: packet.qos }));
    await subscriber.subscribeAsync(['alerts/#', 'test/#'], { qos: 1 });
  });

  afterAll(async () => {
    await subscriber?.endAsync();
    await broker?.stop();
    await trapd?.stop();
  });

  it('publishes the alert message at QoS 1 and sends the trap with its rendered values, and runs both service tests', async () => {
    const config = fixture.file('handlers.json', JSON.stringify({ mqtt: { brokers: { local: { url: broker.url, username: 'vigil', password: MQTT_PASSWORD } } }, snmpTrap: { addr: trapd.addr, community: COMMUNITY } }));
    const serve = await fixture.serve(['--task', fixture.file('cpu.tick', TASK), '--handlers-config', config]);
    expect((await fetch(`${serve.url}/write?db=telegraf&rp=autogen`, { method: 'POST', body: 'cpu,host=web1 usage_idle=3i 1700000000000000000\n' })).status).toBe(204);

    await waitFor(() => received.length >= 1 && trapd.traps().length >= 1, { timeoutMs: 30_000, what: 'the MQTT message and the trap' });
    expect(received).toEqual([{ topic: 'alerts/cpu', message: 'cpu:web1 is CRITICAL', qos: 1 }]);
    expect(trapd.traps()).toEqual([
      [
        '.1.3.6.1.2.1.1.3.0 = Timeticks: (1000) 0:00:10.00',
        '.1.3.6.1.6.3.1.1.4.1.0 = OID: .1.3.6.1.4.1.1',
        '.1.3.6.1.4.1.1.5 = STRING: "CRITICAL"',
        '.1.3.6.1.4.1.1.6 = INTEGER: 3',
        '.1.3.6.1.4.1.1.7 = Counter64: 42',
        '.1.3.6.1.4.1.1.8 = STRING: "cpu:web1 is CRITICAL"',
      ],
    ]);

    // Kapacitor's service tests, as `kapacitor service-tests mqtt` and `snmptrap` post them.
    const test = async (name: string, options: object | null) => {
      const response = await fetch(`${serve.url}/kapacitor/v1/service-tests/${name}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(options) });
      return (await response.json()) as { success: boolean; message: string };
    };
    expect(await test('mqtt', { topic: 'test/vigil' })).toEqual({ success: true, message: '' });
    expect(await test('snmptrap', null)).toEqual({ success: true, message: '' });
    await waitFor(() => received.length >= 2 && trapd.traps().length >= 2, { timeoutMs: 30_000, what: 'the service tests' });
    expect(received[1]).toEqual({ topic: 'test/vigil', message: 'test MQTT message', qos: 0 });
    expect(trapd.traps()[1]).toEqual(['.1.3.6.1.2.1.1.3.0 = Timeticks: (1000) 0:00:10.00', '.1.3.6.1.6.3.1.1.4.1.0 = OID: .1.1.1.1', '.1.1.1.1.2 = STRING: "test snmptrap message"']);

    // The configuration view shows both sections with the password and the community only as set.
    const view = await (await fetch(`${serve.url}/kapacitor/v1/config`)).text();
    expect(view).toContain('"mqtt"');
    expect(view).toContain('"snmptrap"');
    expect(view).not.toContain(MQTT_PASSWORD);
    expect(view).not.toContain(COMMUNITY);
    expect(await serve.stop()).toBe(0);
    expect(serve.process.output()).not.toContain(MQTT_PASSWORD);
    expect(serve.process.output()).not.toContain(COMMUNITY);
  });
});
