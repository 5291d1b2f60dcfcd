import type { AlertEvent, HandlerInstruction } from '@vigil/core';
import { encodeJSONString } from '@vigil/go-format';
import type { DeliveryResult, Handler, SendContext } from '../handler';
import { DEFAULT_TIMEOUT_MS, type HandlerConfig } from '../handler-config';
import { HandlerOptionError, allOptions, checkOptionNames } from '../handler-options';
import { postOnce } from '../http-deliver';
import { originOf } from '../allowlist/post-allowlist';
import { alertResultJson } from './alert-result-json';
import { goJsonObject } from './go-json-object';
import { checkUrl } from './post.handler';
import { recoveryOrLevel } from './victor-ops.handler';

export const DEFAULT_OPSGENIE_URL = 'https://api.opsgenie.com/v1/json/alert';
export const DEFAULT_OPSGENIE_RECOVERY_URL = 'https://api.opsgenie.com/v1/json/alert/note';

export interface OpsGenieTarget {
  readonly apiKey: string;
  readonly url: string;
  readonly recoveryUrl: string;
  readonly teams: readonly string[];
  readonly recipients: readonly string[];
  readonly timeoutMs: number;
}

const stringList = (list: readonly string[]): string => `[${list.map(encodeJSONString).join(',')}]`;

/**
 * The v1 body Kapacitor's opsgenie service encodes: a map (keys sorted) with the API key, the
 * alert id as entity and alias, the message, the level (RECOVERY for OK) in details, the event's
 * data as a JSON string in description, the message again as note on recovery, and teams and
 * recipients only when there are some; newline.
 */
export function opsGenieBody(event: AlertEvent, target: Pick<OpsGenieTarget, 'apiKey' | 'teams' | 'recipients'>): string {
  const messageType = recoveryOrLevel(event.level);
  const entries: [string, string][] = [
    ['apiKey', encodeJSONString(target.apiKey)],
    ['entity', encodeJSONString(event.id)],
    ['alias', encodeJSONString(event.id)],
    ['message', encodeJSONString(event.message)],
    ['note', encodeJSONString(messageType === 'RECOVERY' ? event.message : '')],
    ['monitoring_tool', '"kapacitor"'],
    ['details', goJsonObject([['Level', encodeJSONString(messageType)], ['Monitoring Tool', '"Kapacitor"']])],
    ['description', encodeJSONString(alertResultJson(event))],
  ];
  if (target.teams.length > 0) entries.push(['teams', stringList(target.teams)]);
  if (target.recipients.length > 0) entries.push(['recipients', stringList(target.recipients)]);
  return goJsonObject(entries) + '\n';
}

export class OpsGenieHandler implements Handler {
  readonly kind = 'opsGenie';

  constructor(private readonly target: OpsGenieTarget) {}

  send(event: AlertEvent, context: SendContext): Promise<DeliveryResult> {
    // Kapacitor posts a recovery to the note URL, both with a trailing slash.
    const url = `${event.level === 'OK' ? this.target.recoveryUrl : this.target.url}/`;
    return postOnce(
      { url, headers: { 'Content-Type': 'application/json' }, body: opsGenieBody(event, this.target), timeoutMs: this.target.timeoutMs, target: 'opsgenie v1 API', secrets: [this.target.apiKey] },
      context,
    );
  }

  targetOrigin(event: AlertEvent): string | undefined {
    return originOf(event.level === 'OK' ? this.target.recoveryUrl : this.target.url);
  }
}

/** `.teams('a', 'b')`: the last call's list; empty falls back to the configuration, as in Kapacitor. */
function listOption(instruction: HandlerInstruction, name: string, configured: readonly string[] | undefined): readonly string[] {
  const list = (allOptions(instruction, name).at(-1) ?? []).map(String);
  return list.length > 0 ? list : (configured ?? []);
}

export function buildOpsGenieHandler(instruction: HandlerInstruction, config: HandlerConfig): OpsGenieHandler {
  checkOptionNames(instruction);
  const settings = config.opsGenie;
  if (!settings || settings.apiKey === '') throw new HandlerOptionError('.opsGenie() needs an API key: configure opsGenie.apiKey (or use .opsGenie2() with opsGenie2.apiKey)');
  const url = settings.url ?? DEFAULT_OPSGENIE_URL;
  const recoveryUrl = settings.recoveryUrl ?? DEFAULT_OPSGENIE_RECOVERY_URL;
  checkUrl(url, 'opsGenie');
  checkUrl(recoveryUrl, 'opsGenie');
  return new OpsGenieHandler({
    apiKey: settings.apiKey,
    url,
    recoveryUrl,
    teams: listOption(instruction, 'teams', settings.teams),
    recipients: listOption(instruction, 'recipients', settings.recipients),
    timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
}
