import { type AlertEvent, type HandlerInstruction, type Level, Unsigned } from '@vigil/core';
import { encodeJSONString, formatValueV } from '@vigil/go-format';
import type { DeliveryResult, Handler, SendContext } from '../handler';
import { DEFAULT_TIMEOUT_MS, type HandlerConfig } from '../handler-config';
import { HandlerOptionError, checkOptionNames, stringOption } from '../handler-options';
import { postOnce } from '../http-deliver';
import { originOf } from '../allowlist/post-allowlist';
import { goJsonObject } from './go-json-object';
import { checkUrl } from './post.handler';
import { unixSeconds } from './victor-ops.handler';

export const DEFAULT_BIGPANDA_URL = 'https://api.bigpanda.io/data/v2/alerts';

export interface BigPandaTarget {
  readonly url: string;
  readonly token: string;
  readonly appKey: string;
  readonly primaryProperty: string;
  readonly secondaryProperty: string;
  readonly timeoutMs: number;
}

function status(level: Level): string {
  if (level === 'CRITICAL') return 'critical';
  if (level === 'WARNING') return 'warning';
  return 'ok';
}

/**
 * The escapes Go's html/template writes into details, and numeric references, undone as
 * html.UnescapeString does; other named entities stay as written.
 */
export function unescapeHtml(text: string): string {
  const named: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
  return text.replace(/&(#[0-9]+|#[xX][0-9a-fA-F]+|lt|gt|amp|quot|apos);/g, (whole, ref: string) => {
    if (!ref.startsWith('#')) return named[ref] ?? whole;
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
  });
}

/**
 * The body Kapacitor's bigpanda service encodes: a map (keys sorted) with the message as
 * description, the details unless they are the default JSON, the alert id as check,
 * `<task>:<measurement>` as task, Unix seconds, the status, the properties and app key, then the
 * tags and the fields (as `%v` text) of the event's point, which overwrite equal keys; newline.
 */
export function bigPandaBody(event: AlertEvent, target: Pick<BigPandaTarget, 'appKey' | 'primaryProperty' | 'secondaryProperty'>): string {
  const entries = new Map<string, string>();
  if (event.message !== '') entries.set('description', encodeJSONString(event.message));
  const details = unescapeHtml(event.details);
  if (details !== '' && !details.startsWith('{')) entries.set('details', encodeJSONString(details));
  if (event.id !== '') entries.set('check', encodeJSONString(event.id));
  const row = event.series[0];
  entries.set('task', encodeJSONString(`${event.task}:${row?.name ?? ''}`));
  entries.set('timestamp', unixSeconds(event.time).toString());
  entries.set('status', encodeJSONString(status(event.level)));
  if (target.primaryProperty !== '') entries.set('primary_property', encodeJSONString(target.primaryProperty));
  if (target.secondaryProperty !== '') entries.set('secondary_property', encodeJSONString(target.secondaryProperty));
  entries.set('app_key', encodeJSONString(target.appKey));
  for (const [key, value] of Object.entries(row?.tags ?? {})) entries.set(key, encodeJSONString(value));
  const last = row?.values[row.values.length - 1];
  row?.columns.forEach((column, i) => {
    if (column === 'time' || last === undefined) return;
    const cell = last[i];
    if (cell === null || cell === undefined) return;
    entries.set(column, encodeJSONString(formatValueV(cell instanceof Unsigned ? cell.value : cell)));
  });
  return goJsonObject([...entries]) + '\n';
}

export class BigPandaHandler implements Handler {
  readonly kind = 'bigPanda';

  constructor(private readonly target: BigPandaTarget) {}

  send(event: AlertEvent, context: SendContext): Promise<DeliveryResult> {
    return postOnce(
      {
        url: this.target.url,
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${this.target.token}` },
        body: bigPandaBody(event, this.target),
        timeoutMs: this.target.timeoutMs,
        target: 'bigpanda alerts API',
        secrets: [this.target.token],
      },
      context,
    );
  }

  targetOrigin(): string | undefined {
    return originOf(this.target.url);
  }
}

export function buildBigPandaHandler(instruction: HandlerInstruction, config: HandlerConfig): BigPandaHandler {
  checkOptionNames(instruction);
  const settings = config.bigPanda;
  if (!settings || settings.token === '') throw new HandlerOptionError('.bigPanda() needs an API token: configure bigPanda.token');
  // Empty script values fall back to the configuration, as in Kapacitor.
  const appKey = stringOption(instruction, 'appKey') || settings.appKey || '';
  if (appKey === '') throw new HandlerOptionError(".bigPanda() needs an app key: add .appKey('...') or configure bigPanda.appKey");
  const url = settings.url ?? DEFAULT_BIGPANDA_URL;
  checkUrl(url, 'bigPanda');
  return new BigPandaHandler({
    url,
    token: settings.token,
    appKey,
    primaryProperty: stringOption(instruction, 'primaryProperty') ?? '',
    secondaryProperty: stringOption(instruction, 'secondaryProperty') ?? '',
    timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
}
