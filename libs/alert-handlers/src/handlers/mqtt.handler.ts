import type { AlertEvent, HandlerInstruction } from '@vigil/core';
import { type GoTemplate, TemplateError, parseTemplate } from '@vigil/go-format';
import { type DeliveryResult, type Handler, type SendContext, failed } from '../handler';
import { DEFAULT_TIMEOUT_MS, type HandlerConfig, type MqttBrokerConfig, type MqttConfig } from '../handler-config';
import { HandlerOptionError, checkOptionNames, flagOption, lastOption, stringArg, stringOption } from '../handler-options';
import { alertaTemplateData } from './alerta-template-data';
import { type MqttPublisher, sharedMqttConnections } from './mqtt-connections';

export interface MqttTarget {
  readonly brokerName: string;
  readonly broker: MqttBrokerConfig;
  readonly topic: GoTemplate;
  readonly qos: 0 | 1 | 2;
  readonly retained: boolean;
  readonly timeoutMs: number;
}

/**
 * The topic of one event: Kapacitor renders `.mqtt(topic)` as a text/template over the alert data.
 * A topic MQTT forbids for a PUBLISH (empty, or with the wildcards `+` and `#`) is refused here,
 * where the reason can name it, rather than by the broker closing the connection.
 */
export function mqttTopic(event: AlertEvent, topic: GoTemplate): string | DeliveryResult {
  let rendered: string;
  try {
    rendered = topic.execute(alertaTemplateData(event));
  } catch (error) {
    if (error instanceof TemplateError) return failed(false, `mqtt: topic template failed: ${error.message}`);
    throw error;
  }
  if (rendered === '') return failed(false, 'mqtt: missing MQTT topic: the topic template rendered empty');
  if (/[+#\0]/.test(rendered)) return failed(false, `mqtt: topic ${JSON.stringify(rendered)} has a wildcard (+ or #) or NUL, which MQTT forbids in a published topic`);
  return rendered;
}

/**
 * Kapacitor's `.mqtt(topic)`: the event's message (nothing else, as Kapacitor's mqtt service
 * publishes it) to the rendered topic on a configured broker, with the script's QoS and retain
 * flag. Delivered once the broker has it as the QoS promises: written for 0, PUBACK for 1, PUBCOMP
 * for 2.
 */
export class MqttHandler implements Handler {
  readonly kind = 'mqtt';

  constructor(
    private readonly target: MqttTarget,
    private readonly connections: MqttPublisher = sharedMqttConnections,
  ) {}

  send(event: AlertEvent, context: SendContext): Promise<DeliveryResult> {
    const topic = mqttTopic(event, this.target.topic);
    if (typeof topic !== 'string') return Promise.resolve(topic);
    const { brokerName, broker, qos, retained, timeoutMs } = this.target;
    return this.connections.publish({ brokerName, broker, topic, message: event.message, qos, retained, timeoutMs, ...(context.signal ? { signal: context.signal } : {}) });
  }

  targetOrigin(): string | undefined {
    try {
      const url = new URL(this.target.broker.url);
      return `${url.protocol}//${url.host}`;
    } catch {
      return undefined;
    }
  }
}

/** The broker a handler publishes to: `.brokerName()`, else mqtt.defaultBroker, else the only one. */
function brokerOf(name: string | undefined, settings: MqttConfig): { name: string; broker: MqttBrokerConfig } {
  const names = Object.keys(settings.brokers);
  const chosen = name ?? settings.defaultBroker ?? (names.length === 1 ? names[0] : undefined);
  if (chosen === undefined) throw new HandlerOptionError(`.mqtt() names no broker and mqtt.brokers has ${names.length}: add .brokerName('${names[0] ?? 'name'}') or configure mqtt.defaultBroker`);
  const broker = settings.brokers[chosen];
  if (broker === undefined) throw new HandlerOptionError(`unknown MQTT broker ${JSON.stringify(chosen)}: configure mqtt.brokers.${chosen}.url, or use one of: ${names.join(', ')}`);
  return { name: chosen, broker };
}

function qosOf(instruction: HandlerInstruction): 0 | 1 | 2 {
  const value = lastOption(instruction, 'qos')?.[0] ?? 0;
  if (value === 0 || value === 1 || value === 2) return value;
  throw new HandlerOptionError(`.mqtt().qos() takes 0, 1 or 2, not ${String(value)}`);
}

export function buildMqttHandler(instruction: HandlerInstruction, config: HandlerConfig, connections?: MqttPublisher): MqttHandler {
  checkOptionNames(instruction);
  const settings = config.mqtt;
  if (!settings) throw new HandlerOptionError('.mqtt() needs a broker: configure mqtt.brokers.<name>.url');
  const source = stringArg(instruction, 0, 'its topic') ?? '';
  if (source === '') throw new HandlerOptionError(".mqtt() needs a topic, e.g. .mqtt('alerts/cpu')");
  let topic: GoTemplate;
  try {
    topic = parseTemplate(source, { name: 'topic', html: false });
  } catch (error) {
    if (error instanceof TemplateError) throw new HandlerOptionError(`.mqtt() topic does not parse: ${error.message}`);
    throw error;
  }
  // An empty .brokerName('') means the default broker, as in Kapacitor.
  const { name, broker } = brokerOf(stringOption(instruction, 'brokerName') || undefined, settings);
  const target: MqttTarget = { brokerName: name, broker, topic, qos: qosOf(instruction), retained: flagOption(instruction, 'retained'), timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS };
  return new MqttHandler(target, connections);
}
