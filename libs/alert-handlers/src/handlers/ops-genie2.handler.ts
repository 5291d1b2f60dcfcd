import type { AlertEvent, HandlerInstruction, Level } from '@vigil/core';
import { encodeJSONString } from '@vigil/go-format';
import type { DeliveryResult, Handler, SendContext } from '../handler';
import { DEFAULT_TIMEOUT_MS, type HandlerConfig } from '../handler-config';
import { HandlerOptionError, allOptions, checkOptionNames, stringOption } from '../handler-options';
import { postOnce } from '../http-deliver';
import { originOf } from '../allowlist/post-allowlist';
import { alertResultJson } from './alert-result-json';
import { goJsonObject } from './go-json-object';
import { checkUrl } from './post.handler';

export interface OpsGenie2Target {
  readonly url: string;
  readonly apiKey: string;
  readonly teams: readonly string[];
  readonly recipients: readonly string[];
  readonly recoveryAction: 'close' | 'notes';
  readonly timeoutMs: number;
}

const PRIORITY: Record<Exclude<Level, 'OK'>, string> = { INFO: 'P5', WARNING: 'P3', CRITICAL: 'P1' };

/** Kapacitor's alias: the alert id in URL-safe base64 (with padding), stable per alert. */
export function opsGenieAlias(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

/**
 * The request Kapacitor's opsgenie2 service makes: a new alert (keys sorted as Go encodes a map,
 * plus a newline) for non-OK events, or the recovery action on the alias for OK.
 */
export function opsGenie2Request(event: AlertEvent, target: Pick<OpsGenie2Target, 'url' | 'teams' | 'recipients' | 'recoveryAction'>): { url: string; body: string } {
  const alias = opsGenieAlias(event.id);
  if (event.level === 'OK') {
    const url = new URL(target.url);
    url.pathname = `${url.pathname.replace(/\/+$/, '')}/${alias}/${target.recoveryAction}`;
    url.search = 'identifierType=alias';
    return { url: url.toString(), body: `{"note":${encodeJSONString(event.message)}}\n` };
  }
  const details: [string, string][] = [
    ['Monitoring Tool', encodeJSONString('Kapacitor')],
    ['Level', encodeJSONString(event.level)],
  ];
  const row = event.series[0];
  if (row) {
    for (const [k, v] of Object.entries(row.tags)) details.push([k, encodeJSONString(v)]);
    details.push(['Kapacitor Task Name', encodeJSONString(row.name)]);
  }
  const uniqueDetails = [...new Map(details).entries()];
  const responders = [
    ...target.teams.map((name) => `{"name":${encodeJSONString(name)},"type":"team"}`),
    ...target.recipients.map((name) => `{"type":"user","username":${encodeJSONString(name)}}`),
  ];
  const fields: [string, string][] = [
    ['alias', encodeJSONString(alias)],
    ['description', encodeJSONString(alertResultJson(event))],
    ['details', goJsonObject(uniqueDetails)],
    ['entity', encodeJSONString(event.id)],
    ['message', encodeJSONString(event.message)],
    ['note', '""'],
    ['priority', encodeJSONString(PRIORITY[event.level])],
  ];
  if (responders.length > 0) fields.push(['responders', `[${responders.join(',')}]`]);
  return { url: target.url, body: goJsonObject(fields) + '\n' };
}

export class OpsGenie2Handler implements Handler {
  readonly kind = 'opsGenie2';

  constructor(private readonly target: OpsGenie2Target) {}

  send(event: AlertEvent, context: SendContext): Promise<DeliveryResult> {
    const { url, body } = opsGenie2Request(event, this.target);
    return postOnce(
      {
        url,
        headers: { 'Content-Type': 'application/json', Authorization: `GenieKey ${this.target.apiKey}` },
        body,
        timeoutMs: this.target.timeoutMs,
        target: 'opsGenie2 alerts API',
        secrets: [this.target.apiKey],
      },
      context,
    );
  }

  targetOrigin(): string | undefined {
    return originOf(this.target.url);
  }
}

export function buildOpsGenie2Handler(instruction: HandlerInstruction, config: HandlerConfig): OpsGenie2Handler {
  checkOptionNames(instruction);
  const settings = config.opsGenie2;
  if (!settings || settings.apiKey === '') throw new HandlerOptionError('.opsGenie2() needs an API key: configure opsGenie2.apiKey');
  const url = settings.url ?? 'https://api.opsgenie.com/v2/alerts';
  checkUrl(url, 'opsGenie2');
  const list = (name: string): string[] => allOptions(instruction, name).flatMap((args) => args.map(String));
  const teams = list('teams');
  const recipients = list('recipients');
  // An invalid action falls back to the configured one, then to close, as in Kapacitor.
  const valid = (a: string | undefined): a is 'close' | 'notes' => a === 'close' || a === 'notes';
  const scriptAction = stringOption(instruction, 'recoveryAction');
  const recoveryAction = valid(scriptAction) ? scriptAction : valid(settings.recoveryAction) ? settings.recoveryAction : 'close';
  return new OpsGenie2Handler({
    url,
    apiKey: settings.apiKey,
    teams: teams.length > 0 ? teams : [...(settings.teams ?? [])],
    recipients: recipients.length > 0 ? recipients : [...(settings.recipients ?? [])],
    recoveryAction,
    timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
}
