import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IClientOptions, MqttClient } from 'mqtt';
import { type DeliveryResult, delivered, failed } from '../handler';
import type { MqttBrokerConfig } from '../handler-config';
import { redactSecrets } from '../redact';
import { networkErrorCode } from '../retry-policy';

/** One message to one broker, as `.mqtt()` publishes it. */
export interface MqttPublish {
  readonly brokerName: string;
  readonly broker: MqttBrokerConfig;
  readonly topic: string;
  readonly message: string;
  readonly qos: 0 | 1 | 2;
  readonly retained: boolean;
  /** How long the connection and the broker's acknowledgement (QoS 1 and 2) may take. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

/** What the handler publishes through: MqttConnections, or a recording fake in a spec. */
export interface MqttPublisher {
  publish(request: MqttPublish): Promise<DeliveryResult>;
}

/** mqtt.js is loaded with the first message rather than with every handler at start, as nodemailer is. */
let mqttModule: Promise<typeof import('mqtt')> | undefined;
const loadMqtt = (): Promise<typeof import('mqtt')> => (mqttModule ??= import('mqtt'));

/**
 * CONNACK refusals that a retry cannot fix (MQTT 3.1.1 return codes): unacceptable protocol
 * version, client id rejected, bad user name or password, not authorised. 3 (server unavailable)
 * is retried.
 */
const REFUSED_FOR_GOOD = new Set([1, 2, 4, 5]);

/** A broker connection and the last thing that went wrong with it, for the reason of a failed send. */
interface Connection {
  readonly client: MqttClient;
  lastError?: Error;
}

/**
 * The open MQTT connections of a process: one per configured broker, opened at its first message
 * and kept, as Kapacitor's mqtt service keeps one paho client per `[[mqtt]]` section. One shared
 * connection rather than one per handler because a broker disconnects a client when another
 * connects with the same client id. mqtt.js reconnects by itself; a send waits for the connection
 * up to its timeout and fails as retryable, so the notifier's backoff, not a queue inside the
 * client, decides when to try again.
 */
export class MqttConnections implements MqttPublisher {
  private readonly connections = new Map<string, Promise<Connection>>();

  /** `suffix` makes the default client id of each broker unique to this process. */
  constructor(private readonly suffix: string = randomBytes(4).toString('hex')) {}

  async publish(request: MqttPublish): Promise<DeliveryResult> {
    const secrets = secretsOf(request.broker);
    const target = `MQTT broker ${JSON.stringify(request.brokerName)}`;
    try {
      const connection = await this.connectionFor(request.brokerName, request.broker);
      const waited = await connected(connection, request, target);
      if (waited !== undefined) return redacted(waited, secrets);
      return redacted(await publishOnce(connection.client, request, target), secrets);
    } catch (error) {
      // Reading a certificate file failed: the configuration needs fixing, a retry will not help.
      return redacted(failed(false, `${target}: ${error instanceof Error ? error.message : String(error)}`), secrets);
    }
  }

  /**
   * Disconnects every broker, each connected one with a DISCONNECT (so the broker ends the session
   * cleanly and sends no will); for shutdown and tests. Messages still unacknowledged are dropped
   * from the client first: their sends fail as retryable and the next process sends them again.
   */
  async close(): Promise<void> {
    const open = [...this.connections.values()];
    this.connections.clear();
    await Promise.all(open.map(async (pending) => endClient((await pending.catch(() => undefined))?.client)));
  }

  private connectionFor(name: string, broker: MqttBrokerConfig): Promise<Connection> {
    const key = JSON.stringify([name, broker]);
    let pending = this.connections.get(key);
    if (pending === undefined) {
      pending = this.open(name, broker);
      // A failed open (an unreadable certificate) is not kept: the next message tries again.
      pending.catch(() => this.connections.delete(key));
      this.connections.set(key, pending);
    }
    return pending;
  }

