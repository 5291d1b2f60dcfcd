import type { AlertEvent, HandlerInstruction, Level } from '@vigil/core';
import { type GoTemplate, TemplateError, encodeJSONString, parseTemplate } from '@vigil/go-format';
import { connect } from 'node:net';
import { type DeliveryResult, type Handler, type SendContext, delivered, failed } from '../handler';
import { DEFAULT_TIMEOUT_MS, type HandlerConfig } from '../handler-config';
import { HandlerOptionError, allOptions, checkOptionNames, stringOption } from '../handler-options';
import { networkErrorCode } from '../retry-policy';
import { alertaTemplateData } from './alerta-template-data';
import { goJsonObject } from './go-json-object';
import { portNumber, splitHostPort } from './host-port';

export interface SensuTarget {
  readonly host: string;
  readonly port: number;
  readonly source: GoTemplate;
  readonly defaultSource: string;
  /** Undefined: none given, which Kapacitor's encoder writes as null. */
  readonly handlers: readonly string[] | undefined;
  readonly metadata: readonly (readonly [string, string])[];
  readonly timeoutMs: number;
}

/** Kapacitor's check result name rule: the alert id must be letters, digits, `_`, `.` and `-`. */
const VALID_NAME = /^[0-9A-Za-z_.-]+$/;

function status(level: Level): number {
  if (level === 'CRITICAL') return 2;
  if (level === 'WARNING') return 1;
  return 0;
}

/**
 * The check result Kapacitor's sensu service encodes onto the Sensu 1.x client socket: a map
 * (keys sorted) of handlers, name = alert id, output = message, source (the rendered template,
 * else the configured one), status 0/1/2, plus `.metadata()` entries that do not replace those;
 * newline. Throws TemplateError when the source template fails on the event.
 */
export function sensuBody(event: AlertEvent, target: Pick<SensuTarget, 'source' | 'defaultSource' | 'handlers' | 'metadata'>): string {
  const source = target.source.execute(alertaTemplateData(event));
  const entries = new Map<string, string>([
    ['name', encodeJSONString(event.id)],
    ['source', encodeJSONString(source === '' ? target.defaultSource : source)],
    ['output', encodeJSONString(event.message)],
    ['status', String(status(event.level))],
    ['handlers', target.handlers === undefined ? 'null' : `[${target.handlers.map(encodeJSONString).join(',')}]`],
  ]);
  for (const [key, value] of target.metadata) if (!entries.has(key)) entries.set(key, encodeJSONString(value));
  return goJsonObject([...entries]) + '\n';
}

/** One connection per event: the JSON, then the socket's whole answer, which must be `ok`. */
export class SensuHandler implements Handler {
  readonly kind = 'sensu';

  constructor(private readonly target: SensuTarget) {}

  send(event: AlertEvent, context: SendContext): Promise<DeliveryResult> {
    if (!VALID_NAME.test(event.id)) return Promise.resolve(failed(false, `sensu: invalid name ${JSON.stringify(event.id)} for sensu alert, must match ${VALID_NAME.source}`));
    let body: string;
    try {
      body = sensuBody(event, this.target);
    } catch (error) {
      if (error instanceof TemplateError) return Promise.resolve(failed(false, `sensu: source template failed: ${error.message}`));
      throw error;
    }
    return new Promise((resolve) => {
      let settled = false;
      let answer = '';
      const finish = (result: DeliveryResult): void => {
        if (settled) return;
        settled = true;
        context.signal?.removeEventListener('abort', onAbort);
        resolve(result);
      };
      const socket = connect({ host: this.target.host, port: this.target.port });
      const onAbort = (): void => {
        socket.destroy();
        finish(failed(true, 'sensu send aborted'));
      };
      context.signal?.addEventListener('abort', onAbort, { once: true });
      socket.setTimeout(this.target.timeoutMs, () => {
        socket.destroy();
        finish(failed(true, 'sensu client socket unreachable: timeout'));
      });
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (answer += chunk));
      socket.once('error', (error) => finish(failed(true, `sensu client socket unreachable: ${networkErrorCode(error)}`)));
      socket.once('end', () => {
        socket.destroy();
        finish(answer === 'ok' ? delivered : failed(false, `sensu socket error: ${answer.slice(0, 200)}`));
      });
      socket.once('connect', () => socket.write(body));
    });
  }

  targetOrigin(): string | undefined {
    return `tcp://${this.target.host.includes(':') ? `[${this.target.host}]` : this.target.host}:${this.target.port}`;
  }
}

export function buildSensuHandler(instruction: HandlerInstruction, config: HandlerConfig): SensuHandler {
  checkOptionNames(instruction);
  const settings = config.sensu;
  if (!settings) throw new HandlerOptionError('.sensu() needs the Sensu client socket: configure sensu.addr (host:port)');
  const parts = splitHostPort(settings.addr);
  const port = parts && portNumber(parts.port);
  if (parts === undefined || port === undefined) throw new HandlerOptionError("sensu.addr must be 'host:port', e.g. 'sensu-client:3030'");
  let source: GoTemplate;
  try {
    source = parseTemplate(stringOption(instruction, 'source') ?? '', { name: 'source', html: false });
  } catch (error) {
    if (error instanceof TemplateError) throw new HandlerOptionError(`.sensu().source() does not parse: ${error.message}`);
    throw error;
  }
  const listed = allOptions(instruction, 'handlers').at(-1)?.map(String);
  const handlers = listed !== undefined && listed.length > 0 ? listed : settings.handlers;
  // A later .metadata() of one key replaces the earlier value, as a Go map does.
  const metadata = [...new Map(allOptions(instruction, 'metadata').map(([key, value]) => [String(key), String(value)] as const))];
  return new SensuHandler({
    host: parts.host,
    port,
    source,
    defaultSource: settings.source ?? 'Kapacitor',
    handlers,
    metadata,
    timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
}
