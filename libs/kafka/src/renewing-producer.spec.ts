import type { ProducerRecord } from 'kafkajs';
import pino from 'pino';
import { FakeProducerSession, FakeSequenceBroker } from './producer-session.fake';
import { RenewingProducer } from './renewing-producer';

const logger = pino({ level: 'silent' });
const record = (topic: string, ...values: string[]): ProducerRecord => ({ topic, messages: values.map((value) => ({ value })) });

function renewingOn(broker: FakeSequenceBroker): { producer: RenewingProducer; sessions: FakeProducerSession[] } {
  const sessions: FakeProducerSession[] = [];
  const producer = new RenewingProducer(() => {
    const session = new FakeProducerSession(broker);
    sessions.push(session);
    return session;
  }, logger);
  return { producer, sessions };
}

describe('RenewingProducer', () => {
  it('the fake, like kafkajs, refuses every later send once an answer was lost (what the renewal is for)', async () => {
    const broker = new FakeSequenceBroker();
    const session = new FakeProducerSession(broker);
    await session.connect();
    await session.send(record('points', 'a'));
    broker.loseNextAnswer = true;
    await expect(session.send(record('points', 'b', 'c'))).rejects.toMatchObject({ type: 'CONNECTION_CLOSED' });
    await expect(session.send(record('points', 'b', 'c', 'd'))).rejects.toMatchObject({ type: 'OUT_OF_ORDER_SEQUENCE_NUMBER' });
    await expect(session.send(record('points', 'e'))).rejects.toMatchObject({ type: 'OUT_OF_ORDER_SEQUENCE_NUMBER' });
  });

  it('after a send whose answer was lost, writes the retry and later sends on a new producer id', async () => {
    const broker = new FakeSequenceBroker();
    const { producer, sessions } = renewingOn(broker);
    await producer.connect();
    await producer.send(record('points', 'a'));
    broker.loseNextAnswer = true;
    await expect(producer.send(record('points', 'b', 'c'))).rejects.toMatchObject({ type: 'CONNECTION_CLOSED' });
    // The caller's retry of the same request, with one more point, and a later request.
    await producer.send(record('points', 'b', 'c', 'd'));
    await producer.send(record('points', 'e'));
    expect(broker.values('points')).toEqual(['a', 'b', 'c', 'b', 'c', 'd', 'e']);
    expect(broker.log.map((appended) => appended.producerId)).toEqual([1, 1, 1, 2, 2, 2, 2]);
    expect(sessions.map((session) => ({ connects: session.connects, disconnects: session.disconnects }))).toEqual([
      { connects: 1, disconnects: 1 },
      { connects: 1, disconnects: 0 },
    ]);
    expect(producer.isConnected()).toBe(true);
  });

  it('does not let a send of as many records as the lost one pass for its duplicate (it would be acknowledged and dropped)', async () => {
    const broker = new FakeSequenceBroker();
    const { producer } = renewingOn(broker);
    await producer.connect();
    broker.loseNextAnswer = true;
    await expect(producer.send(record('alerts', 'first'))).rejects.toThrow('connection closed');
    const [written] = await producer.send(record('alerts', 'another request'));
    expect(broker.values('alerts')).toEqual(['first', 'another request']);
    expect(written?.baseOffset).toBe('1');
  });

  it('retires a producer once: a new one serves the next sends, and the old one is disconnected when its last send in flight settles', async () => {
    const broker = new FakeSequenceBroker();
    const { producer, sessions } = renewingOn(broker);
    await producer.connect();
    const gate = () => {
      let open: () => void = () => undefined;
      broker.holds.push(new Promise<void>((resolve) => (open = resolve)));
      return open;
    };
    const [openFirst, openSecond] = [gate(), gate()];
    broker.loseNextAnswer = true;
    const lost = producer.send(record('points', 'x'));
    const pending = producer.send(record('points', 'y'));
    while (broker.waiting < 2) await new Promise((resolve) => setImmediate(resolve));
    openFirst();
    await expect(lost).rejects.toThrow('connection closed');
    expect(sessions[0]?.disconnects).toBe(0);
    await Promise.all([producer.send(record('alerts', 'z')), producer.send(record('alerts', 'w'))]);
    openSecond();
    await pending;
    expect(sessions.map((session) => session.disconnects)).toEqual([1, 0]);
    expect(broker.log).toEqual([
      { topic: 'points', producerId: 1, value: 'x' },
      { topic: 'alerts', producerId: 2, value: 'z' },
      { topic: 'alerts', producerId: 2, value: 'w' },
      { topic: 'points', producerId: 1, value: 'y' },
    ]);
  });

  it('fails a send whose new producer cannot connect while the broker is away, stays ready, and connects on the next send', async () => {
    const broker = new FakeSequenceBroker();
    const { producer, sessions } = renewingOn(broker);
    await producer.connect();
    broker.loseNextAnswer = true;
    await expect(producer.send(record('points', 'a'))).rejects.toThrow('connection closed');
    broker.away = true;
    await expect(producer.send(record('points', 'a'))).rejects.toThrow('ECONNREFUSED');
    await expect(producer.send(record('points', 'a'))).rejects.toThrow('ECONNREFUSED');
    expect(producer.isConnected()).toBe(true);
    broker.away = false;
    await producer.send(record('points', 'a'));
    expect(broker.values('points')).toEqual(['a', 'a']);
    // One producer per attempt: the retired one, two that could not connect, the one that wrote.
    expect(sessions.map((session) => ({ sends: session.sends, disconnects: session.disconnects }))).toEqual([
      { sends: 1, disconnects: 1 },
      { sends: 0, disconnects: 1 },
      { sends: 0, disconnects: 1 },
      { sends: 1, disconnects: 0 },
    ]);
  });

  it('refuses to connect when the brokers cannot be reached, and is not ready', async () => {
    const broker = new FakeSequenceBroker();
    broker.away = true;
    const { producer } = renewingOn(broker);
    await expect(producer.connect()).rejects.toThrow('ECONNREFUSED');
    expect(producer.isConnected()).toBe(false);
    broker.away = false;
    await producer.connect();
    expect(producer.isConnected()).toBe(true);
    await producer.disconnect();
    expect(producer.isConnected()).toBe(false);
  });
});