  private async open(name: string, broker: MqttBrokerConfig): Promise<Connection> {
    const { connect } = await loadMqtt();
    const options: IClientOptions = {
      clientId: broker.clientId ?? `vigil-${name}-${this.suffix}`,
      // Kapacitor publishes with a clean session: the broker keeps nothing for a client that only publishes.
      clean: true,
      reconnectPeriod: 5_000,
      // A message published while the connection is down fails at once instead of waiting in the
      // client: the notifier retries it, and the ledger records what happened.
      queueQoSZero: false,
      ...(broker.username !== undefined ? { username: broker.username } : {}),
      ...(broker.password !== undefined ? { password: broker.password } : {}),
      ...(broker.sslCa !== undefined ? { ca: readFileSync(broker.sslCa) } : {}),
      ...(broker.sslCert !== undefined ? { cert: readFileSync(broker.sslCert) } : {}),
      ...(broker.sslKey !== undefined ? { key: readFileSync(broker.sslKey) } : {}),
      rejectUnauthorized: true,
    };
    const connection: Connection = { client: connect(mqttUrl(broker.url), options) };
    // Without a listener an 'error' event would end the process; the error is kept for the reason.
    connection.client.on('error', (error) => (connection.lastError = error));
    connection.client.on('connect', () => (connection.lastError = undefined));
    return connection;
  }
}

/** Kapacitor's paho URLs say `tcp://` and `ssl://`; mqtt.js knows them as `mqtt://` and `mqtts://`. */
function mqttUrl(url: string): string {
  if (url.startsWith('tcp://')) return `mqtt://${url.slice('tcp://'.length)}`;
  if (url.startsWith('ssl://') || url.startsWith('tls://')) return `mqtts://${url.slice('ssl://'.length)}`;
  return url;
}

function refusalCode(error: Error | undefined): number | undefined {
  const code = (error as (Error & { code?: unknown }) | undefined)?.code;
  return typeof code === 'number' ? code : undefined;
}

function unreachable(connection: Connection, target: string): DeliveryResult {
  const code = refusalCode(connection.lastError);
  if (code !== undefined) return failed(!REFUSED_FOR_GOOD.has(code), `${target} refused the connection: ${connection.lastError?.message ?? `code ${code}`}`);
  return failed(true, `${target} unreachable: ${connection.lastError === undefined ? 'timeout' : networkErrorCode(connection.lastError)}`);
}

/** Waits until the client is connected; a result when it is not within the timeout. */
function connected(connection: Connection, request: MqttPublish, target: string): Promise<DeliveryResult | undefined> {
  const { client } = connection;
  if (client.connected) return Promise.resolve(undefined);
  // A refusal for good (bad password) needs the operator, not another wait.
  const code = refusalCode(connection.lastError);
  if (code !== undefined && REFUSED_FOR_GOOD.has(code)) return Promise.resolve(unreachable(connection, target));
  return new Promise((resolve) => {
    const finish = (result: DeliveryResult | undefined): void => {
      clearTimeout(timer);
      client.off('connect', onConnect);
      client.off('error', onError);
      request.signal?.removeEventListener('abort', onAbort);
      resolve(result);
    };
    const onConnect = (): void => finish(undefined);
    const onError = (error: Error): void => {
      const refused = refusalCode(error);
      if (refused !== undefined && REFUSED_FOR_GOOD.has(refused)) finish(unreachable(connection, target));
    };
    const onAbort = (): void => finish(failed(true, `${target}: send aborted`));
    const timer = setTimeout(() => finish(unreachable(connection, target)), request.timeoutMs);
    client.on('connect', onConnect);
    client.on('error', onError);
    request.signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** How long a DISCONNECT may take at shutdown before the socket is just closed. */
const DISCONNECT_TIMEOUT_MS = 2_000;

/**
 * Ends a client with a DISCONNECT. mqtt.js sends it only once no message awaits an
 * acknowledgement, so those are removed first; a broker that does not take the DISCONNECT in
 * time gets its socket closed.
 */
async function endClient(client: MqttClient | undefined): Promise<void> {
  if (client === undefined) return;
  for (const id of Object.keys(client.outgoing)) client.removeOutgoingMessage(Number(id));
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), DISCONNECT_TIMEOUT_MS)));
  const ended = await Promise.race([client.endAsync(false).then(() => 'ended' as const, () => 'late' as const), late]);
  clearTimeout(timer);
  if (ended === 'late') await client.endAsync(true).catch(() => undefined);
}

/**
 * One PUBLISH; resolves when it is written (QoS 0) or acknowledged (PUBACK for 1, PUBCOMP for 2).
 * A QoS 1 or 2 message waits in mqtt.js's outgoing store, which sends it again after every
 * reconnect: one that timed out or was aborted is removed from it, since the notifier counts it
 * failed and retries it itself (else the broker could get it twice, once from each).
 */
function publishOnce(client: MqttClient, request: MqttPublish, target: string): Promise<DeliveryResult> {
  return new Promise((resolve) => {
    let settled = false;
    let messageId: number | undefined;
    const finish = (result: DeliveryResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      resolve(result);
    };
    const forget = (): void => {
      if (messageId !== undefined) client.removeOutgoingMessage(messageId);
    };
    const giveUp = (reason: string): void => {
      finish(failed(true, reason));
      forget();
    };
    const onAbort = (): void => giveUp(`${target}: send aborted`);
    const timer = setTimeout(() => giveUp(`${target} did not acknowledge the message: timeout`), request.timeoutMs);
    request.signal?.addEventListener('abort', onAbort, { once: true });
    const acknowledged = (error?: Error | null): void => {
      finish(error === undefined || error === null ? delivered : failed(true, `${target} did not take the message: ${error.message}`));
    };
    // mqtt.js names the message's id nowhere but in its table of unacknowledged messages, under
    // our callback, once it has stored the message (after a reconnect that may be later than now).
    const stored = (): void => {
      messageId = outgoingIdOf(client, acknowledged);
      // Given up before mqtt.js stored it: out of the store now, though it may still go out once.
      if (settled) forget();
    };
    client.publish(request.topic, request.message, { qos: request.qos, retain: request.retained, cbStorePut: stored }, acknowledged);
  });
}

/** The id under which mqtt.js keeps an unacknowledged message, found by its callback. */
function outgoingIdOf(client: MqttClient, callback: (error?: Error | null) => void): number | undefined {
  for (const [id, entry] of Object.entries(client.outgoing)) if (entry.cb === callback) return Number(id);
  return undefined;
}

function secretsOf(broker: MqttBrokerConfig): string[] {
  const secrets = broker.password === undefined ? [] : [broker.password];
  try {
    const password = new URL(broker.url).password;
    if (password !== '') secrets.push(password, decodeURIComponent(password));
  } catch {
    // The schema admits only parseable URLs; nothing to add otherwise.
  }
  return secrets;
}

function redacted(result: DeliveryResult, secrets: readonly string[]): DeliveryResult {
  return result.status === 'failed' ? { ...result, reason: redactSecrets(result.reason, secrets) } : result;
}

/** The process-wide connections every `.mqtt()` handler uses unless given others. */
export const sharedMqttConnections = new MqttConnections();
