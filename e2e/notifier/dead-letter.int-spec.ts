import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { AlertEvent } from '@vigil/core';
import { readDeadLetterRecord, type DeadLetter } from '@vigil/delivery';
import { eventRecordOf } from '@vigil/evaluation';
import { createKafka, readTopicSnapshot } from '@vigil/kafka';
import { createLogger } from '@vigil/observability';
import { exitWithin, integrationEnv, kafkaBrokers, repositoryRoot, startProcess, uniqueName, waitFor } from '@vigil/testing';
import { NotifierDeployment } from './support/notifier-deployment';

/**
 * An alert receiver that refuses every POST with 400 (a failure no retry can fix) until told to
 * accept, then answers 204. It keeps every body it accepted, in order.
 */
class RefusingReceiver {
  readonly accepted: string[] = [];
  requests = 0;
  private status = 400;
  private readonly server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      this.requests += 1;
      if (this.status === 204) this.accepted.push(Buffer.concat(chunks).toString('utf8'));
      response.writeHead(this.status, { 'Content-Type': 'text/plain' }).end(this.status === 400 ? 'bad request: unknown receiver\n' : undefined);
    });
  });

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    if (typeof address !== 'object' || address === null) throw new Error('receiver has no address');
    return `http://127.0.0.1:${address.port}/alerts`;
  }

  accept(): void {
    this.status = 204;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * Issue 5, test 4: a handler that fails for good ends in the dead-letter topic with its reason,
 * and `vigil dlq replay` (the real command, as a process) resends it. A replay that fails again
 * is dead-lettered again; replays published twice (while no notifier runs) deliver once, byte
 * for byte; a replay after the delivery sends nothing.
 */
describe('dead letters end to end', () => {
  let receiver: RefusingReceiver;
  let deployment: NotifierDeployment;
  let url: string;
  const logger = createLogger({ service: 'dead-letter-e2e', level: 'warn' });
  const kafka = createKafka({ brokers: kafkaBrokers(), clientId: uniqueName('dlq-e2e'), logger });

  beforeAll(async () => {
    receiver = new RefusingReceiver();
    url = await receiver.listen();
    deployment = new NotifierDeployment({ alertsPartitions: 2 });
    await deployment.setUp();
  }, 180_000);

  afterAll(async () => {
    await deployment?.tearDown();
    await receiver?.close();
  });

  /** Runs `vigil dlq ...` as an operator would, against the deployment's topics and ledger. */
  async function vigilDlq(...argv: string[]): Promise<{ code: number | string; stdout: string; output: string }> {
    const root = repositoryRoot();
    const running = startProcess('bash', [join(root, 'tools/node24/run.sh'), join(root, 'tools/bin/vigil.cjs'), 'dlq', ...argv], {
      cwd: root,
      env: {
        PATH: process.env['PATH'],
        HOME: process.env['HOME'],
        ...integrationEnv(),
        ALERTS_TOPIC: deployment.alertsTopic,
        DEAD_LETTER_TOPIC: deployment.deadLetterTopic,
        REDIS_KEY_PREFIX: deployment.redisPrefix,
      },
    });
    const code = await exitWithin(running, 90_000);
    if (code === 'timeout') running.kill();
    return { code, stdout: running.stdout(), output: running.output() };
  }

  async function deadLetters(): Promise<DeadLetter[]> {
    const records = await readTopicSnapshot(kafka, deployment.deadLetterTopic, { groupId: uniqueName('dlq-e2e-reader'), logger });
    return records.map((record) => readDeadLetterRecord(record.value?.toString('utf8') ?? '', record.headers));
  }

  it('dead-letters a permanently failing post with its reason, and replays it exactly once', async () => {
    const event = criticalEvent(url);
    const eventId = randomBytes(16).toString('hex');
    const record = eventRecordOf(event, eventId);
    const notifier = await deployment.startNotifier();
    await deployment.produce([{ event, eventId }]);

    const [letter] = await waitFor(async () => {
      const letters = await deadLetters();
      return letters.length > 0 ? letters : undefined;
    }, { timeoutMs: 60_000, intervalMs: 500, what: `a dead letter on ${deployment.deadLetterTopic}` }).catch((error: unknown) => {
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n${deployment.outputs()}`);
    });
    expect(letter).toMatchObject({ eventId, alertId: event.id, task: 'provider_health', node: 'alert3', retryable: false, attempts: 1, json: record.value });
    expect(letter?.target.key).toBe('0:post');
    expect(letter?.reason).toMatch(/400/);
    // A 400 is final: one attempt, nothing accepted.
    await deployment.waitUntilCommitted();
    expect(receiver.requests).toBe(1);
    expect(receiver.accepted).toEqual([]);

    const listed = await vigilDlq('list');
    expect(listed.code, listed.output).toBe(0);
    const lines = listed.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ eventId, alertId: event.id, handlerKey: '0:post', kind: 'post', level: 'CRITICAL', retryable: false, attempts: 1 });
    expect(String(lines[0]?.['reason'])).toMatch(/400/);

    // The receiver still refuses: the replayed pair is tried (although the ledger holds it as
    // dead) and dead-lettered again, with a second letter.
    const refused = await vigilDlq('replay');
    expect(refused.code, refused.output).toBe(0);
    expect(JSON.parse(refused.stdout.trim())).toEqual({ eventId, alertId: event.id, handlerKey: '0:post', outcome: 'replayed' });
    await waitFor(async () => (await deadLetters()).length === 2, { timeoutMs: 60_000, intervalMs: 500, what: 'a second dead letter after the failed replay' });
    await deployment.waitUntilCommitted();
    expect(receiver.requests).toBe(2);

    // With no notifier running, two replays both publish (the ledger still says dead; a replay
    // clears nothing, so one that dies half way loses nothing); the notifier delivers once.
    notifier.process.child.kill('SIGTERM');
    expect(await notifier.process.exited).toBe(0);
    receiver.accept();
    for (let run = 0; run < 2; run++) {
      const replayed = await vigilDlq('replay');
      expect(replayed.code, replayed.output).toBe(0);
      // Both letters name the same pair, which goes out once per run.
      expect(JSON.parse(replayed.stdout.trim())).toEqual({ eventId, alertId: event.id, handlerKey: '0:post', outcome: 'replayed' });
    }
    await deployment.startNotifier();
    await waitFor(() => receiver.accepted.length > 0, { timeoutMs: 60_000, intervalMs: 200, what: 'the replayed event at the receiver' });
    await deployment.waitUntilCommitted();
    // Byte for byte what the first attempt carried: Kapacitor's JSON and the encoder's newline.
    expect(receiver.accepted).toEqual([`${record.value}\n`]);
    expect(receiver.requests).toBe(3);

    const again = await vigilDlq('replay');
    expect(again.code, again.output).toBe(0);
    expect(JSON.parse(again.stdout.trim())).toMatchObject({ eventId, handlerKey: '0:post', outcome: 'skipped', why: 'delivered since' });
    await deployment.waitUntilCommitted();
    expect(receiver.accepted).toHaveLength(1);
    expect(receiver.requests).toBe(3);
    // The original record and three replays, nothing more.
    expect(await readTopicSnapshot(kafka, deployment.alertsTopic, { groupId: uniqueName('dlq-e2e-reader'), logger })).toHaveLength(4);
    expect(await deadLetters()).toHaveLength(2);
  }, 300_000);
});

/** A CRITICAL event of the seed task whose only handler posts to `url`. */
function criticalEvent(url: string): AlertEvent {
  return {
    id: 'status_provedor_p1pa',
    message: 'status_provedor_p1pa is CRITICAL',
    details: '',
    time: 1_684_713_070_038_000_000n,
    duration: 0n,
    level: 'CRITICAL',
    previousLevel: 'INFO',
    recoverable: false,
    series: [
      {
        name: 'performance_influx',
        tags: { nome_provedor: 'pa', nome_recurso: 'p1' },
        columns: ['time', 'consecutive_error', 'latencia', 'sucesso'],
        values: [[1_684_713_070_038_000_000n, 2, 251, 0]],
      },
    ],
    task: 'provider_health',
    node: 'alert3',
    topic: '',
    category: '',
    handlers: [{ kind: 'post', args: [url], options: [] }],
  };
}
