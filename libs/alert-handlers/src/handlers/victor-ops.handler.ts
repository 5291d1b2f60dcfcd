import type { AlertEvent, HandlerInstruction } from '@vigil/core';
import { encodeJSONString } from '@vigil/go-format';
import type { DeliveryResult, Handler, SendContext } from '../handler';
import { DEFAULT_TIMEOUT_MS, type HandlerConfig } from '../handler-config';
import { HandlerOptionError, checkOptionNames, stringOption } from '../handler-options';
import { postOnce } from '../http-deliver';
import { originOf } from '../allowlist/post-allowlist';
import { alertResultJson } from './alert-result-json';
import { goJsonObject } from './go-json-object';
import { checkUrl } from './post.handler';

export const DEFAULT_VICTOROPS_URL = 'https://alert.victorops.com/integrations/generic/20131114/alert';

export interface VictorOpsTarget {
  /** The REST endpoint with the API key and routing key in its path: a secret. */
  readonly url: string;
  readonly apiKey: string;
  readonly jsonData: boolean;
  readonly timeoutMs: number;
}

/** The message type Kapacitor's VictorOps and OpsGenie (v1) services send: RECOVERY for OK, else the level. */
export function recoveryOrLevel(level: AlertEvent['level']): string {
  return level === 'OK' ? 'RECOVERY' : level;
}

/** Seconds since the epoch, rounded down as Go's Time.Unix() does (also before 1970). */
export function unixSeconds(ns: bigint): bigint {
  const seconds = ns / 1_000_000_000n;
  return ns < 0n && seconds * 1_000_000_000n !== ns ? seconds - 1n : seconds;
}

/**
 * The body Kapacitor's victorops service encodes: a map (keys sorted) with RECOVERY for OK and
 * the level otherwise, the alert id as entity, the message, the time in Unix seconds, and the
 * event's data: a JSON string of it, or the object itself when the configuration sets jsonData.
 */
export function victorOpsBody(event: AlertEvent, jsonData: boolean): string {
  const data = alertResultJson(event);
  return (
    goJsonObject([
      ['message_type', encodeJSONString(recoveryOrLevel(event.level))],
      ['entity_id', encodeJSONString(event.id)],
      ['state_message', encodeJSONString(event.message)],
      ['timestamp', unixSeconds(event.time).toString()],
      ['monitoring_tool', '"kapacitor"'],
      ['data', jsonData ? data : encodeJSONString(data)],
    ]) + '\n'
  );
}

/** `<url path>/<api key>/<routing key>`, joined and cleaned as Go's path.Join does (empty parts dropped). */
export function victorOpsUrl(base: string, apiKey: string, routingKey: string): string {
  const url = new URL(base);
  const joined = [url.pathname, apiKey, routingKey].filter((part) => part !== '').join('/');
  url.pathname = joined.replace(/\/{2,}/g, '/').replace(/(.)\/$/, '$1');
  return url.toString();
}

export class VictorOpsHandler implements Handler {
  readonly kind = 'victorOps';

  constructor(private readonly target: VictorOpsTarget) {}

  send(event: AlertEvent, context: SendContext): Promise<DeliveryResult> {
    return postOnce(
      {
        url: this.target.url,
        headers: { 'Content-Type': 'application/json' },
        body: victorOpsBody(event, this.target.jsonData),
        timeoutMs: this.target.timeoutMs,
        target: 'victorops REST endpoint',
        secrets: [this.target.url, this.target.apiKey],
      },
      context,
    );
  }

  targetOrigin(): string | undefined {
    return originOf(this.target.url);
  }
}

export function buildVictorOpsHandler(instruction: HandlerInstruction, config: HandlerConfig): VictorOpsHandler {
  checkOptionNames(instruction);
  const settings = config.victorOps;
  if (!settings || settings.apiKey === '') throw new HandlerOptionError('.victorOps() needs an API key: configure victorOps.apiKey');
  const base = settings.url ?? DEFAULT_VICTOROPS_URL;
  checkUrl(base, 'victorOps');
  // An empty script value falls back to the configuration, as in Kapacitor.
  const routingKey = stringOption(instruction, 'routingKey') || settings.routingKey || '';
  return new VictorOpsHandler({
    url: victorOpsUrl(base, settings.apiKey, routingKey),
    apiKey: settings.apiKey,
    jsonData: settings.jsonData ?? false,
    timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
}
