// `npm run infra -- check kafka`: proves that kafkajs (the client vigil uses) works against the
// broker at argv[2] for everything vigil does: create a topic, produce with acks=-1, consume in a
// consumer group, commit, read the committed offsets back, delete the topic.
import kafkajs from 'kafkajs';
import { randomBytes } from 'node:crypto';

const { Kafka, Partitioners, logLevel } = kafkajs;
const broker = process.argv[2] ?? '127.0.0.1:9092';
const suffix = randomBytes(4).toString('hex');
const topic = `vigil-infra-check-${suffix}`;
const groupId = `vigil-infra-check-${suffix}`;
const count = 20;
// Quiet: kafkajs logs the broker's transient "coordinator loading" answers as errors while it retries.
const kafka = new Kafka({ clientId: 'vigil-infra-check', brokers: [broker], logLevel: logLevel.NOTHING });

function fail(message) {
  console.error(`kafka check: ${message}`);
  process.exit(1);
}

const admin = kafka.admin();
await admin.connect();
const { brokers, clusterId } = await admin.describeCluster();
await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true });

const producer = kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
await producer.connect();
const sent = Array.from({ length: count }, (_, i) => ({ key: `k${i % 5}`, value: `v${i}` }));
await producer.send({ topic, acks: -1, messages: sent });
await producer.disconnect();

const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
await consumer.connect();
await consumer.subscribe({ topic, fromBeginning: true });
const received = [];
const done = new Promise((resolve) => {
  consumer.run({
    eachMessage: async ({ message }) => {
      received.push(message.value.toString());
      if (received.length === count) resolve();
    },
  });
});
const timer = setTimeout(() => fail(`received ${received.length} of ${count} messages in 60s`), 60_000);
await done;
clearTimeout(timer);
await consumer.commitOffsets([]);
await consumer.disconnect();

const committed = await admin.fetchOffsets({ groupId, topics: [topic] });
const total = committed[0].partitions.reduce((sum, p) => sum + Number(p.offset), 0);
if (total !== count) fail(`committed offsets add up to ${total}, expected ${count}`);
const missing = sent.map((m) => m.value).filter((v) => !received.includes(v));
if (missing.length > 0) fail(`never received ${missing.join(', ')}`);
await admin.deleteGroups([groupId]);
await admin.deleteTopics({ topics: [topic] });
await admin.disconnect();
console.log(`kafka check: ok (cluster ${clusterId}, ${brokers.length} broker, ${count} messages through group ${groupId})`);
